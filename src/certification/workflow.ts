// The life of a certificate request, pure: its states, the actions that move it and who may take each.
// Every change of state in the store goes through `decide`, so the table below is the whole rulebook.
import { AppError } from '../kernel/errors.ts';

export const REQUEST_STATES = {
  draft: 'Brouillon',
  submitted: 'Déposée par la collectivité',
  returned: 'Renvoyée à la collectivité',
  checked: 'Dossier vérifié par le syndicat',
  sent_to_ca: 'Commandée à l’autorité de certification',
  token_received: 'Support reçu par le syndicat',
  appointment_set: 'Rendez-vous de remise fixé',
  handed_over: 'Remis au titulaire',
  active: 'Actif',
  renewal_due: 'À renouveler',
  revocation_requested: 'Révocation demandée',
  renewed: 'Renouvelé',
  revoked: 'Révoqué',
  expired: 'Expiré',
  cancelled: 'Abandonnée',
} as const;

export type RequestState = keyof typeof REQUEST_STATES;

export const FINAL_STATES: readonly RequestState[] = ['renewed', 'revoked', 'expired', 'cancelled'];

/** States in which a certificate exists and may be used or revoked. */
export const LIVE_CERTIFICATE_STATES: readonly RequestState[] = [
  'handed_over',
  'active',
  'renewal_due',
  'revocation_requested',
];

/**
 * Who acts: an admin of the request's collectivité, one of the syndicat's RA officers, the holder
 * (the person the certificate is for), or the platform itself (daily lifecycle job, CA connector).
 */
export type RequestActor = 'collectivite' | 'ra' | 'holder' | 'system';

export interface ActionRule {
  label: string;
  from: readonly RequestState[];
  to: RequestState;
  by: readonly RequestActor[];
}

export const REQUEST_ACTIONS = {
  submit: {
    label: 'Déposer la demande auprès du syndicat',
    from: ['draft', 'returned'],
    to: 'submitted',
    by: ['collectivite'],
  },
  cancel: {
    label: 'Abandonner la demande',
    from: ['draft', 'returned', 'submitted'],
    to: 'cancelled',
    by: ['collectivite', 'ra'],
  },
  check: { label: 'Valider le dossier', from: ['submitted'], to: 'checked', by: ['ra'] },
  return: {
    label: 'Renvoyer le dossier à la collectivité',
    // sent_to_ca: the CA refused the file.
    from: ['submitted', 'checked', 'sent_to_ca'],
    to: 'returned',
    by: ['ra'],
  },
  order: {
    label: 'Commander à l’autorité de certification',
    from: ['checked'],
    to: 'sent_to_ca',
    by: ['ra'],
  },
  'receive-token': {
    label: 'Enregistrer la réception du support et du certificat',
    from: ['sent_to_ca'],
    to: 'token_received',
    by: ['ra', 'system'],
  },
  schedule: {
    label: 'Fixer le rendez-vous de remise',
    from: ['token_received', 'appointment_set'],
    to: 'appointment_set',
    by: ['ra'],
  },
  'hand-over': {
    label: 'Enregistrer la remise en face à face',
    from: ['token_received', 'appointment_set'],
    to: 'handed_over',
    by: ['ra'],
  },
  link: {
    label: 'Confirmer que ce certificat est le mien',
    from: ['handed_over'],
    to: 'active',
    by: ['holder'],
  },
  'renewal-due': { label: 'Échéance de renouvellement', from: ['active'], to: 'renewal_due', by: ['system'] },
  'request-revocation': {
    label: 'Demander la révocation',
    // renewed: the old token, lost or compromised, until it expires.
    from: ['handed_over', 'active', 'renewal_due', 'renewed'],
    to: 'revocation_requested',
    by: ['holder', 'collectivite', 'ra'],
  },
  'confirm-revocation': {
    label: 'Enregistrer la confirmation de révocation',
    from: ['revocation_requested'],
    to: 'revoked',
    by: ['ra', 'system'],
  },
  renewed: {
    label: 'Remplacé par le certificat renouvelé',
    from: ['handed_over', 'active', 'renewal_due'],
    to: 'renewed',
    by: ['system'],
  },
  expire: {
    label: 'Expiration',
    from: ['handed_over', 'active', 'renewal_due', 'revocation_requested'],
    to: 'expired',
    by: ['system'],
  },
} as const satisfies Record<string, ActionRule>;

export type RequestAction = keyof typeof REQUEST_ACTIONS;

export const REVOCATION_REASONS = {
  departure: 'Départ de la personne (mutation, fin de contrat, retraite)',
  loss: 'Perte ou vol du support',
  compromise: 'Compromission (code PIN divulgué, usage frauduleux soupçonné)',
  end_of_mandate: 'Fin de mandat de l’élu',
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export const DOCUMENT_KINDS = {
  'id-copy': 'Copie de la pièce d’identité, certifiée conforme par le titulaire',
  'election-record': 'Délibération ou procès-verbal d’élection du maire ou du président',
  'subscription-contract': 'Contrat d’abonnement signé',
  'legal-rep-approval': 'Accord du représentant légal',
  'handover-report': 'Procès-verbal de remise signé',
  other: 'Autre pièce',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Documents a collectivité may be asked for by a CA's checklist. */
export const CHECKLIST_KINDS = [
  'id-copy',
  'election-record',
  'subscription-contract',
  'legal-rep-approval',
] as const satisfies readonly DocumentKind[];

export const PURPOSES = {
  actes: 'Télétransmission des actes au contrôle de légalité',
  helios: 'Signature des flux comptables (Hélios)',
} as const;

export type Purpose = keyof typeof PURPOSES;

export function isFinal(state: RequestState): boolean {
  return FINAL_STATES.includes(state);
}

/** The actions `actor` may take on a request in `state`, in table order. */
export function availableActions(state: RequestState, actor: RequestActor): RequestAction[] {
  return (Object.keys(REQUEST_ACTIONS) as RequestAction[]).filter((a) => {
    const rule: ActionRule = REQUEST_ACTIONS[a];
    return rule.from.includes(state) && rule.by.includes(actor);
  });
}

/**
 * The state `action` leads to from `state`, or the reason it cannot be taken, in French: FORBIDDEN
 * when `actor` may never take it, CERT_REQUEST_STATE when the request is not at a step that allows it.
 */
export function decide(state: RequestState, action: RequestAction, actor: RequestActor): RequestState {
  const rule: ActionRule = REQUEST_ACTIONS[action];
  if (!rule.by.includes(actor))
    throw new AppError('FORBIDDEN', `« ${rule.label} » n’est pas une action que vous pouvez faire.`);
  if (!rule.from.includes(state))
    throw new AppError(
      'CERT_REQUEST_STATE',
      `« ${rule.label} » est impossible : la demande est à l’étape « ${REQUEST_STATES[state]} ».`,
    );
  return rule.to;
}

/** The documents still missing from a file, against the CA's checklist. */
export function missingDocuments(
  required: readonly DocumentKind[],
  present: readonly { kind: DocumentKind; review: 'pending' | 'accepted' | 'refused'; purged: boolean }[],
): DocumentKind[] {
  return required.filter((k) => !present.some((d) => d.kind === k && d.review !== 'refused' && !d.purged));
}

/** The documents of the checklist not yet accepted by an RA officer (what blocks `check`). */
export function unacceptedDocuments(
  required: readonly DocumentKind[],
  present: readonly { kind: DocumentKind; review: 'pending' | 'accepted' | 'refused'; purged: boolean }[],
): DocumentKind[] {
  return required.filter((k) => !present.some((d) => d.kind === k && d.review === 'accepted' && !d.purged));
}
