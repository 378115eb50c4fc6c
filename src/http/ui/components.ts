// Small shared pieces of the pages: state badges that carry their text, the error summary linked to its
// fields, confirmation messages, French dates.
import type { ActState } from '../../actes/transmission/index.ts';
import { ACT_STATES } from '../../actes/transmission/index.ts';
import type { FieldProblem } from '../../kernel/errors.ts';
import { html, type SafeHtml } from './html.ts';

const TONES: Record<ActState, 'ok' | 'warn' | 'ko' | 'info' | 'neutral'> = {
  draft: 'neutral',
  awaiting_confirmation: 'warn',
  queued: 'info',
  built: 'info',
  sent: 'info',
  acknowledged: 'ok',
  refused: 'ko',
  error: 'warn',
  cancelling: 'warn',
  cancelled: 'neutral',
};

/** The state in words, coloured only as a help: the text says it all. */
export function stateBadge(state: ActState): SafeHtml {
  return html`<span class="badge ${TONES[state]}">${ACT_STATES[state]}</span>`;
}

export function badge(text: string, tone: 'ok' | 'warn' | 'ko' | 'info' | 'neutral'): SafeHtml {
  return html`<span class="badge ${tone}">${text}</span>`;
}

/** A field's element id from a problem's field name (`annexes[0].typologie` → `champ-annexes-0-typologie`). */
export function fieldId(field: string): string {
  return `champ-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}

/**
 * The error summary at the top of a form: focused first (tabindex + autofocus-like role), each problem
 * a link to its field. `fields` maps a use case's field names to this form's element ids.
 */
export function errorSummary(
  problems: readonly FieldProblem[],
  fields: Record<string, string> = {},
  fallbackId?: string,
): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="erreurs" aria-labelledby="erreurs-titre">
<h2 id="erreurs-titre">${problems.length === 1 ? 'Il y a un problème' : `Il y a ${problems.length} problèmes`}</h2>
<ul>${problems.map((p) => {
    const target = fields[p.field] ?? fallbackId;
    return html`<li>${target ? html`<a href="#${target}">${p.message}</a>` : p.message}</li>`;
  })}</ul></div>`;
}

/** Confirmation messages shown after a form, chosen by key: nothing from the address is reflected. */
export const FLASH: Record<string, string> = {
  envoye: 'C’est fait : l’acte part vers la préfecture. Vous verrez ici son accusé de réception.',
  'confirmation-demandee':
    'C’est noté : un agent télétransmetteur doit maintenant confirmer l’envoi de cet acte.',
  confirme: 'Envoi confirmé : l’acte part vers la préfecture.',
  'renvoye-brouillon': 'L’acte est revenu en brouillon ; la personne qui l’a préparé peut le corriger.',
  repris: 'L’acte est repris en brouillon : corrigez-le, puis envoyez-le de nouveau.',
  'annulation-demandee':
    'La demande d’annulation est partie. La préfecture confirmera l’annulation par un accusé.',
  'reponse-envoyee': 'Votre réponse part vers la préfecture. Vous verrez ici son accusé de réception.',
  'envoi-groupe': 'Les actes choisis ont été traités : voyez le résultat de chacun ci-dessous.',
};

export function flashMessage(key: unknown): SafeHtml {
  const text = typeof key === 'string' ? FLASH[key] : undefined;
  return text ? html`<div class="flash" role="status">${text}</div>` : html``;
}

const LONG = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** 2026-11-20 → 20 novembre 2026. */
export function frDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : LONG.format(d);
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

export function frMoment(d: Date | null | undefined): string {
  return d ? DATE_TIME.format(d) : '—';
}

/** Whole days from `today` to `iso` (negative when past), both as calendar days. */
export function daysUntil(iso: string, today: Date): number {
  const a = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((a - b) / 86_400_000);
}

export function deadlineText(iso: string | null, today: Date): SafeHtml {
  if (!iso) return html`pas de délai indiqué`;
  const n = daysUntil(iso, today);
  const when = frDay(iso);
  if (n < 0) return html`${badge('Délai dépassé', 'ko')} le ${when}`;
  if (n <= 7)
    return html`${badge(n === 0 ? 'Aujourd’hui' : `Dans ${n} jour${n > 1 ? 's' : ''}`, 'warn')} avant le ${when}`;
  return html`avant le ${when}`;
}
