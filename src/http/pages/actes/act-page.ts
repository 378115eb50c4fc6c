// The act's page: its facts, what can be done now (send, confirm or send back, take back, cancel), its
// documents and the préfecture's files, the préfecture's letters with the form to answer them, and its
// history in plain French. Also the not-found page shared by the act routes.
import type { FastifyReply } from 'fastify';
import {
  type Act,
  getAct,
  listActEvents,
  listPrefectureMessagesOfAct,
  type PrefectureMessage,
} from '../../../actes/transmission/index.ts';
import { postForm } from '../../../auth/http/pages.ts';
import { can, principalOf, scopedCollectivite } from '../../../auth/index.ts';
import type { FieldProblem } from '../../../kernel/errors.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import { errorSummary, flashMessage, frDay, frMoment, stateBadge } from '../../ui/components.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import type { CidReq, PagesDeps } from '../page-deps.ts';
import { actForms } from './act-forms.ts';
import { answerFields, answerForm, letterSummary } from './answer-form.ts';
import { timeline } from './timeline.ts';

export const NATURES: Record<string, string> = {
  DE: 'Délibération',
  AR: 'Acte réglementaire',
  AI: 'Acte individuel',
  CC: 'Contrat, convention ou avenant',
  BF: 'Document budgétaire ou financier',
  AU: 'Autre acte',
};

const RECEIVED: readonly Act['state'][] = ['acknowledged', 'cancelling', 'cancelled'];

export function sendActNotFound(req: CidReq, reply: FastifyReply, deps: PagesDeps): Promise<FastifyReply> {
  return sendAppPage(req, reply, deps, {
    title: 'Acte introuvable',
    cid: scopedCollectivite(req),
    current: 'actes',
    status: 404,
    body: html`<h1>Acte introuvable</h1><p>Cet acte n’existe pas ou ne relève pas de cette collectivité.</p>
<p><a href="/collectivites/${scopedCollectivite(req)}/actes">Revenir à la liste des actes</a></p>`,
  });
}

