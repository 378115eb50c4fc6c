// The console's pages, rendered on the server and escaped: the acts received, one act with the
// préfecture's actions, the journal, and the settings (SIRENs, classification, faults).
import { frenchDate } from '../../../actes/protocol/index.ts';
import { html, type SafeHtml } from '../../../http/ui/html.ts';
import { answerToAcknowledge } from '../actions/acknowledge-answer.ts';
import type { JournalEntry } from '../journal/journal-entry.ts';
import { type ActState, currentClassification, isAcknowledged } from '../journal/simulator-state.ts';
import { CODE_TITLES } from '../replies/reply-mail.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { frenchInstant } from './console-layout.ts';
import { archiveFileUrl, outboxFileUrl } from './file-routes.ts';

const actUrl = (idActe: string) => `/console/actes/${encodeURIComponent(idActe)}`;

function status(ctx: SimulatorContext, act: ActState): string {
  if (act.cancelled) return `Annulé (${frenchDate(act.cancelled.dateReception)})`;
  if (act.letters.some((l) => l.code === '5-1')) return 'Déféré au tribunal administratif';
  return isAcknowledged(ctx.state, act)
    ? `Acquitté le ${frenchDate(act.dateReception)}`
    : 'Reçu, accusé de réception à venir';
}

export function actsPage(ctx: SimulatorContext): SafeHtml {
  const acts = [...ctx.state.acts.values()].reverse();
  const pending = [...ctx.state.outbox.values()];
  return html`
<p>Classification en vigueur : <strong>${frenchDate(currentClassification(ctx.state).dateClassification)}</strong>.
Collectivités enregistrées : ${ctx.state.sirens.size}. Courriels en attente d'envoi : ${pending.length}.</p>
${pending.length > 0 ? html`<form method="post" action="/console/envoyer" class="inline"><button>Envoyer maintenant les réponses dues</button></form>` : ''}
<h2>Actes reçus (${acts.length})</h2>
${
  acts.length === 0
    ? html`<p class="muted">Aucun acte reçu pour l'instant.</p>`
    : html`<table><thead><tr><th>Identifiant (IDActe)</th><th>SIREN</th><th>Objet</th><th>Reçu le</th><th>État</th><th>Courriers</th></tr></thead><tbody>
${acts.map(
  (
    a,
  ) => html`<tr><td><a href="${actUrl(a.idActe)}"><code>${a.idActe}</code></a></td><td>${a.siren}</td><td>${a.acte.objet}</td>
<td>${frenchInstant(a.receivedAt)}</td><td>${status(ctx, a)}</td><td>${a.letters.map((l) => l.code).join(', ')}</td></tr>`,
)}</tbody></table>`
}`;
}

function letterForms(idActe: string): SafeHtml {
  const form = (code: string, title: string, fields: SafeHtml) => html`
<fieldset><legend>${code} — ${title}</legend>
<form method="post" action="${actUrl(idActe)}/courrier"><input type="hidden" name="code" value="${code}">
${fields}<label>Texte de la lettre (facultatif)<textarea name="texte"></textarea></label>
<button>Envoyer le courrier ${code}</button></form></fieldset>`;
  return html`
${form('2-1', 'Courrier simple', html``)}
${form('3-1', 'Demande de pièces complémentaires', html`<label>Pièces demandées<input type="text" name="descriptionPieces" required></label>`)}
${form('4-1', "Lettre d'observations", html`<label>Motif<input type="text" name="motif" required></label>`)}
${form(
  '5-1',
  'Déféré au tribunal administratif',
  html`<label>Nature de l'illégalité<input type="text" name="natureIllegalite" required></label>
<label>Date de dépôt (AAAA-MM-JJ, aujourd'hui si vide)<input type="text" name="dateDepot" pattern="\\d{4}-\\d{2}-\\d{2}"></label>`,
)}`;
}

function mailLinks(ctx: SimulatorContext, mailId: string): SafeHtml {
  const sent = ctx.journal
    .query({ type: 'mail-scheduled' })
    .find((e) => e.type === 'mail-scheduled' && e.mail.id === mailId);
  if (sent?.type !== 'mail-scheduled') return html``;
  return html`${sent.mail.attachments.map((a) => html` <a href="${outboxFileUrl(mailId, a.name)}">${a.name}</a>`)}`;
}

export function actPage(ctx: SimulatorContext, act: ActState): SafeHtml {
  const a = act.acte;
  const canAct = !act.cancelled && isAcknowledged(ctx.state, act);
  return html`
