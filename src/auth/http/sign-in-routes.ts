// Sign-in and sign-out pages: the certificate the browser presents, what to do when there is none or
// it is refused, the choice between holders of a shared certificate, and (demo mode only) a clearly
// marked sign-in without certificate.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findRequestToLink } from '../../certification/linking/link-certificate.ts';
import { html, type SafeHtml } from '../../http/ui/html.ts';
import { unsafeListAllUsers } from '../../tenants/user-store.ts';
import { findHoldersOfCertificate } from '../accounts/certificate-store.ts';
import { formatFingerprint } from '../certificates/certificate-info.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import { endSession } from '../sessions/session-store.ts';
import { signInDemo } from '../sessions/sign-in-demo.ts';
import { signInWithCertificate } from '../sessions/sign-in-with-certificate.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import type { AuthHttpDeps } from './install-auth.ts';
import { frDate, postForm, safeNext, sendPage } from './pages.ts';

const NO_CERTIFICATE = html`<p>Votre navigateur n’a présenté <strong>aucun certificat</strong>. Pour vous connecter :</p>
<ol>
<li>branchez votre clé ou carte à puce (certificat RGS) et vérifiez que son logiciel est installé ;</li>
<li>fermez <strong>toutes</strong> les fenêtres du navigateur, rouvrez-le et revenez sur cette page ;</li>
<li>quand le navigateur propose une liste de certificats, choisissez celui de votre nom délivré pour l’authentification.</li>
</ol>
<p>Vous n’avez pas encore de certificat ? Le syndicat vous accompagne pour l’obtenir. <a href="/certificat">Tester un certificat</a></p>`;

async function renderSignIn(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthHttpDeps,
  opts: { error?: string; status?: number } = {},
): Promise<FastifyReply> {
  const q = req.query as { suite?: string; deconnecte?: string };
  const body = req.body as { suite?: string } | undefined;
  const next = safeNext(body?.suite ?? q.suite);
  const hiddenNext = html`<input type="hidden" name="suite" value="${next}">`;
  const { principal, verdict, sessionEnded } = req.auth;
  const parts: SafeHtml[] = [html`<h1>Connexion</h1>`];
  if (opts.error) parts.push(html`<p class="note" role="alert">${opts.error}</p>`);
  if (sessionEnded) parts.push(html`<p class="note" role="status">${sessionEnded}</p>`);
  if (q.deconnecte) parts.push(html`<p class="note" role="status">Vous êtes déconnecté(e).</p>`);
  if (principal?.user)
    parts.push(
      html`<p>Vous êtes connecté(e) en tant que <strong>${principal.user.name}</strong>. <a href="${next}">Continuer</a></p>`,
    );

  parts.push(html`<h2>Avec votre certificat</h2>`);
  if (!verdict?.info) parts.push(NO_CERTIFICATE);
  else if (!verdict.canSignIn)
    parts.push(html`<p>Votre navigateur présente le certificat <strong>${verdict.info.subject}</strong>.</p>
<p class="ko" role="alert">Il est refusé : ${verdict.refusal?.message}</p>`);
  else {
    const holders = await findHoldersOfCertificate(deps.db, verdict.info.fingerprint);
    const level = verdict.canTransmit
      ? 'connexion et télétransmission'
      : 'connexion seulement (liste étendue)';
    parts.push(
      html`<p>Certificat présenté : <strong>${verdict.info.subject}</strong>, valable jusqu’au ${frDate(verdict.info.notAfter)} — accepté pour : ${level}.</p>`,
    );
    if (holders.length === 0 && (await findRequestToLink(deps.db, verdict.info.fingerprint)))
      parts.push(
        html`<p>Ce certificat vous a été remis par le syndicat : <a href="/mes-certificats/rattacher">confirmez qu’il est le vôtre</a> pour vous connecter.</p>`,
      );
    else if (holders.length === 0)
      parts.push(html`<p class="ko">Ce certificat n’est rattaché à aucun compte. Transmettez son empreinte à l’administrateur de votre collectivité ou au syndicat :</p>
<p><code>${formatFingerprint(verdict.info.fingerprint)}</code></p>`);
    else if (holders.length === 1)
      parts.push(
        postForm(
          req,
          reply,
          deps,
          '/connexion/certificat',
          html`${hiddenNext}<button type="submit">Se connecter en tant que ${holders[0]!.name}</button>`,
        ),
      );
    else
      parts.push(
        postForm(
          req,
          reply,
          deps,
          '/connexion/mot-de-passe',
          html`${hiddenNext}
<p>Ce certificat est partagé par plusieurs personnes (${holders.map((h) => h.name).join(', ')}) : indiquez qui vous êtes.</p>
<label>Adresse électronique <input type="email" name="email" required autocomplete="username"></label>
<label>Mot de passe <input type="password" name="mot_de_passe" required autocomplete="current-password"></label>
<p><button type="submit">Se connecter</button></p>`,
        ),
      );
  }

  if (deps.mode === 'demo') {
    const people = await unsafeListAllUsers(deps.db);
    parts.push(html`<section class="demo" aria-labelledby="demo-titre"><h2 id="demo-titre">Démonstration : connexion sans certificat</h2>
<p>Cette connexion n’existe qu’en mode démonstration, pour essayer Relais. En production, seul le certificat permet d’entrer.</p>
${postForm(
  req,
  reply,
  deps,
  '/connexion/demo',
  html`${hiddenNext}<label>Personne de démonstration
<select name="utilisateur" required>${people.map((p) => html`<option value="${p.id}">${p.name} — ${p.function ?? ''}${p.isOperatorAdmin ? ' (administrateur du syndicat)' : ''}</option>`)}</select></label>
<p><button type="submit">Se connecter (démonstration)</button></p>`,
)}</section>`);
  }
  return sendPage(req, reply, deps, { title: 'Connexion', body: html`${parts}`, status: opts.status });
}

