// THE request page (/certificats/demandes/:rid), for every actor of the request: the summary, the step
// with what happens next and who acts, the CA's checklist with each document's state, the upload and
// review forms, the file's actions, the history, then the panels of the other areas (CA, lifecycle).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../../../auth/http/cookies.ts';
import { frDateTime, postForm } from '../../../../auth/http/pages.ts';
import type { ScopedCollectiviteId } from '../../../../auth/policy.ts';
import { listProducts } from '../../../../certification/catalogue.ts';
import {
  type CertificateRequest,
  listRequestEvents,
  type RequestEvent,
} from '../../../../certification/request-store.ts';
import {
  canEdit,
  fileChecklist,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  peopleOf,
  type RequestDocument,
  type RequestForm,
  UPLOADABLE_KINDS,
  uploadRefusal,
} from '../../../../certification/requests/index.ts';
import {
  availableActions,
  DOCUMENT_KINDS,
  PURPOSES,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  type RequestAction,
  type RequestActor,
} from '../../../../certification/workflow.ts';
import { formatBytes } from '../../../../documents/index.ts';
import { ROLES } from '../../../../tenants/user.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { describedBy, errorSummary, fieldErrors, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { RequestPanel } from '../request-panels.ts';
import { sendFilePage } from './file-frame.ts';
import { NEXT_STEPS, WHO_LABELS } from './next-step.ts';
import { requestFields } from './request-form.ts';

/** The actions of this page (the other areas' actions are in their panels). */
export const FILE_ACTIONS = {
  submit: 'deposer',
  cancel: 'abandonner',
  check: 'valider',
  return: 'renvoyer',
} as const satisfies Partial<Record<RequestAction, string>>;

export const NOTICES: Record<string, string> = {
  creee: 'La demande est enregistrée en brouillon. Ajoutez maintenant les pièces demandées, puis déposez-la.',
  modifiee: 'Les corrections sont enregistrées.',
  piece: 'La pièce est ajoutée au dossier.',
  examen: 'L’examen de la pièce est enregistré.',
  deposee: 'La demande est déposée : le syndicat est prévenu et va examiner le dossier.',
  abandonnee: 'La demande est abandonnée.',
  validee: 'Le dossier est validé : la collectivité est prévenue. Il attend maintenant la commande.',
  renvoyee: 'Le dossier est renvoyé à la collectivité, avec vos motifs.',
};

export interface RequestPageView {
  problems?: Problem[];
  notice?: string;
  status?: number;
  /** The correction form as typed, after a refused correction. */
  editForm?: RequestForm;
  returnText?: string;
}

const REVIEW_LABELS = {
  missing: html`<span class="badge-ko">✘ Manquante</span>`,
  pending: html`<span class="badge-wait">⏳ À examiner par le syndicat</span>`,
  accepted: html`<span class="badge-ok">✔ Acceptée</span>`,
  refused: html`<span class="badge-ko">✘ Refusée</span>`,
} as const;

function eventLabel(e: RequestEvent): string {
  if (e.action === 'create') return 'Création de la demande';
  if (e.action === 'edit') return 'Correction de la demande';
  if (e.action === 'link-refused')
    return 'Le titulaire a indiqué que ce certificat n’est pas le sien : le syndicat doit vérifier';
  return (REQUEST_ACTIONS as Record<string, { label: string }>)[e.action]?.label ?? e.action;
}

/**
 * The request's story: its moves (events) and its documents' uploads and reviews (kept on the document
 * rows), oldest first. A document line names its kind, never its content.
 */
