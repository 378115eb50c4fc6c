// A collectivité's certificates and requests (its admins, RA officers), and the RA officers' worklist:
// every member's requests grouped by the step where the syndicat (or the CA) has something to do.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { frDate, frDateTime } from '../../../../auth/http/pages.ts';
import type { ScopedCollectiviteId } from '../../../../auth/policy.ts';
import type { CertificateRequest } from '../../../../certification/request-store.ts';
import {
  listRequestsOfCollectivite,
  unsafeCountRequestsByState,
  unsafeListRequestsInStates,
} from '../../../../certification/requests/index.ts';
import {
  LIVE_CERTIFICATE_STATES,
  REQUEST_STATES,
  type RequestState,
} from '../../../../certification/workflow.ts';
import { AppError } from '../../../../kernel/errors.ts';
import { getCollectivite, unsafeListAllCollectivites } from '../../../../tenants/index.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { sendFilePage } from './file-frame.ts';

const RENEWABLE: readonly RequestState[] = [...LIVE_CERTIFICATE_STATES, 'expired'];

const link = (r: CertificateRequest) =>
  html`<a href="/certificats/demandes/${r.id}">n° ${r.number}<span class="sr-only"> — ${r.holder.name}</span></a>`;

export async function sendCollectiviteRequests(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  cid: ScopedCollectiviteId,
): Promise<FastifyReply> {
  const db = deps.certification.db;
  const c = await getCollectivite(db, cid);
  if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const requests = await listRequestsOfCollectivite(db, cid);
  const certificates = requests.filter((r) => r.certificate && RENEWABLE.includes(r.state));
  const renewing = new Set(
    requests
      .filter((r) => r.renewsId && !['cancelled', 'renewed', 'revoked', 'expired'].includes(r.state))
      .map((r) => r.renewsId),
  );
  const base = `/collectivites/${cid}/demandes-certificat`;
  const body = html`<h1>Certificats et demandes — ${c.name}</h1>
<p>Le syndicat, autorité d’enregistrement, commande les certificats électroniques de vos agents et élus auprès d’une autorité de certification, au prix négocié. Vous remplissez la demande et joignez les pièces ; le syndicat vérifie le dossier, commande le certificat et le remet au titulaire en face à face.</p>
<p><a class="button" href="${base}/nouvelle">Nouvelle demande de certificat</a></p>
<h2>Certificats</h2>
<table><caption class="sr-only">Certificats de la collectivité obtenus par le syndicat</caption>
<thead><tr><th scope="col">Titulaire</th><th scope="col">Certificat</th><th scope="col">Valable jusqu’au</th><th scope="col">État</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${
    certificates.length
      ? certificates.map(
          (
            r,
          ) => html`<tr><th scope="row">${r.holder.name}<br><span class="hint">${r.holder.function}</span></th>
<td>${r.productLabel} (${link(r)})</td><td>${frDate(r.certificate!.notAfter)}</td><td>${REQUEST_STATES[r.state]}</td>
<td>${renewing.has(r.id) ? 'Renouvellement en cours' : html`<a href="${base}/nouvelle?renouvelle=${r.id}">Renouveler<span class="sr-only"> le certificat de ${r.holder.name}</span></a>`}</td></tr>`,
        )
      : html`<tr><td colspan="5">Aucun certificat obtenu par le syndicat pour l’instant.</td></tr>`
  }</tbody></table>
<h2>Demandes</h2>
<table><caption class="sr-only">Demandes de certificat de la collectivité, les plus récentes d’abord</caption>
<thead><tr><th scope="col">Demande</th><th scope="col">Titulaire</th><th scope="col">Certificat</th><th scope="col">Étape</th><th scope="col">Dernier changement</th></tr></thead>
<tbody>${
    requests.length
      ? requests.map(
          (
            r,
          ) => html`<tr><td>${link(r)}${r.kind === 'renewal' ? html`<br><span class="hint">renouvellement</span>` : ''}</td><th scope="row">${r.holder.name}</th><td>${r.productLabel}</td>
<td>${REQUEST_STATES[r.state]}</td><td>${frDateTime(r.updatedAt)}</td></tr>`,
        )
      : html`<tr><td colspan="5">Aucune demande pour l’instant.</td></tr>`
  }</tbody></table>`;
  return sendFilePage(req, reply, deps, { title: 'Demandes de certificat', cid, body });
}

