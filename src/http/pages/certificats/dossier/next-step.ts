// What happens next at each step of a request, and who must act, in plain French for the person reading
// the request page (a secrétaire de mairie, the holder, or an RA officer).
import type { RequestActor, RequestState } from '../../../../certification/workflow.ts';

export interface NextStep {
  /** Who must act now; null when nobody (waiting for the CA, or the request is closed). */
  who: RequestActor | 'ca' | null;
  text: string;
}

export const NEXT_STEPS: Record<RequestState, NextStep> = {
  draft: {
    who: 'collectivite',
    text: 'La collectivité complète la demande et ajoute les pièces demandées par l’autorité de certification, puis la dépose auprès du syndicat.',
  },
  submitted: {
    who: 'ra',
    text: 'Un officier d’enregistrement du syndicat examine chaque pièce. Il valide le dossier s’il est complet, ou le renvoie à la collectivité en disant ce qui manque.',
  },
  returned: {
    who: 'collectivite',
    text: 'Le syndicat a renvoyé le dossier : la collectivité corrige la demande ou remplace les pièces refusées, puis la dépose de nouveau.',
  },
  checked: {
    who: 'ra',
    text: 'Le dossier est complet. Le syndicat va commander le certificat à l’autorité de certification, avec d’autres demandes, au prix négocié.',
  },
  sent_to_ca: {
    who: 'ca',
    text: 'L’autorité de certification fabrique le certificat et envoie le support (clé) au syndicat. Cela prend en général quelques semaines.',
  },
  token_received: {
    who: 'ra',
    text: 'Le syndicat a reçu le support. Il va proposer au titulaire un rendez-vous pour le lui remettre en main propre.',
  },
  appointment_set: {
    who: 'holder',
    text: 'Le titulaire vient au rendez-vous avec l’original de sa pièce d’identité : l’officier vérifie son identité, lui remet le support et ils signent le procès-verbal de remise.',
  },
  handed_over: {
    who: 'holder',
    text: 'Le support est remis. À sa première connexion à Relais avec ce certificat, le titulaire confirme qu’il est bien le sien : il est alors rattaché à son compte.',
  },
  active: {
    who: null,
    text: 'Le certificat est en service. Relais préviendra le titulaire, la collectivité et le syndicat 90, 30 et 7 jours avant son expiration.',
  },
  renewal_due: {
    who: 'collectivite',
    text: 'Le certificat expire bientôt : la collectivité demande son renouvellement (la demande est préremplie à partir de celle-ci).',
  },
  revocation_requested: {
    who: 'ra',
    text: 'Le syndicat demande la révocation à l’autorité de certification et enregistre sa confirmation. D’ici là, ne vous servez plus de ce certificat.',
  },
  renewed: { who: null, text: 'Ce certificat a été remplacé par le certificat renouvelé. Rien à faire.' },
  revoked: {
    who: null,
    text: 'Ce certificat est révoqué : il ne permet plus de se connecter ni de transmettre.',
  },
  expired: {
    who: null,
    text: 'Ce certificat a expiré. Pour continuer à transmettre, faites une demande de renouvellement.',
  },
  cancelled: { who: null, text: 'La demande a été abandonnée. Rien à faire.' },
};

export const WHO_LABELS: Record<RequestActor | 'ca', string> = {
  collectivite: 'l’administrateur de la collectivité',
  ra: 'un officier d’enregistrement du syndicat',
  holder: 'le titulaire',
  system: 'Relais',
  ca: 'l’autorité de certification',
};