export async function sendActPage(
  req: CidReq,
  reply: FastifyReply,
  deps: PagesDeps,
  opts: { problems?: FieldProblem[]; status?: number; fields?: Record<string, string>; motif?: string } = {},
): Promise<FastifyReply> {
  const cid = scopedCollectivite(req);
  const db = deps.db;
  const act = await getAct(db, cid, req.params.actId);
  if (!act) return sendActNotFound(req, reply, deps);
  const [events, letters] = await Promise.all([
    listActEvents(db, cid, act.id),
    listPrefectureMessagesOfAct(db, cid, act.id),
  ]);
  const p = principalOf(req);
  const canPrepare = can(p, 'act.prepare', cid);
  const canTransmit = can(p, 'act.transmit', cid);
  const forms = actForms(req, reply, deps);
  const base = `/collectivites/${cid}/actes/${act.id}`;
  const api = `/api/v1/collectivites/${cid}/actes/${act.id}`;
  const now = deps.transmission.clock.now();

  const actions: SafeHtml[] = [];
  if (act.state === 'draft' && canPrepare)
    actions.push(
      html`<p>Cet acte est en brouillon. Quand il est prêt, envoyez-le${canTransmit ? '' : ' : un agent télétransmetteur confirmera l’envoi'}.</p><div class="actions">${forms.submit(act)}</div>`,
    );
  if (act.state === 'awaiting_confirmation')
    actions.push(
      canTransmit
        ? html`<p>Une personne a demandé l’envoi de cet acte. Vérifiez-le, puis confirmez l’envoi — ou renvoyez-le en brouillon en disant ce qu’il faut corriger.</p>
<div class="actions">${forms.confirm(act)}</div>
${postForm(
  req,
  reply,
  deps,
  `${base}/renvoi-brouillon`,
  html`<label for="champ-motif">Ce qu’il faut corriger <span class="hint">Ce message sera montré à la personne qui a préparé l’acte.</span></label>
${opts.problems?.some((x) => x.field === 'motif') ? html`<span class="field-error" id="erreur-motif">Indiquez ce qu’il faut corriger.</span>` : ''}
<textarea id="champ-motif" name="motif" rows="3" cols="60"${opts.problems?.some((x) => x.field === 'motif') ? html` aria-describedby="erreur-motif" aria-invalid="true"` : ''}>${opts.motif ?? ''}</textarea>
<div class="actions"><button type="submit" class="secondary">Renvoyer en brouillon</button></div>`,
)}`
        : html`<p>L’envoi de cet acte attend la confirmation d’un agent télétransmetteur.</p>`,
    );
  if ((act.state === 'refused' || act.state === 'error') && canPrepare)
    actions.push(
      html`<p>${act.state === 'refused' ? 'La préfecture a refusé cet acte.' : 'L’envoi rencontre un incident ; vous pouvez aussi reprendre l’acte pour le corriger.'} Reprenez-le en brouillon, corrigez-le, puis envoyez-le de nouveau.</p><div class="actions">${forms.reopen(act)}</div>`,
    );
  if (act.state === 'acknowledged' && canTransmit)
    actions.push(
      html`<p>L’acte est reçu en préfecture. S’il a été retiré, vous pouvez demander son annulation.</p><div class="actions"><a class="button secondary" href="${base}/annulation">Demander l’annulation…</a></div>`,
    );

  const downloads = RECEIVED.includes(act.state)
    ? html`<h3>Fichiers de la préfecture</h3><ul>
<li><a href="${api}/acte-tamponne" download>Acte tamponné (PDF)</a></li>
<li><a href="${api}/bordereau" download>Bordereau d’acquittement (PDF)</a></li>
<li><a href="${api}/accuse-reception" download>Accusé de réception (fichier XML de la préfecture)</a></li></ul>`
    : '';

  const refusal =
    act.state === 'refused' && (act.refusalDetail || act.refusalNature)
      ? html`<div class="note"><strong>Motif donné par la préfecture :</strong><blockquote class="quote">${act.refusalDetail ?? act.refusalNature}</blockquote></div>`
      : '';

  const letterBlocks = letters.map((m: PrefectureMessage) => {
    const form =
      canTransmit && m.code !== '5-1' && (m.state === 'received' || m.state === 'acknowledged')
        ? answerForm(req, reply, deps, act, m, m.id === req.params.messageId ? (opts.problems ?? []) : [])
        : '';
    return html`<article class="card" id="courrier-${m.id}">${letterSummary(cid, m, now)}${form}</article>`;
  });

  const body = html`${flashMessage(req.query.ok)}
${errorSummary(opts.problems ?? [], { ...(req.params.messageId ? answerFields(req.params.messageId) : {}), motif: 'champ-motif', ...(opts.fields ?? {}) }, opts.fields?.default)}
<p><a href="/collectivites/${cid}/actes">← Tous les actes</a></p>
<h1>${act.objet}</h1>
<p>État : ${stateBadge(act.state)}</p>
${refusal}
<dl class="facts">
<dt>Numéro interne</dt><dd>${act.numeroInterne}</dd>
<dt>Nature</dt><dd>${NATURES[act.nature] ?? act.nature}</dd>
<dt>Date de décision</dt><dd>${frDay(act.decisionDate)}</dd>
<dt>Matière</dt><dd>${act.matiereCodes.join('.')}</dd>
${act.sentAt ? html`<dt>Transmis le</dt><dd>${frMoment(act.sentAt)}</dd>` : ''}
${act.idActe ? html`<dt>Identifiant de la préfecture</dt><dd>${act.idActe}</dd>` : ''}
${act.receivedDate ? html`<dt>Reçu en préfecture le</dt><dd>${frDay(act.receivedDate)}</dd>` : ''}
${act.deferralDeadline ? html`<dt>Déféré possible jusqu’au</dt><dd>${frDay(act.deferralDeadline)}</dd>` : ''}
</dl>
${actions.length ? html`<section aria-labelledby="que-faire"><h2 id="que-faire">Que faire ?</h2>${actions}</section>` : ''}
<section aria-labelledby="documents"><h2 id="documents">Documents</h2>
${
  act.documents.length
    ? html`<ul>${act.documents.map(
        (d) =>
          html`<li><a href="${api}/documents/${d.position}" download>${d.originalName}</a> — ${d.position === 1 ? 'acte' : `annexe ${d.position - 1}`}, ${d.typology}, ${Math.max(1, Math.round(d.size / 1024))} Ko</li>`,
      )}</ul>`
    : html`<p class="empty">Aucun document.</p>`
}
${downloads}</section>
<section aria-labelledby="courriers"><h2 id="courriers">Courriers de la préfecture</h2>
${letterBlocks.length ? letterBlocks : html`<p class="empty">Aucun courrier de la préfecture sur cet acte.</p>`}</section>
<section aria-labelledby="historique"><h2 id="historique">Historique</h2>${timeline(events)}</section>`;
  return sendAppPage(req, reply, deps, {
    title: act.objet,
    cid,
    current: 'actes',
    body,
    status: opts.status,
  });
}