const GROUPS: { id: string; title: string; states: RequestState[]; hint: string; link?: [string, string] }[] =
  [
    {
      id: 'a-verifier',
      title: 'Dossiers à vérifier',
      states: ['submitted'],
      hint: 'Déposés par les collectivités : examinez chaque pièce, puis validez ou renvoyez le dossier.',
    },
    {
      id: 'a-commander',
      title: 'À commander',
      states: ['checked'],
      hint: 'Dossiers vérifiés, à regrouper dans une commande à l’autorité de certification.',
      link: ['/syndicat/certificats/commandes', 'Préparer une commande'],
    },
    {
      id: 'chez-l-ac',
      title: 'En attente de l’autorité de certification',
      states: ['sent_to_ca'],
      hint: 'Commandés : récupérez ou importez le certificat quand l’autorité l’a émis.',
    },
    {
      id: 'a-remettre',
      title: 'À remettre',
      states: ['token_received', 'appointment_set'],
      hint: 'Support reçu : fixez le rendez-vous, puis enregistrez la remise en face à face.',
    },
    {
      id: 'revocations',
      title: 'Révocations à confirmer',
      states: ['revocation_requested'],
      hint: 'Demandées : transmettez-les à l’autorité de certification et enregistrez sa confirmation.',
    },
    {
      id: 'renvoyees',
      title: 'Renvoyées aux collectivités',
      states: ['returned'],
      hint: 'En attente de corrections de la collectivité : rien à faire pour le syndicat.',
    },
  ];

export async function sendWorklist(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
): Promise<FastifyReply> {
  const db = deps.certification.db;
  const [requests, counts, members] = await Promise.all([
    unsafeListRequestsInStates(
      db,
      GROUPS.flatMap((g) => g.states),
    ),
    unsafeCountRequestsByState(db),
    unsafeListAllCollectivites(db),
  ]);
  const group = (g: (typeof GROUPS)[number]): SafeHtml => {
    const mine = requests.filter((r) => g.states.includes(r.state));
    return html`<h2 id="${g.id}">${g.title} (${mine.length})</h2><p class="hint">${g.hint}${g.link ? html` <a href="${g.link[0]}">${g.link[1]}</a>` : ''}</p>
${
  mine.length
    ? html`<table><thead><tr><th scope="col">Demande</th><th scope="col">Collectivité</th><th scope="col">Titulaire</th><th scope="col">Certificat</th><th scope="col">Étape</th><th scope="col">Depuis le</th></tr></thead>
<tbody>${mine.map(
        (r) =>
          html`<tr><td>${link(r)}</td><td><a href="/collectivites/${r.collectiviteId}/demandes-certificat">${r.collectiviteName}</a></td><th scope="row">${r.holder.name}</th><td>${r.productLabel}<br><span class="hint">${r.authorityName}</span></td><td>${REQUEST_STATES[r.state]}</td><td>${frDateTime(r.updatedAt)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>Aucune.</p>`
}`;
  };
  const active = (counts.active ?? 0) + (counts.renewal_due ?? 0) + (counts.handed_over ?? 0);
  const body = html`<h1>Autorité d’enregistrement — demandes à traiter</h1>
<p>${active} certificat(s) en service, dont ${counts.renewal_due ?? 0} à renouveler. ${counts.draft ?? 0} demande(s) en brouillon dans les collectivités.</p>
<nav aria-label="Étapes"><ul class="ra-links">${GROUPS.map((g) => html`<li><a href="#${g.id}">${g.title} (${requests.filter((r) => g.states.includes(r.state)).length})</a></li>`)}</ul></nav>
${GROUPS.map(group)}
<h2 id="membre">Les demandes d’un membre</h2>
<form method="get" action="/syndicat/certificats" class="form-relais"><label for="collectivite">Collectivité</label>
<span class="hint" id="collectivite-aide">Ouvre ses certificats et ses demandes ; vous pouvez y remplir une demande pour elle.</span>
<div class="search-row"><select id="collectivite" name="collectivite" aria-describedby="collectivite-aide">${[
    ...members,
  ]
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map(
      (c) => html`<option value="${c.id}">${c.name}</option>`,
    )}</select><button type="submit">Ouvrir</button></div></form>`;
  return sendFilePage(req, reply, deps, {
    title: 'Autorité d’enregistrement',
    cid: null,
    body,
    current: 'autorite',
  });
}
