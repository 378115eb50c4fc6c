// The @CTES messages as typed values: one tagged union shared by the builders and the parser.
// Field names follow the protocol's element names (camelCase); dates are YYYY-MM-DD strings.

/** A file named in a message, with its optional detached signature (base64 of a CMS/PKCS#7 file). */
export interface FichierSigne {
  nomFichier: string;
  signature?: string;
}

/** DonneesActe: an act as transmitted (1-1) and as echoed back in 1-2 / 1-3. */
export interface ActeData {
  /** Decision date. */
  date: string;
  numeroInterne: string;
  /** 1–6 (DE AR AI CC BF AU). */
  codeNatureActe: number;
  /** CodeMatiere1…5; null where a received message skips a level (seen in real 1-3 messages). */
  codesMatiere: readonly (number | null)[];
  objet: string;
  classificationDateVersion: string;
  precedentIdentifiantActe?: string;
  document: FichierSigne;
  annexes: readonly FichierSigne[];
  /** ACTES 2.2: documents follow on paper (O/N). Undefined when a 1.x message has no such element. */
  documentPapier?: boolean;
}

/** DonneesCourrierPref: which act and which préfecture letter a message is about. */
export interface CourrierPref {
  idActe: string;
  dateCourrierPref: string;
}

export interface Referent {
  nom?: string;
  telephone?: string;
  email?: string;
}

/** IDCL: the collectivité sending an envelope. */
export interface IdCl {
  siren: string;
  departement: string;
  /** One digit. */
  arrondissement: string;
  /** Two digits: nature of the collectivité (31 commune…). */
  nature: string;
}

/** DonneesEnveloppeCLMISILL. */
export interface EnveloppeCLMISILLData {
  emetteur: IdCl;
  referent?: Referent;
  adressesRetour: readonly string[];
  formulaires: readonly FichierSigne[];
}

export type EmetteurPrefecture =
  | { type: 'SGAR'; departement: string }
  | { type: 'Pref'; departement: string }
  | { type: 'SousPref'; departement: string; arrondissement: string };

export interface EnveloppeMISILLCLData {
  emetteur: EmetteurPrefecture;
  referent?: Referent;
  formulaires: readonly FichierSigne[];
  /** SIREN of the collectivité the envelope is for. */
  destinataire: string;
}

export interface TypePJ {
  codeTypePJ: string;
  libelle: string;
}

export interface NatureActeClassification {
  codeNatureActe: number;
  libelle: string;
  typeAbrege: string;
  /** ACTES 2.2 typology; empty in a 1.x classification. */
  typesPJ: readonly TypePJ[];
}

export interface MatiereNode {
  codeMatiere: number;
  libelle: string;
  children: readonly MatiereNode[];
}

export interface RetourClassificationData {
  dateClassification: string;
  naturesActes: readonly NatureActeClassification[];
  /** Matière1 nodes; up to 5 levels. */
  matieres: readonly MatiereNode[];
}

// Collectivité → préfecture
export type ActeMessage = { kind: 'Acte' } & ActeData;
export type ReponseCourrierSimpleMessage = {
  kind: 'ReponseCourrierSimple';
  document: FichierSigne;
} & CourrierPref;
export type ARDemandePieceComplementaireMessage = { kind: 'ARDemandePieceComplementaire' } & CourrierPref;
export type RefusPieceComplementaireMessage = {
  kind: 'RefusPieceComplementaire';
  document: FichierSigne;
} & CourrierPref;
export type PieceComplementaireMessage = {
  kind: 'PieceComplementaire';
  documents: readonly FichierSigne[];
} & CourrierPref;
export type ARLettreObservationsMessage = { kind: 'ARLettreObservations' } & CourrierPref;
export type RejetLettreObservationsMessage = {
  kind: 'RejetLettreObservations';
  document: FichierSigne;
} & CourrierPref;
export type ReponseLettreObservationsMessage = {
  kind: 'ReponseLettreObservations';
  document: FichierSigne;
} & CourrierPref;
export type AnnulationMessage = { kind: 'Annulation'; idActe: string };
export type DemandeClassificationMessage = { kind: 'DemandeClassification'; dateClassification?: string };
export type EnveloppeCLMISILLMessage = { kind: 'EnveloppeCLMISILL' } & EnveloppeCLMISILLData;

