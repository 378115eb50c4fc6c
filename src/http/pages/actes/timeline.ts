// An act's history in plain French: one sentence per recorded event, the préfecture's letters included.
import type { ActEventRecord } from '../../../actes/transmission/index.ts';
import { ANSWERS, PREFECTURE_MESSAGE_LABELS } from '../../../actes/transmission/index.ts';
import { frDay, frMoment } from '../../ui/components.ts';
import { html, type SafeHtml } from '../../ui/html.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const ANSWER_ACKS: Record<string, string> = {
  '3-5': 'La préfecture a bien reçu les pièces complémentaires',
  '4-5': 'La préfecture a bien reçu votre réponse à sa lettre d’observations',
};

export function eventSentence(e: ActEventRecord): SafeHtml {
  const d = e.detail ?? {};
  switch (e.kind) {
    case 'created':
      return html`Acte créé.`;
    case 'updated':
      return html`Acte modifié.`;
    case 'confirmation_requested':
      return html`Envoi demandé : un agent télétransmetteur doit le confirmer.`;
    case 'confirmed':
      return html`Envoi confirmé par un agent télétransmetteur.`;
    case 'sent_back':
      return html`Renvoyé en brouillon${str(d.reason) ? html` : « ${str(d.reason)} »` : ''}.`;
    case 'submitted':
      return html`Envoi demandé par un agent télétransmetteur.`;
    case 'built':
      return html`Archive préparée pour la préfecture.`;
    case 'build_refused':
      return html`L’archive n’a pas pu être préparée : l’acte doit être corrigé.`;
    case 'sent':
      return html`Transmis au ministère de l’Intérieur, en route vers la préfecture.`;
    case 'send_failed':
      return html`Envoi pas encore abouti (incident de notre côté) : Relais réessaie tout seul.`;
    case 'resent_without_ar':
      return html`Pas d’accusé de réception : Relais a renvoyé la même archive.`;
    case 'acknowledged':
      return html`Reçu en préfecture${str(d.dateReception) ? html` le ${frDay(str(d.dateReception))}` : ''}${str(d.idActe) ? html` (identifiant ${str(d.idActe)})` : ''}.`;
    case 'refused':
      return html`Refusé par la préfecture${str(d.detail) ? html` : « ${str(d.detail)} »` : ''}.`;
    case 'reply_refused':
      return html`Une réponse envoyée à la préfecture a été refusée.`;
    case 'reopened':
      return html`Repris en brouillon pour être corrigé.`;
    case 'cancellation_requested':
      return html`Annulation demandée à la préfecture.`;
    case 'cancelled':
      return html`Annulation confirmée par la préfecture.`;
    case 'prefecture_message':
      return html`Courrier de la préfecture reçu : ${PREFECTURE_MESSAGE_LABELS[str(d.code)] ?? str(d.code)}${str(d.date) ? html` du ${frDay(str(d.date))}` : ''}.`;
    case 'answer_queued':
      return html`Réponse préparée : ${ANSWERS[str(d.code)]?.label ?? str(d.code)}.`;
    case 'answer_sent':
      return html`Réponse transmise à la préfecture (${ANSWERS[str(d.code)]?.label ?? str(d.code)}).`;
    case 'ack_sent':
      return html`Accusé de réception du courrier envoyé automatiquement à la préfecture.`;
    case 'answer_acknowledged':
      return html`${ANSWER_ACKS[str(d.code)] ?? 'La préfecture a reçu votre réponse'}${str(d.dateReception) ? html` le ${frDay(str(d.dateReception))}` : ''}.`;
    default:
      return html`Événement enregistré (${e.kind}).`;
  }
}

export function timeline(events: readonly ActEventRecord[]): SafeHtml {
  if (events.length === 0) return html`<p class="empty">Rien n’est encore arrivé à cet acte.</p>`;
  return html`<ol class="timeline">${events.map(
    (e) => html`<li><time datetime="${e.at.toISOString()}">${frMoment(e.at)}</time>${eventSentence(e)}</li>`,
  )}</ol>`;
}
