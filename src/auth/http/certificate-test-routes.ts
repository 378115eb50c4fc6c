// "Tester mon certificat": whether the certificate the browser presents — or one pasted in — is
// accepted, for what (sign in / transmit), and if not, why and what to do. Open to everyone.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../http/ui/html.ts';
import { formatFingerprint, parseCertificate } from '../certificates/certificate-info.ts';
import type { CertificateVerdict } from '../certificates/check-certificate.ts';
import { TRUST_LIST_LABELS } from '../certificates/trust-store.ts';
import type { AuthHttpDeps } from './install-auth.ts';
import { frDate, postForm, sendPage } from './pages.ts';

export function verdictHtml(v: CertificateVerdict): SafeHtml {
  if (!v.info) return html`<p class="ko" role="alert">${v.refusal?.message}</p>`;
  const yes = html`<span class="ok">oui</span>`;
  return html`<table><tbody>
<tr><th>Titulaire</th><td>${v.info.subject}</td></tr>
<tr><th>Émis par</th><td>${v.info.issuer}${v.issuer ? html` — ${TRUST_LIST_LABELS[v.issuer.list]}` : ''}</td></tr>
<tr><th>Valable</th><td>du ${frDate(v.info.notBefore)} au ${frDate(v.info.notAfter)}</td></tr>
<tr><th>Empreinte SHA-256</th><td><code>${formatFingerprint(v.info.fingerprint)}</code></td></tr>
<tr><th>Se connecter</th><td>${v.canSignIn ? yes : html`<span class="ko">non</span> — ${v.refusal?.message}`}</td></tr>
<tr><th>Télétransmettre</th><td>${v.canTransmit ? yes : html`<span class="ko">non</span>${v.transmitRefusal ? html` — ${v.transmitRefusal}` : ''}`}</td></tr>
</tbody></table>`;
}

async function render(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthHttpDeps,
  pasted?: SafeHtml,
  status = 200,
) {
  const v = req.auth.verdict;
  const body = html`<h1>Tester un certificat</h1>
<h2>Le certificat présenté par votre navigateur</h2>
${v ? verdictHtml(v) : html`<p>Votre navigateur ne présente aucun certificat. Branchez votre clé, redémarrez le navigateur et rechargez cette page.</p>`}
<h2>Un certificat à vérifier</h2>
${pasted ?? ''}
${postForm(
  req,
  reply,
  deps,
  '/certificat',
  html`<label>Certificat au format PEM <textarea name="certificat" rows="8" cols="70" required></textarea></label>
<p><button type="submit">Vérifier</button></p>`,
)}`;
  return sendPage(req, reply, deps, { title: 'Tester un certificat', body, status });
}

export function registerCertificateTestRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/certificat', { config: { access: 'public' } }, (req, reply) => render(req, reply, deps));
  app.post('/certificat', { config: { access: 'public' } }, (req, reply) => {
    const text = (req.body as { certificat?: unknown })?.certificat;
    const info = typeof text === 'string' ? parseCertificate(text.slice(0, 20_000)) : null;
    if (!info)
      return render(
        req,
        reply,
        deps,
        html`<p class="ko" role="alert">Ce texte n’est pas un certificat lisible : collez le certificat au format PEM (« -----BEGIN CERTIFICATE----- … »).</p>`,
        422,
      );
    return render(req, reply, deps, verdictHtml(deps.trust.check(info.der)));
  });
}