// Préfecture → collectivité
export type ARActeMessage = {
  kind: 'ARActe';
  idActe: string;
  dateReception: string;
  acteRecu: ActeData;
  classificationDateVersionEnCours: string;
};
export type AnomalieActeMessage = {
  kind: 'AnomalieActe';
  date: string;
  /** Three digits in the schema; kept as received. */
  nature: string;
  detail?: string;
  acteRecu: ActeData;
  classificationDateVersionEnCours: string;
};
export type AnomalieEnveloppeMessage = {
  kind: 'AnomalieEnveloppe';
  date: string;
  /** 001–005 or 100 in the schema; real messages also carry 999. Kept as received. */
  nature: string;
  detail?: string;
  enveloppeRecue: EnveloppeCLMISILLData;
};
export type CourrierSimpleMessage = { kind: 'CourrierSimple'; document: FichierSigne } & CourrierPref;
export type DemandePieceComplementaireMessage = {
  kind: 'DemandePieceComplementaire';
  descriptionPieces: string;
  document: FichierSigne;
} & CourrierPref;
export type ARPieceComplementaireMessage = {
  kind: 'ARPieceComplementaire';
  dateReception: string;
  infosCourrierPref: CourrierPref;
};
export type LettreObservationsMessage = {
  kind: 'LettreObservations';
  motif: string;
  document: FichierSigne;
} & CourrierPref;
export type ARReponseRejetLettreObservationsMessage = {
  kind: 'ARReponseRejetLettreObservations';
  dateReception: string;
  infosCourrierPref: CourrierPref;
};
export type DefereTAMessage = {
  kind: 'DefereTA';
  idActe: string;
  dateDepot: string;
  natureIllegalite: string;
  piecesJointes: readonly FichierSigne[];
};
export type ARAnnulationMessage = { kind: 'ARAnnulation'; idActe: string; dateReception: string };
export type RetourClassificationMessage = { kind: 'RetourClassification' } & RetourClassificationData;
export type ReponseClassificationSansChangementMessage = {
  kind: 'ReponseClassificationSansChangement';
  dateClassification: string;
};
export type EnveloppeMISILLCLMessage = { kind: 'EnveloppeMISILLCL' } & EnveloppeMISILLCLData;

export type CollectiviteMessage =
  | ActeMessage
  | ReponseCourrierSimpleMessage
  | ARDemandePieceComplementaireMessage
  | RefusPieceComplementaireMessage
  | PieceComplementaireMessage
  | ARLettreObservationsMessage
  | RejetLettreObservationsMessage
  | ReponseLettreObservationsMessage
  | AnnulationMessage
  | DemandeClassificationMessage
  | EnveloppeCLMISILLMessage;

export type PrefectureMessage =
  | ARActeMessage
  | AnomalieActeMessage
  | AnomalieEnveloppeMessage
  | CourrierSimpleMessage
  | DemandePieceComplementaireMessage
  | ARPieceComplementaireMessage
  | LettreObservationsMessage
  | ARReponseRejetLettreObservationsMessage
  | DefereTAMessage
  | ARAnnulationMessage
  | RetourClassificationMessage
  | ReponseClassificationSansChangementMessage
  | EnveloppeMISILLCLMessage;

export type ActesMessage = CollectiviteMessage | PrefectureMessage;
export type ActesMessageKind = ActesMessage['kind'];

/** Message code "{transaction}-{sub type}" of each message; envelopes and the envelope anomaly have none. */
export const MESSAGE_CODES = {
  Acte: '1-1',
  ARActe: '1-2',
  AnomalieActe: '1-3',
  CourrierSimple: '2-1',
  ReponseCourrierSimple: '2-2',
  DemandePieceComplementaire: '3-1',
  ARDemandePieceComplementaire: '3-2',
  RefusPieceComplementaire: '3-3',
  PieceComplementaire: '3-4',
  ARPieceComplementaire: '3-5',
  LettreObservations: '4-1',
  ARLettreObservations: '4-2',
  RejetLettreObservations: '4-3',
  ReponseLettreObservations: '4-4',
  ARReponseRejetLettreObservations: '4-5',
  DefereTA: '5-1',
  Annulation: '6-1',
  ARAnnulation: '6-2',
  DemandeClassification: '7-1',
  RetourClassification: '7-2',
  ReponseClassificationSansChangement: '7-3',
  AnomalieEnveloppe: null,
  EnveloppeCLMISILL: null,
  EnveloppeMISILLCL: null,
} as const satisfies Record<ActesMessageKind, string | null>;

export type MessageCode = Exclude<(typeof MESSAGE_CODES)[ActesMessageKind], null>;

export const ACTES_NAMESPACE = 'http://www.interieur.gouv.fr/ACTES#v1.1-20040216';
export const INSEE_NAMESPACE = 'http://xml.insee.fr/schema';