export function registerSignInRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/connexion', { config: { access: 'public' } }, (req, reply) => renderSignIn(req, reply, deps));

  const finish = (req: FastifyRequest, reply: FastifyReply, token: string) => {
    setSessionCookie(reply, token, deps.secureCookies);
    return reply.redirect(safeNext((req.body as { suite?: string })?.suite), 303);
  };
  const where = (req: FastifyRequest) => ({ ip: req.auth.ip, requestId: req.id });

  app.post('/connexion/certificat', { config: { access: 'public' } }, async (req, reply) => {
    const r = await signInWithCertificate(deps, { verdict: req.auth.verdict, ...where(req) });
    if (r.ok) return finish(req, reply, r.token);
    if (r.code === 'to-link') return reply.redirect('/mes-certificats/rattacher', 303);
    return renderSignIn(req, reply, deps, { error: r.message, status: r.code === 'choose' ? 400 : 403 });
  });

  app.post('/connexion/mot-de-passe', { config: { access: 'public' } }, async (req, reply) => {
    const body = (req.body ?? {}) as { email?: unknown; mot_de_passe?: unknown };
    const email = typeof body.email === 'string' ? body.email.slice(0, 200) : '';
    const password = typeof body.mot_de_passe === 'string' ? body.mot_de_passe.slice(0, 200) : '';
    const r = await signInWithCertificate(deps, {
      verdict: req.auth.verdict,
      email,
      password,
      ...where(req),
    });
    if (r.ok) return finish(req, reply, r.token);
    return renderSignIn(req, reply, deps, { error: r.message, status: r.code === 'locked' ? 429 : 403 });
  });

  app.post('/connexion/demo', { config: { access: 'public' } }, async (req, reply) => {
    const userId = (req.body as { utilisateur?: unknown })?.utilisateur;
    const r = await signInDemo(deps, { userId: typeof userId === 'string' ? userId : '', ...where(req) });
    return finish(req, reply, r.token);
  });

  // Public on purpose: signing out must work even when the session has already ended.
  app.post('/deconnexion', { config: { access: 'public' } }, async (req, reply) => {
    const p = req.auth.principal;
    if (p?.sessionId) {
      const now = deps.clock.now();
      await endSession(deps.db, p.sessionId, 'signout', now);
      await recordSecurityEvent(deps.db, {
        kind: 'signout',
        at: now,
        userId: p.user?.id ?? null,
        ...where(req),
      });
    }
    clearSessionCookie(reply);
    return reply.redirect('/connexion?deconnecte=1', 303);
  });
}
