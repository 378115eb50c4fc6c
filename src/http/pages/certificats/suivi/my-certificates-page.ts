// « Mes certificats »: the signed-in person's certificate requests (as holder) and the certificates
// attached to their account, with their state, the revocation button, and the notice of a certificate
// handed over that waits for them to confirm it is theirs (linking, /mes-certificats/rattacher).
import type { FastifyInstance } from 'fastify';
import { listCertificatesOfUser } from '../../../../auth/accounts/certificate-store.ts';
import { frDate, frDateTime, sendPage } from '../../../../auth/http/pages.ts';
import { listRequestsToLinkFor } from '../../../../certification/linking/link-certificate.ts';
import {
  availableActions,
  REQUEST_STATES,
  REVOCATION_REASONS,
  type RequestState,
} from '../../../../certification/workflow.ts';
import type { Db } from '../../../../db/types.ts';
import { AppError } from '../../../../kernel/errors.ts';
import { html } from '../../../ui/html.ts';
import { FORM_STYLE } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { type FormReq, revocationForm, SIGNED_IN, sendRefusal } from './suivi-frame.ts';

interface MyRequest {
  id: string;
  number: number;
  collectivite_name: string;
  authority_name: string;
  product_label: string;
  state: RequestState;
  cert_not_after: Date | null;
  user_certificate_id: string | null;
}

/** Requests whose holder is this person's account. */
async function myRequests(db: Db, user: { id: string }): Promise<MyRequest[]> {
  const r = await db.query<MyRequest>(
    `select r.id, r.number, c.name as collectivite_name, a.name as authority_name, p.label as product_label,
       r.state, r.cert_not_after, r.user_certificate_id
     from certificate_requests r join collectivites c on c.id = r.collectivite_id
     join ra_products p on p.id = r.product_id join ra_authorities a on a.code = p.authority_code
     where r.holder_user_id = $1
     order by r.created_at desc`,
    [user.id],
  );
  return r.rows;
}

export function registerMyCertificatesPage(app: FastifyInstance, deps: CertificationPagesDeps): void {
  app.get('/mes-certificats', { config: SIGNED_IN }, async (req: FormReq, reply) => {
    const p = req.auth.principal!;
    if (!p.user)
      return sendRefusal(
        req,
        reply,
        deps,
        new AppError(
          'FORBIDDEN',
          'Cette page est celle d’une personne : un jeton d’accès n’a pas de certificats.',
        ),
      );
    const db = deps.certification.db;
    // Waiting for the holder's confirmation: the same rule as the linking page (helper of autorite/).
    const [requests, certificates, toLink] = await Promise.all([
      myRequests(db, p.user),
      listCertificatesOfUser(db, p.user.id),
      listRequestsToLinkFor(db, p),
    ]);
    const linkedTo = new Map(
      requests.filter((r) => r.user_certificate_id).map((r) => [r.user_certificate_id, r]),
    );
    const ok = req.query.ok === 'revocation-demandee';
    const body = html`${FORM_STYLE}<h1>Mes certificats</h1>
${ok ? html`<p class="success" role="status">La révocation est demandée : le certificat ne permet plus de se connecter à Relais. Le syndicat est prévenu.</p>` : ''}
${
  toLink.length
    ? html`<div class="note" role="status"><p><strong>${toLink.length > 1 ? `${toLink.length} certificats vous ont été remis.` : 'Un certificat vous a été remis.'}</strong> Confirmez qu’il est bien le vôtre pour pouvoir vous connecter avec lui : <a href="/mes-certificats/rattacher">rattacher mon certificat</a>.</p></div>`
    : ''
}
<h2>Mes demandes de certificat</h2>
${
  requests.length
    ? html`<table><caption class="sr-only">Les demandes de certificat dont je suis le titulaire</caption>
<thead><tr><th scope="col">Demande</th><th scope="col">Collectivité</th><th scope="col">Autorité et produit</th><th scope="col">État</th><th scope="col">Valable jusqu’au</th><th scope="col">Révocation</th></tr></thead>
<tbody>${requests.map((r) => {
        const revocable =
          availableActions(r.state, 'holder').includes('request-revocation') &&
          (!r.cert_not_after || r.cert_not_after > deps.certification.clock.now());
        return html`<tr><th scope="row"><a href="/certificats/demandes/${r.id}">n° ${r.number}</a></th>
<td>${r.collectivite_name}</td><td>${r.authority_name}<br><small>${r.product_label}</small></td>
<td>${REQUEST_STATES[r.state]}</td><td>${r.cert_not_after ? frDate(r.cert_not_after) : '—'}</td>
<td>${
          revocable
            ? html`<details><summary>Demander la révocation<span class="sr-only"> du certificat de la demande n° ${r.number}</span></summary>
${revocationForm(req, reply, deps, r.id, REVOCATION_REASONS, { back: '/mes-certificats' })}</details>`
            : '—'
        }</td></tr>`;
      })}</tbody></table>`
    : html`<p>Aucune demande de certificat à votre nom. C’est l’administrateur de votre collectivité qui en fait la demande au syndicat.</p>`
}
<h2>Certificats rattachés à mon compte</h2>
${
  certificates.length
    ? html`<table><caption class="sr-only">Les certificats qui me permettent de me connecter</caption>
<thead><tr><th scope="col">Certificat</th><th scope="col">Autorité</th><th scope="col">Valable jusqu’au</th><th scope="col">Dernière utilisation</th><th scope="col">Suivi par le syndicat</th></tr></thead>
<tbody>${certificates.map((c) => {
        const r = linkedTo.get(c.id);
        return html`<tr><th scope="row"><code>${c.subject}</code><br><small>n° de série ${c.serial}</small></th><td><code>${c.issuer}</code></td>
<td>${frDate(c.notAfter)}</td><td>${frDateTime(c.lastUsedAt)}</td><td>${r ? html`oui, demande n° ${r.number}` : 'non'}</td></tr>`;
      })}</tbody></table>`
    : html`<p>Aucun certificat n’est rattaché à votre compte.</p>`
}
<p><a href="/mes-collectivites">Mes collectivités</a></p>`;
    return sendPage(req, reply, deps, { title: 'Mes certificats', body, noStore: true });
  });
}
