// The elections campaign (RA officers): the certificates of outgoing office-holders to revoke — « fin de
// mandat », in bulk, one transaction per request with a report of each — and the members to equip with
// a non-elected agent so that acts keep being transmitted through the change of council.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { principalOf } from '../../../../auth/http/install-auth.ts';
import { frDate, postForm } from '../../../../auth/http/pages.ts';
import {
  type BulkOutcome,
  revokeForEndOfMandate,
  unsafeListElectedCertificates,
  unsafeListMembersToEquip,
} from '../../../../certification/lifecycle/index.ts';
import { REQUEST_STATES } from '../../../../certification/workflow.ts';
import { html } from '../../../ui/html.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { type FormReq, fieldsOf, RA, sendRaPage } from './suivi-frame.ts';

const URL = '/syndicat/certificats/elections';

export function registerElectionsPage(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const cert = deps.certification;

  async function render(req: FormReq, reply: FastifyReply, report: BulkOutcome[] | null, status = 200) {
    const [elected, toEquip] = await Promise.all([
      unsafeListElectedCertificates(cert.db),
      unsafeListMembersToEquip(cert.db, cert.clock.now()),
    ]);
    const byCollectivite = new Map<string, typeof elected>();
    for (const e of elected)
      byCollectivite.set(e.collectiviteName, [...(byCollectivite.get(e.collectiviteName) ?? []), e]);
    const body = html`<h1>Campagne des élections</h1>
${
  report
    ? html`<div class="${report.every((r) => r.ok) ? 'success' : 'note'}" role="status"><h2>Résultat</h2>
<p>${report.filter((r) => r.ok).length} révocation(s) demandée(s) sur ${report.length}.</p>
<ul>${report.map((r) => html`<li>${r.ok ? '✔' : '✘'} ${r.message}</li>`)}</ul></div>`
    : ''
}
<h2 id="elus">Certificats des élus sortants</h2>
<p>Le certificat d’un élu (maire, adjoint, président) prend fin avec son mandat. Cochez ceux des élus qui ne sont pas réélus : leur certificat sera détaché de leur compte et la révocation demandée à l’autorité de certification, motif « fin de mandat ».</p>
${
  elected.length
    ? postForm(
        req,
        reply,
        deps,
        URL,
        html`${[...byCollectivite].map(
          ([name, list]) =>
            html`<fieldset><legend>${name}</legend>${list.map(
              (e) =>
                html`<label><input type="checkbox" name="demandes" value="${e.requestId}"> ${e.holderName}, ${e.holderFunction} — demande <a href="/certificats/demandes/${e.requestId}">n° ${e.number}</a>, ${REQUEST_STATES[e.state]}${e.notAfter ? html`, valable jusqu’au ${frDate(e.notAfter)}` : ''}</label>`,
            )}</fieldset>`,
        )}
<p><button type="submit">Demander la révocation — fin de mandat</button></p>`,
      )
    : html`<p>Aucun certificat d’élu en cours de validité.</p>`
}
<h2 id="a-equiper">Membres à équiper</h2>
<p>Ces membres n’ont aucun agent (non élu) avec un certificat valide pour la télétransmission des actes obtenu par le syndicat : après les élections, plus personne ne pourrait y transmettre. Préparez une demande pour un agent.</p>
${
  toEquip.length
    ? html`<table><caption class="sr-only">Membres sans agent équipé pour les actes</caption>
<thead><tr><th scope="col">Membre</th><th scope="col">Agents qui transmettent</th><th scope="col">Demandes en cours</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${toEquip.map(
        (
          m,
        ) => html`<tr><th scope="row">${m.name}${m.electedOnly ? html`<br><strong class="ko">⚠ Seuls des élus sont équipés : la transmission s’arrêtera avec leur mandat.</strong>` : ''}</th>
<td>${
          m.transmitters.length
            ? html`<ul>${m.transmitters.map(
                (t) =>
                  html`<li>${t.name}${t.certificateUntil ? html` (certificat hors demande jusqu’au ${frDate(t.certificateUntil)})` : html` (sans certificat)`}</li>`,
              )}</ul>`
            : 'aucun'
        }</td><td>${m.requestsInProgress}</td>
<td><a href="/collectivites/${m.collectiviteId}/demandes-certificat/nouvelle">Nouvelle demande<span class="sr-only"> pour ${m.name}</span></a></td></tr>`,
      )}</tbody></table>`
    : html`<p>Chaque membre a au moins un agent équipé.</p>`
}`;
    return sendRaPage(req, reply, deps, { title: 'Campagne des élections', current: URL, body, status });
  }

  app.get(URL, { config: RA }, (req: FormReq, reply) => render(req, reply, null));

  app.post(URL, { config: RA }, async (req: FormReq, reply) => {
    const ids = fieldsOf(req, 'demandes');
    if (ids.length === 0)
      return render(
        req,
        reply,
        [{ requestId: '', ok: false, message: 'Cochez au moins un certificat à révoquer.' }],
        422,
      );
    const report = await revokeForEndOfMandate(cert, principalOf(req), ids.slice(0, 500));
    return render(req, reply, report);
  });
}