<table><tbody>
<tr><th>État</th><td>${status(ctx, act)}</td></tr>
<tr><th>Collectivité</th><td>SIREN ${act.siren} — département ${act.departement}, arrondissement ${act.arrondissement}</td></tr>
<tr><th>Objet</th><td>${a.objet}</td></tr>
<tr><th>Nature, numéro, date</th><td>${a.codeNatureActe} — ${a.numeroInterne} — décision du ${frenchDate(a.date)}</td></tr>
<tr><th>Classement</th><td>${a.codesMatiere.join('.')} (classification du ${frenchDate(a.classificationDateVersion)})</td></tr>
<tr><th>Documents</th><td>${[a.document, ...a.annexes].map((d) => html`<code>${d.nomFichier}</code><br>`)}</td></tr>
<tr><th>Archive reçue</th><td><a href="${archiveFileUrl(act.archiveSha256)}">${act.archive}</a> le ${frenchInstant(act.receivedAt)}</td></tr>
<tr><th>Accusé de réception</th><td>1-2 daté du ${frenchDate(act.dateReception)} ${mailLinks(ctx, act.arMailId)}</td></tr>
<tr><th>Adresses de retour</th><td>${act.returnAddresses.join(', ')}</td></tr>
</tbody></table>
<h2>Courriers de la préfecture</h2>
${
  act.letters.length === 0
    ? html`<p class="muted">Aucun courrier envoyé.</p>`
    : html`<table><thead><tr><th>Courrier</th><th>Date</th><th>Objet</th><th>Réponses de la collectivité</th><th>Fichiers</th></tr></thead><tbody>
${act.letters.map((l) => {
  const waiting = answerToAcknowledge(l);
  return html`<tr><td>${l.code} ${CODE_TITLES[l.code]}</td><td>${frenchDate(l.dateCourrierPref)}</td><td>${l.summary}</td>
<td>${l.answers.map((r) => html`${r.code} reçu le ${frenchInstant(r.receivedAt)}<br>`)}
${l.acknowledgement ? html`${l.acknowledgement.code} envoyé (${frenchDate(l.acknowledgement.dateReception)})` : ''}
${waiting ? html`<form method="post" action="${actUrl(act.idActe)}/accuser" class="inline"><input type="hidden" name="courrier" value="${l.code}"><button>Accuser réception (${waiting})</button></form>` : ''}</td>
<td>${mailLinks(ctx, l.mailId)}</td></tr>`;
})}</tbody></table>`
}
<h2>Agir sur l'acte</h2>
${canAct ? letterForms(act.idActe) : html`<p class="muted">Aucune action possible : l'acte ${act.cancelled ? 'est annulé' : "n'est pas encore acquitté"}.</p>`}`;
}

function describe(e: JournalEntry): string {
  switch (e.type) {
    case 'archive-received':
      return `Archive ${e.archive} (${e.size} octets) : ${e.outcome}${e.detail ? ` — ${e.detail}` : ''}${e.messages.map((m) => ` · ${m.file} : ${m.outcome}${m.detail ? ` (${m.detail})` : ''}`).join('')}`;
    case 'mail-sent':
      return `Courriel ${e.mailId} ${e.delivered ? 'envoyé' : 'conservé (pas de serveur SMTP)'} à ${e.to.join(', ')} : ${e.attachments.join(', ')}${e.copy ? ' (copie)' : ''}`;
    case 'mail-scheduled':
      return `Courriel ${e.mail.id} prévu le ${frenchInstant(e.mail.dueAt)} : ${e.mail.subject}`;
    case 'fault':
      return `Panne ${e.fault} : ${e.detail}`;
    default:
      return JSON.stringify({ ...e, seq: undefined, at: undefined, type: undefined });
  }
}

export function journalPage(ctx: SimulatorContext, limit = 200): SafeHtml {
  const entries = ctx.journal.entries().slice(-limit).reverse();
  return html`<p class="muted">Les ${limit} dernières entrées, les plus récentes d'abord. Tout le journal : <a href="/journal">/journal</a> (JSON).</p>
<table><thead><tr><th>N°</th><th>Quand</th><th>Type</th><th>Détail</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${e.seq}</td><td>${frenchInstant(e.at)}</td><td>${e.type}</td><td>${describe(e)}</td></tr>`)}
</tbody></table>`;
}

export function settingsPage(ctx: SimulatorContext): SafeHtml {
  const faults = ctx.faults.status();
  return html`
<h2>Collectivités enregistrées</h2>
<p>${[...ctx.state.sirens].sort().join(', ') || 'aucune'}</p>
<form method="post" action="/console/sirens"><label>SIREN à enregistrer<input type="text" name="siren" required pattern="[0-9 .]{9,11}"></label><button>Enregistrer</button></form>
<h2>Classification</h2>
<p>Versions publiées : ${ctx.state.classifications.map((c) => frenchDate(c.dateClassification)).join(', ')} (la dernière est en vigueur).</p>
<form method="post" action="/console/classification"><label>Date de la nouvelle version (AAAA-MM-JJ, aujourd'hui si vide)<input type="text" name="date" pattern="\\d{4}-\\d{2}-\\d{2}"></label>
<button>Publier une nouvelle version</button></form>
<p class="muted">Les actes codés avec l'ancienne date seront refusés (1-3, ODT-VERIF-01) jusqu'à ce que la plateforme demande la nouvelle classification (7-1).</p>
<h2>Pannes simulées</h2>
<pre>${JSON.stringify(faults, null, 2)}</pre>
<p class="muted">Elles se règlent par l'API de contrôle : <code>PUT /faults</code> (voir docs/simulateur.md).</p>
<h2>Réponses automatiques</h2>
<p>Délai : ${ctx.options.replyDelayMs} ms${ctx.options.workingDaysOnly ? ', jours ouvrés seulement' : ''}. Accusés de réception des réponses (3-5, 4-5) : ${ctx.options.autoAcknowledgeAnswers ? 'automatiques' : 'à la main'}.</p>`;
}
