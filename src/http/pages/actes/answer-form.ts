// A préfecture letter as the act's page and the inbox show it, and the form answering it: the kind of
// answer (2-2, 3-3/3-4, 4-3/4-4 depending on the letter), the file's typology and the file itself, sent
// as multipart with the CSRF token in the address (the body is streamed, not parsed before the check).
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type Act,
  ANSWERS,
  PREFECTURE_MESSAGE_LABELS,
  PREFECTURE_MESSAGE_STATES,
  type PrefectureMessage,
} from '../../../actes/transmission/index.ts';
import { csrfToken } from '../../../auth/http/cookies.ts';
import type { FieldProblem } from '../../../kernel/errors.ts';
import { badge, deadlineText, frDay } from '../../ui/components.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import type { PagesDeps } from '../page-deps.ts';

/** The use case's field names → this form's element ids (for the error summary). */
export function answerFields(mid: string): Record<string, string> {
  return {
    code: `champ-code-${mid}`,
    documents: `champ-fichier-${mid}`,
    mainDocument: `champ-fichier-${mid}`,
    'mainDocument.typologie': `champ-typologie-${mid}`,
    typologie: `champ-typologie-${mid}`,
  };
}

const HELP: Record<string, string> = {
  '2-2': 'Votre réponse au courrier, en un document PDF.',
  '3-3': 'Vous refusez de transmettre les pièces demandées : joignez la lettre qui l’explique.',
  '3-4': 'Vous envoyez les pièces demandées : un ou plusieurs fichiers PDF.',
  '4-3': 'Vous contestez les observations : joignez votre lettre.',
  '4-4': 'Vous répondez aux observations : joignez votre lettre.',
};

export function letterSummary(cid: string, m: PrefectureMessage, today: Date): SafeHtml {
  const waiting = m.code !== '5-1' && (m.state === 'received' || m.state === 'acknowledged');
  return html`<h3>${PREFECTURE_MESSAGE_LABELS[m.code] ?? m.code} du ${frDay(m.dateCourrierPref)}</h3>
<p>${badge(PREFECTURE_MESSAGE_STATES[m.state], m.state === 'answer_acknowledged' ? 'ok' : waiting ? 'warn' : 'info')}${m.readAt ? '' : html` ${badge('Non lu', 'info')}`}
${waiting ? html` — réponse ${deadlineText(m.answerDeadline, today)}` : ''}</p>
${m.code === '5-1' ? html`<p class="note">La préfecture a saisi le tribunal administratif. Prévenez le maire et contactez le syndicat sans attendre.</p>` : ''}
${m.description ? html`<blockquote class="quote">${m.description}</blockquote>` : ''}
${m.documents.length ? html`<p>Pièces jointes par la préfecture : ${m.documents.map((d, i) => html`${i ? ', ' : ''}<a href="/api/v1/collectivites/${m.collectiviteId}/courriers/${m.id}/documents/${i + 1}">${d.name}</a>`)}.</p>` : ''}
<p><a href="/collectivites/${cid}/courriers/${m.id}">Ouvrir ce courrier</a></p>`;
}

export function answerForm(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PagesDeps,
  act: Act,
  m: PrefectureMessage,
  problems: readonly FieldProblem[],
): SafeHtml {
  const codes = Object.entries(ANSWERS).filter(([, a]) => a.to === m.code);
  const token = csrfToken(req, reply, deps.secureCookies);
  const typologies = [...new Set(['99_AU', ...act.documents.map((d) => d.typology)])];
  const ids = answerFields(m.id);
  const fileProblem = problems.find((p) => ids[p.field] === ids.documents);
  const has = (f: string) => problems.some((p) => ids[p.field] === ids[f]);
  const action = `/collectivites/${act.collectiviteId}/actes/${act.id}/courriers/${m.id}/reponse?_csrf=${encodeURIComponent(token)}`;
  return html`<form method="post" enctype="multipart/form-data" action="${action}" class="answer">
<h4>Répondre à ce courrier</h4>
<fieldset id="${ids.code}"${has('code') ? html` aria-invalid="true"` : ''}><legend>Votre réponse</legend>
${codes.map(
  ([code, a], i) =>
    html`<div><input type="radio" name="code" id="code-${m.id}-${code}" value="${code}"${i === 0 ? html` checked` : ''}>
<label for="code-${m.id}-${code}" style="display:inline">${a.label} <span class="hint">${HELP[code] ?? ''}</span></label></div>`,
)}</fieldset>
<label for="${ids.typologie}">Type de document</label>
<select id="${ids.typologie}" name="typologie">${typologies.map(
    (t) => html`<option value="${t}">${t === '99_AU' ? 'Autre document (99_AU)' : t}</option>`,
  )}</select>
<label for="${ids.documents}">Fichier${codes.some(([, a]) => a.many) ? 's' : ''} à joindre <span class="hint">PDF, 150 Mo au plus.</span></label>
${fileProblem ? html`<span class="field-error" id="erreur-fichier-${m.id}">${fileProblem.message}</span>` : ''}
<input type="file" id="${ids.documents}" name="fichier" accept="application/pdf,.pdf"${codes.some(([, a]) => a.many) ? html` multiple` : ''}${fileProblem ? html` aria-invalid="true" aria-describedby="erreur-fichier-${m.id}"` : ''}>
<div class="actions"><button type="submit">Envoyer la réponse à la préfecture</button></div>
</form>`;
}