function history(events: readonly RequestEvent[], documents: readonly RequestDocument[]) {
  const lines: { at: Date; who: string | null; what: string; step: string; note: string }[] = events.map(
    (e) => ({
      at: e.at,
      who: e.actorName,
      what: eventLabel(e),
      step: REQUEST_STATES[e.toState],
      note: e.note ?? '',
    }),
  );
  for (const d of documents) {
    lines.push({
      at: d.uploadedAt,
      who: d.uploadedByName,
      what: `Pièce ajoutée : ${DOCUMENT_KINDS[d.kind]}`,
      step: '—',
      note: '',
    });
    if (d.reviewedAt && d.review !== 'pending')
      lines.push({
        at: d.reviewedAt,
        who: d.reviewedByName,
        what: `Pièce ${d.review === 'accepted' ? 'acceptée' : 'refusée'} : ${DOCUMENT_KINDS[d.kind]}`,
        step: '—',
        note: d.reviewNote ?? '',
      });
  }
  // Stable: same-instant lines keep events before documents, in their own order.
  return lines.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function summary(r: CertificateRequest): SafeHtml {
  return html`<dl class="resume">
<dt>Collectivité</dt><dd>${r.collectiviteName}</dd>
<dt>Nature</dt><dd>${r.kind === 'renewal' ? html`Renouvellement${r.renewsId ? html` (<a href="/certificats/demandes/${r.renewsId}">demande remplacée</a>)` : ''}` : 'Première demande'}</dd>
<dt>Titulaire</dt><dd>${r.holder.name}, ${r.holder.function}${r.holder.isElected ? ' (élu)' : ''}</dd>
<dt>Courriel, téléphone</dt><dd>${r.holder.email}${r.holder.phone ? ` · ${r.holder.phone}` : ''}</dd>
<dt>Compte Relais du titulaire</dt><dd>${r.holderUserId ? 'connu (le certificat y sera rattaché)' : 'pas encore : rattaché plus tard par son courriel'}</dd>
<dt>Rôles à lui donner</dt><dd>${r.holder.roles.map((x) => ROLES[x]).join(', ')}</dd>
<dt>Représentant légal</dt><dd>${r.legalRep.name}, ${r.legalRep.function}</dd>
<dt>Usages</dt><dd>${r.purposes.map((p) => PURPOSES[p]).join(' ; ')}</dd>
<dt>Certificat</dt><dd>${r.productLabel} — ${r.authorityName}</dd>
<dt>Créée le</dt><dd>${frDateTime(r.createdAt)}</dd>
</dl>`;
}

function docLink(r: CertificateRequest, d: RequestDocument): SafeHtml {
  if (d.purgedAt)
    return html`${d.fileName} <span class="hint">(effacée le ${frDateTime(d.purgedAt)}, fin de conservation)</span>`;
  return html`<a href="/certificats/demandes/${r.id}/pieces/${d.id}">${d.fileName}</a> <span class="hint">(${formatBytes(d.sizeBytes)}, déposée le ${frDateTime(d.uploadedAt)}${d.uploadedByName ? ` par ${d.uploadedByName}` : ''})</span>`;
}

export async function sendRequestPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  panels: readonly RequestPanel[],
  request: CertificateRequest,
  actors: readonly RequestActor[],
  v: RequestPageView = {},
): Promise<FastifyReply> {
  const db = deps.certification.db;
  const [documents, events] = await Promise.all([
    listDocuments(db, request.id),
    listRequestEvents(db, request.id),
  ]);
  const checklist = await fileChecklist(db, request, documents);
  const problems = v.problems ?? [];
  const base = `/certificats/demandes/${request.id}`;
  const isRa = actors.includes('ra');
  const next = NEXT_STEPS[request.state];
  const mine = next.who && next.who !== 'ca' && actors.includes(next.who);
  const version = html`<input type="hidden" name="version" value="${String(request.version)}">`;

  // Checklist, then the other documents (older versions, « autre pièce »).
  const shown = new Set(checklist.items.map((i) => i.document?.id).filter(Boolean));
  const others = documents.filter((d) => !shown.has(d.id));
  const reviewForm = (d: RequestDocument) =>
    isRa && request.state === 'submitted' && !d.purgedAt
      ? postForm(
          req,
          reply,
          deps,
          `${base}/pieces/${d.id}/examen`,
          html`<div class="inline-review"><fieldset><legend class="sr-only">Examen de la pièce ${d.fileName}</legend>
<label><input type="radio" name="decision" value="accepted"${d.review === 'accepted' ? html` checked` : ''}> Acceptée</label>
<label><input type="radio" name="decision" value="refused"${d.review === 'refused' ? html` checked` : ''}> Refusée</label></fieldset>
<label for="note-${d.id}">Motif du refus <span class="hint">obligatoire pour un refus</span></label>${fieldErrors(problems, `note-${d.id}`)}
<input type="text" id="note-${d.id}" name="note" value="${d.reviewNote ?? ''}"${describedBy(problems, `note-${d.id}`, false)}>
<button type="submit">Enregistrer l’examen<span class="sr-only"> de ${d.fileName}</span></button></div>`,
        )
      : '';
  const checklistTable = html`<table><caption class="sr-only">Pièces demandées par l’autorité de certification</caption>
<thead><tr><th scope="col">Pièce demandée</th><th scope="col">État</th><th scope="col">Fichier</th>${isRa ? html`<th scope="col">Examen</th>` : ''}</tr></thead>
<tbody>${
    checklist.items.length
      ? checklist.items.map(
          (i) => html`<tr><th scope="row">${i.label}</th>
<td>${REVIEW_LABELS[i.status]}${i.document?.reviewNote ? html`<br><span class="hint">Motif : ${i.document.reviewNote}</span>` : ''}</td>
<td>${i.document ? docLink(request, i.document) : '—'}</td>${isRa ? html`<td>${i.document ? reviewForm(i.document) : ''}</td>` : ''}</tr>`,
        )
      : html`<tr><td colspan="${isRa ? '4' : '3'}">Cette autorité de certification ne demande aucune pièce.</td></tr>`
  }</tbody></table>`;
  const othersTable = others.length
    ? html`<h3>Autres pièces et versions précédentes</h3>
<table><thead><tr><th scope="col">Nature</th><th scope="col">État</th><th scope="col">Fichier</th>${isRa ? html`<th scope="col">Examen</th>` : ''}</tr></thead>
<tbody>${others.map(
        (
          d,
        ) => html`<tr><th scope="row">${DOCUMENT_KINDS[d.kind]}</th><td>${REVIEW_LABELS[d.review]}${d.reviewNote ? html`<br><span class="hint">Motif : ${d.reviewNote}</span>` : ''}</td>
<td>${docLink(request, d)}</td>${isRa ? html`<td>${reviewForm(d)}</td>` : ''}</tr>`,
      )}</tbody></table>`
    : '';

  // Upload: the kinds these actors may add now.
  const kinds = UPLOADABLE_KINDS.filter((k) => !uploadRefusal(request, actors, k));
  const fileProblem = problems.filter((p) => p.anchor === 'fichier' || p.anchor === 'kind');
  const upload = kinds.length
    ? html`<form method="post" enctype="multipart/form-data" action="${base}/pieces?_csrf=${encodeURIComponent(csrfToken(req, reply, deps.secureCookies))}" class="form-relais">
<h3>Ajouter une pièce</h3>
<label for="kind">Nature de la pièce</label>
<select id="kind" name="kind">${kinds.map((k) => html`<option value="${k}"${checklist.missing[0] === k ? html` selected` : ''}>${DOCUMENT_KINDS[k]}</option>`)}</select>
<label for="fichier">Fichier</label><span class="hint" id="fichier-aide">PDF, JPEG ou PNG, ${formatBytes(MAX_DOCUMENT_BYTES)} au plus. Une pièce refusée se remplace en déposant la nouvelle version.</span>
${fileProblem.length ? html`<div id="fichier-erreur">${fileProblem.map((p) => html`<p class="field-error">${p.message}</p>`)}</div>` : ''}
<input type="file" id="fichier" name="fichier" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" required${describedBy(fileProblem.length ? [{ anchor: 'fichier', message: '' }] : [], 'fichier')}>
<div class="actions"><button type="submit">Ajouter la pièce</button></div></form>`
    : '';

  // The file's actions for what the principal is to this request.
  const actions = new Set<RequestAction>(actors.flatMap((a) => availableActions(request.state, a)));
  const buttons: SafeHtml[] = [];
  if (actions.has('submit'))
    buttons.push(
      postForm(
        req,
        reply,
        deps,
        `${base}/${FILE_ACTIONS.submit}`,
        html`${version}<p>${checklist.missing.length ? html`Il manque encore : ${checklist.missing.map((k) => DOCUMENT_KINDS[k]).join(' ; ')}.` : 'Le dossier contient toutes les pièces demandées.'}</p>
<div class="actions"><button type="submit">${REQUEST_ACTIONS.submit.label}</button></div>`,
      ),
    );
  if (actions.has('check'))
    buttons.push(
      postForm(
        req,
        reply,
        deps,
        `${base}/${FILE_ACTIONS.check}`,
        html`${version}<p>${checklist.unaccepted.length ? html`Pièces pas encore acceptées : ${checklist.unaccepted.map((k) => DOCUMENT_KINDS[k]).join(' ; ')}.` : 'Toutes les pièces demandées sont acceptées.'}</p>
<div class="actions"><button type="submit">${REQUEST_ACTIONS.check.label}</button></div>`,
      ),
    );
  if (actions.has('return'))
    buttons.push(
      postForm(
        req,
        reply,
        deps,
        `${base}/${FILE_ACTIONS.return}`,
        html`${version}<div class="form-relais"><label for="motifs">Ce que la collectivité doit corriger ou ajouter</label>
<span class="hint" id="motifs-aide">Obligatoire. La collectivité le lira tel quel, dans Relais et par courriel.</span>${fieldErrors(problems, 'motifs')}
<textarea id="motifs" name="motifs"${describedBy(problems, 'motifs')}>${v.returnText ?? ''}</textarea>
<div class="actions"><button type="submit" class="secondary">${REQUEST_ACTIONS.return.label}</button></div></div>`,
      ),
    );
  if (actions.has('cancel'))
    buttons.push(
      postForm(
        req,
        reply,
        deps,
        `${base}/${FILE_ACTIONS.cancel}`,
        html`${version}<div class="form-relais"><label for="motif-abandon">Pourquoi abandonner ? <span class="hint">facultatif, gardé dans l’historique</span></label>
<input type="text" id="motif-abandon" name="motif">
<div class="actions"><button type="submit" class="secondary">${REQUEST_ACTIONS.cancel.label}</button></div></div>`,
      ),
    );

  let edit: SafeHtml | '' = '';
  if (canEdit(request, actors)) {
    const [products, people] = await Promise.all([
      listProducts(db, { activeOnly: true }),
      // The request's collectivité, reached through getRequestFor: checked against the principal.
      peopleOf(db, request.collectiviteId as ScopedCollectiviteId),
    ]);
    const form: RequestForm = v.editForm ?? {
      holderName: request.holder.name,
      holderFunction: request.holder.function,
      holderEmail: request.holder.email,
      holderPhone: request.holder.phone ?? '',
      holderIsElected: request.holder.isElected,
      holderRoles: request.holder.roles,
      holderUserId: request.holderUserId ?? '',
      legalRepName: request.legalRep.name,
      legalRepFunction: request.legalRep.function,
      purposes: request.purposes,
      productId: request.productId,
    };
    edit = html`<details id="modifier"${v.editForm ? html` open` : ''}><summary>Corriger la demande</summary>
${postForm(
  req,
  reply,
  deps,
  `${base}/modifier`,
  html`${version}<div class="form-relais">${requestFields({ form, problems, products, people })}
<div class="actions"><button type="submit">Enregistrer les corrections</button></div></div>`,
)}</details>`;
  }

  const panelHtml = [];
  for (const panel of panels) panelHtml.push(await panel({ req, reply, deps, request, actors }));

  const back = actors.includes('collectivite')
    ? html`<a href="/collectivites/${request.collectiviteId}/demandes-certificat">← Toutes les demandes de la collectivité</a>`
    : isRa
      ? html`<a href="/syndicat/certificats">← Demandes à traiter</a>`
      : html`<a href="/mes-certificats">← Mes certificats</a>`;
  const body = html`<p>${back}</p>
<h1>Demande de certificat n° ${request.number} — ${request.holder.name}</h1>
${v.notice ? html`<p class="success" role="status">${v.notice}</p>` : ''}
${errorSummary(problems)}
<section class="etat" aria-labelledby="etape"><h2 id="etape">Étape : ${REQUEST_STATES[request.state]}</h2>
<p>${next.text}</p>
${next.who ? html`<p><strong>${mine ? 'C’est à vous d’agir.' : `C’est à ${WHO_LABELS[next.who]} d’agir.`}</strong></p>` : ''}</section>
${request.state === 'returned' && request.returnReasons ? html`<div class="motifs"><strong>Motifs du renvoi par le syndicat :</strong>\n${request.returnReasons}</div>` : ''}
<h2>La demande</h2>
${summary(request)}
${edit}
<h2 id="pieces">Pièces du dossier</h2>
<p class="hint">Ces pièces contiennent des données personnelles : seuls le titulaire, les administrateurs de la collectivité et les officiers d’enregistrement du syndicat peuvent les ouvrir, et chaque consultation est enregistrée.</p>
${checklistTable}
${othersTable}
${upload}
${buttons.length ? html`<h2 id="actions">Actions</h2>${buttons}` : ''}
<h2 id="historique">Historique</h2>
<table><thead><tr><th scope="col">Date</th><th scope="col">Par</th><th scope="col">Action</th><th scope="col">Étape</th><th scope="col">Note</th></tr></thead>
<tbody>${history(events, documents).map(
    (h) =>
      html`<tr><td>${frDateTime(h.at)}</td><td>${h.who ?? 'Relais'}</td><td>${h.what}</td><td>${h.step}</td><td style="white-space:pre-line">${h.note}</td></tr>`,
  )}</tbody></table>
${panelHtml}`;
  return sendFilePage(req, reply, deps, {
    title: `Demande de certificat n° ${request.number}`,
    cid: request.collectiviteId,
    body,
    status: v.status,
  });
}
