// « Rattacher mon certificat »: the holder confirms that a certificate the syndicat handed over is theirs.
// Reached at the first sign-in with it (no session yet: the presented certificate is the claim, and on
// confirmation the session opens), or from an open session (the requests addressed to this person).
// Public on purpose: without a session only the presented certificate's own request is ever shown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from '../../../../auth/http/cookies.ts';
import { frDate, frDateTime, postForm, sendPage } from '../../../../auth/http/pages.ts';
import { signInWithCertificate } from '../../../../auth/sessions/sign-in-with-certificate.ts';
import {
  type Claimant,
  confirmLink,
  findRequestToLink,
  listRequestsToLinkFor,
  refuseLink,
} from '../../../../certification/linking/link-certificate.ts';
import { type CertificateRequest, holderNameIn } from '../../../../certification/request-store.ts';
import { isAppError } from '../../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { FORM_STYLE } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';

const URL = '/mes-certificats/rattacher';
const PUBLIC = { access: 'public' } as const;

export function registerLinkingPages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const c = deps.certification;

  /** Who is asking: the signed-in person, else the valid certificate the browser presents. */
  function claimantOf(req: FastifyRequest): Claimant | null {
    const p = req.auth.principal;
    if (p?.user && p.via === 'session') return { kind: 'person', principal: p };
    const v = req.auth.verdict;
    if (v?.info && v.canSignIn) return { kind: 'certificate', fingerprint: v.info.fingerprint };
    return null;
  }

  async function pendingFor(claimant: Claimant | null): Promise<CertificateRequest[]> {
    if (!claimant) return [];
    if (claimant.kind === 'person') return listRequestsToLinkFor(c.db, claimant.principal);
    const r = await findRequestToLink(c.db, claimant.fingerprint);
    return r ? [r] : [];
  }

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    v: { notice?: string; error?: string; status?: number } = {},
  ) {
    const claimant = claimantOf(req);
    const pending = await pendingFor(claimant);
    const card = (
      r: CertificateRequest,
    ): SafeHtml => html`<section class="etat" aria-labelledby="cert-${r.id}">
<h2 id="cert-${r.id}">Certificat de ${r.holder.name}</h2>
<p>Ce certificat vous a été remis par le syndicat le ${r.handedOverAt ? frDateTime(r.handedOverAt) : '—'} pour ${r.collectiviteName} (${r.holder.function}) : confirmez-vous qu’il est le vôtre ?</p>
<dl class="resume"><dt>Inscrit au nom de</dt><dd>${holderNameIn(r.certificate?.subject ?? '')}</dd>
<dt>Délivré par</dt><dd>${r.authorityName}</dd><dt>Valable jusqu’au</dt><dd>${r.certificate ? frDate(r.certificate.notAfter) : ''}</dd></dl>
${postForm(
  req,
  reply,
  deps,
  URL,
  html`<input type="hidden" name="demande" value="${r.id}">
<div class="actions"><button type="submit" name="reponse" value="oui">Oui, c’est mon certificat : le rattacher à mon compte</button>
<button type="submit" name="reponse" value="non" class="secondary">Non, ce n’est pas le mien</button></div>`,
)}</section>`;
    const body = html`${FORM_STYLE}<h1>Rattacher mon certificat</h1>
${v.notice ? html`<p class="success" role="status">${v.notice}</p>` : ''}
${v.error ? html`<p class="note" role="alert">${v.error}</p>` : ''}
${
  pending.length
    ? pending.map(card)
    : claimant
      ? html`<p>Aucun certificat remis par le syndicat n’attend votre confirmation.</p>`
      : html`<p>Pour rattacher le certificat que le syndicat vous a remis, branchez votre support, puis <a href="/connexion">connectez-vous avec ce certificat</a>.</p>`
}
<p><a href="${claimant?.kind === 'person' ? '/tableau-de-bord' : '/connexion'}">${claimant?.kind === 'person' ? 'Revenir au tableau de bord' : 'Page de connexion'}</a></p>`;
    return sendPage(req, reply, deps, {
      title: 'Rattacher mon certificat',
      body,
      status: v.status,
      noStore: true,
    });
  }

  app.get(URL, { config: PUBLIC }, (req, reply) => render(req, reply));

  app.post(URL, { config: PUBLIC }, async (req, reply) => {
    const body = (req.body ?? {}) as { demande?: unknown; reponse?: unknown };
    const requestId = typeof body.demande === 'string' ? body.demande : '';
    const claimant = claimantOf(req);
    if (!claimant)
      return render(req, reply, {
        status: 401,
        error: 'Connectez-vous, ou présentez le certificat remis par le syndicat, pour le rattacher.',
      });
    const ctx = { ip: req.auth.ip, httpRequestId: req.id };
    try {
      if (body.reponse !== 'oui') {
        await refuseLink(c, claimant, requestId, ctx);
        return render(req, reply, {
          notice:
            'C’est noté : ce certificat n’est rattaché à aucun compte. Le syndicat en est informé et reprendra contact avec le titulaire.',
        });
      }
      await confirmLink(c, claimant, requestId, ctx);
      if (claimant.kind === 'certificate') {
        // The holder proved they hold the key: open their session now, as a sign-in would.
        const signed = await signInWithCertificate(
          { db: c.db, clock: c.clock },
          { verdict: req.auth.verdict, ip: req.auth.ip, requestId: req.id },
        );
        if (signed.ok) {
          setSessionCookie(reply, signed.token, deps.secureCookies);
          return reply.redirect('/tableau-de-bord', 303);
        }
        return render(req, reply, {
          notice: 'Le certificat est rattaché à votre compte.',
          error: signed.message,
        });
      }
      return render(req, reply, {
        notice: 'Le certificat est rattaché à votre compte : vous pouvez désormais vous connecter avec lui.',
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      return render(req, reply, { status: e.status, error: e.message });
    }
  });
}
