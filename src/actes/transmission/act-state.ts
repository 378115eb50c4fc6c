// The act's state machine (drawn in docs/etats-acte.md): which event moves an act from which state
// to which, the French label of each state, and the S²LOW numeric status exposed beside ours so that
// business software built for S²LOW can read it. Pure.

export const ACT_STATES = {
  draft: 'Brouillon',
  awaiting_confirmation: 'En attente de confirmation',
  queued: 'En file d’envoi',
  built: 'Archive prête',
  sent: 'Transmis, en attente d’accusé de réception',
  acknowledged: 'Reçu en préfecture',
  refused: 'Refusé par la préfecture',
  error: 'En erreur (nouvel essai automatique)',
  cancelling: 'Annulation demandée',
  cancelled: 'Annulé',
} as const;

export type ActState = keyof typeof ACT_STATES;

export type ActEvent =
  | 'submit' // by a transmitter
  | 'request_confirmation' // by a preparer
  | 'confirm'
  | 'reject_confirmation'
  | 'built'
  | 'sent'
  | 'failed' // ours (build or send); retried
  | 'retry'
  | 'acknowledged' // 1-2
  | 'refused' // 1-3 or envelope anomaly
  | 'edit' // back to draft after a refusal or a failed check, to fix and resend
  | 'request_cancellation' // 6-1 sent
  | 'cancelled'; // 6-2

const TRANSITIONS: Record<ActEvent, Partial<Record<ActState, ActState>>> = {
  submit: { draft: 'queued', awaiting_confirmation: 'queued' },
  request_confirmation: { draft: 'awaiting_confirmation' },
  confirm: { awaiting_confirmation: 'queued' },
  reject_confirmation: { awaiting_confirmation: 'draft' },
  built: { queued: 'built', error: 'built' },
  sent: { built: 'sent', error: 'sent' },
  failed: { queued: 'error', built: 'error', error: 'error' },
  retry: { error: 'queued' },
  // An AR may overtake our own record of the send (the reply is fast, the worker slow).
  acknowledged: { sent: 'acknowledged', built: 'acknowledged', error: 'acknowledged' },
  refused: { sent: 'refused', built: 'refused', error: 'refused' },
  edit: { refused: 'draft', error: 'draft' },
  request_cancellation: { acknowledged: 'cancelling' },
  cancelled: { cancelling: 'cancelled', acknowledged: 'cancelled' },
};

/** The next state, or null when the event does not apply to this state. */
export function nextState(state: ActState, event: ActEvent): ActState | null {
  return TRANSITIONS[event][state] ?? null;
}

export function canApply(state: ActState, event: ActEvent): boolean {
  return nextState(state, event) !== null;
}

/** Every (from, event, to) edge, for the documentation and the tests. */
export function transitions(): { from: ActState; event: ActEvent; to: ActState }[] {
  return (Object.entries(TRANSITIONS) as [ActEvent, Partial<Record<ActState, ActState>>][]).flatMap(
    ([event, m]) => (Object.entries(m) as [ActState, ActState][]).map(([from, to]) => ({ from, event, to })),
  );
}

export const FINAL_STATES: readonly ActState[] = ['acknowledged', 'refused', 'cancelled'];

/**
 * S²LOW's numeric status (actes-protocol §9): −1 Erreur · 0 Annulé · 1 Posté · 2 En attente de
 * transmission · 3 Transmis · 4 Acquittement reçu · 5 Validé (2 months after 4) · 6 Refusé ·
 * 17 En attente d'être postée.
 */
export function s2lowStatus(state: ActState, receivedDate: string | null, today: string): number {
  switch (state) {
    case 'draft':
    case 'awaiting_confirmation':
      return 17;
    case 'queued':
      return 1;
    case 'built':
      return 2;
    case 'sent':
      return 3;
    case 'acknowledged':
    case 'cancelling':
      return receivedDate && isTwoMonthsPast(receivedDate, today) ? 5 : 4;
    case 'refused':
      return 6;
    case 'error':
      return -1;
    case 'cancelled':
      return 0;
  }
}

function isTwoMonthsPast(date: string, today: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const limit = new Date(Date.UTC(y, m + 1, d)).toISOString().slice(0, 10);
  return today >= limit;
}
