// The certificates of one collectivité's people (its admins): attach a first or renewed certificate,
// detach one, give a password to the holders of a shared certificate.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../http/ui/html.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { getUser, listUsersOfCollectivite } from '../../tenants/user-store.ts';
import { attachCertificate } from '../accounts/attach-certificate.ts';
import { canManageCredentials } from '../accounts/can-manage-credentials.ts';
import { listCertificatesOfCollectivite } from '../accounts/certificate-store.ts';
import { detachCertificate } from '../accounts/detach-certificate.ts';
import { setPassword } from '../accounts/set-password.ts';
import { formatFingerprint, parseCertificate } from '../certificates/certificate-info.ts';
import { isUuid } from '../policy.ts';
import { type AuthHttpDeps, principalOf, scopedCollectivite } from './install-auth.ts';
import { frDate, postForm, sendPage } from './pages.ts';

const ADMIN = { permission: 'collectivite.admin', collectiviteParam: 'id' } as const;
const DAY = 86_400_000;

async function renderCertificates(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthHttpDeps,
  extra: { message?: SafeHtml; status?: number; noStore?: boolean } = {},
): Promise<FastifyReply> {
  const id = scopedCollectivite(req);
  const p = principalOf(req);
  const c = await getCollectivite(deps.db, id);
  if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const people = await listUsersOfCollectivite(deps.db, id);
  const certs = await listCertificatesOfCollectivite(deps.db, id);
  const now = deps.clock.now().getTime();
  const manageable = people.filter((u) => canManageCredentials(p, u));
  const rows = people.map((u) => {
    const own = certs.filter((x) => x.userId === u.id);
    const may = canManageCredentials(p, u);
    const list = own.length
      ? own.map((x) => {
          const days = Math.floor((x.notAfter.getTime() - now) / DAY);
          const state =
            days < 0
              ? html`<span class="ko">expiré</span>`
              : days <= 90
                ? html`<span class="ko">expire dans ${days} jour(s)</span>`
                : html`<span class="ok">valable</span>`;
          return html`<div>${x.subject}<br><small>Émis par ${x.issuer} · jusqu’au ${frDate(x.notAfter)} (${state}) · empreinte <code>${formatFingerprint(x.fingerprint)}</code></small>
${may ? postForm(req, reply, deps, `/collectivites/${id}/certificats/${x.id}/retirer`, html`<button type="submit">Détacher</button>`, 'inline') : ''}</div>`;
        })
      : html`<em>aucun certificat</em>`;
    const pw = may
      ? postForm(
          req,
          reply,
          deps,
          `/collectivites/${id}/utilisateurs/${u.id}/mot-de-passe`,
          html`<button type="submit">Nouveau mot de passe</button>`,
          'inline',
        )
      : html`<small>géré par le syndicat (cette personne travaille aussi pour une autre collectivité)</small>`;
    return html`<tr><td>${u.name}<br><small>${u.email}</small></td><td>${list}</td><td>${pw}</td></tr>`;
  });
  const form = manageable.length
    ? postForm(
        req,
        reply,
        deps,
        `/collectivites/${id}/certificats`,
        html`
<label>Personne <select name="utilisateur" required>${manageable.map((u) => html`<option value="${u.id}">${u.name}</option>`)}</select></label>
<label>Certificat (format PEM, texte commençant par « -----BEGIN CERTIFICATE----- »)
<textarea name="certificat" rows="8" cols="70" required></textarea></label>
<p><button type="submit">Rattacher le certificat</button></p>`,
      )
    : html`<p>Les personnes de cette collectivité travaillent aussi ailleurs : leurs certificats sont gérés par le syndicat.</p>`;
  const body = html`<h1>Certificats — ${c.name}</h1>
${extra.message ?? ''}
<p>Un certificat rattaché permet à la personne de se connecter. Lors d’un renouvellement, rattachez le nouveau certificat à la même personne : elle garde son historique. Un certificat partagé par plusieurs personnes leur demande ensuite leur mot de passe.</p>
<table><thead><tr><th>Personne</th><th>Certificats</th><th>Mot de passe (certificat partagé)</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Rattacher un certificat</h2>${form}
<p><a href="/mes-collectivites">Mes collectivités</a></p>`;
  return sendPage(req, reply, deps, {
    title: `Certificats — ${c.name}`,
    body,
    status: extra.status,
    noStore: extra.noStore,
  });
}

export function registerCertificateAdminRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  const where = (req: FastifyRequest) => ({ ip: req.auth.ip, requestId: req.id });
  const memberOrNotFound = async (collectiviteId: string, userId: unknown) => {
    const user = isUuid(userId) ? await getUser(deps.db, userId) : null;
    if (!user?.memberships.some((m) => m.collectiviteId === collectiviteId))
      throw new AppError('NOT_FOUND', 'Personne introuvable dans cette collectivité.');
    return user;
  };

  app.get('/collectivites/:id/certificats', { config: { access: ADMIN } }, (req, reply) =>
    renderCertificates(req, reply, deps),
  );

  app.post('/collectivites/:id/certificats', { config: { access: ADMIN } }, async (req, reply) => {
    const id = scopedCollectivite(req);
    const body = (req.body ?? {}) as { utilisateur?: unknown; certificat?: unknown };
    const user = await memberOrNotFound(id, body.utilisateur);
    const pem = typeof body.certificat === 'string' ? body.certificat.slice(0, 20_000) : '';
    try {
      const r = await attachCertificate(deps, {
        actor: principalOf(req),
        userId: user.id,
        certificate: pem,
        collectiviteId: id,
        ...where(req),
      });
      const info = parseCertificate(pem)!;
      const verdict = deps.trust.check(info.der);
      const message = html`<div class="note" role="status"><p>${r.created ? 'Certificat rattaché' : 'Ce certificat était déjà rattaché'} à ${user.name}.</p>
${verdict.canSignIn ? '' : html`<p class="ko">Attention : la plateforme ne l’accepte pas aujourd’hui. ${verdict.refusal?.message}</p>`}</div>`;
      return renderCertificates(req, reply, deps, { message, status: r.created ? 201 : 200 });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
      return renderCertificates(req, reply, deps, {
        message: html`<p class="note" role="alert">${e.message}</p>`,
        status: 422,
      });
    }
  });

  app.post(
    '/collectivites/:id/certificats/:certId/retirer',
    { config: { access: ADMIN } },
    async (req, reply) => {
      const id = scopedCollectivite(req);
      const { certId } = req.params as { certId: string };
      if (!isUuid(certId)) throw new AppError('NOT_FOUND', 'Certificat introuvable.');
      await detachCertificate(deps, {
        actor: principalOf(req),
        certificateId: certId,
        collectiviteId: id,
        ...where(req),
      });
      return reply.redirect(`/collectivites/${id}/certificats`, 303);
    },
  );

  app.post(
    '/collectivites/:id/utilisateurs/:userId/mot-de-passe',
    { config: { access: ADMIN } },
    async (req, reply) => {
      const id = scopedCollectivite(req);
      const user = await memberOrNotFound(id, (req.params as { userId: string }).userId);
      const { password } = await setPassword(deps, {
        actor: principalOf(req),
        userId: user.id,
        ...where(req),
      });
      const message = html`<div class="note" role="status"><p>Nouveau mot de passe de ${user.name}. <strong>Transmettez-le-lui maintenant</strong> : il ne sera plus affiché.</p>
<p class="secret">${password}</p></div>`;
      return renderCertificates(req, reply, deps, { message, noStore: true });
    },
  );
}
