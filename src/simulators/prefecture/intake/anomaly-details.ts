// The anomalies the simulated préfecture sends, worded like the real ones ("{archive} -> CODE : phrase").
// PREF-VERIF-02, ODT-VERIF-01 and ODT-VERIF-17 are attested in real messages (../shared/conformance);
// the other codes are the simulator's own, in the same style (see docs/simulateur.md).
import { frenchDate } from '../../../actes/protocol/index.ts';

export interface EnvelopeAnomaly {
  /** AnomalieEnveloppe Nature: 001–005 or 100 (the schema's list); the real PREF-VERIF-02 carries 5. */
  nature: string;
  detail: string;
}

export interface ActAnomaly {
  /** AnomalieActe Nature, 3 digits; the real ODT-VERIF-01 carries 002. */
  nature: string;
  detail: string;
}

export const envelopeAnomalies = {
  // Verbatim from a real message, typo included.
  sirenUnknown: (): EnvelopeAnomaly => ({
    nature: '5',
    detail:
      "PREF-VERIF-02 : Votre numéro de SIREN n'est pas encore enregistré dans l'application ACTES. Veuillez réessayez ultérieurement. Si le même problème persiste, veuillez contacter votre préfecture pour vérification.",
  }),
  departement: (departement: string, expected: string): EnvelopeAnomaly => ({
    nature: '5',
    detail: `PREF-VERIF-03 : Le département ${departement} indiqué dans l'enveloppe n'est pas celui de cette préfecture (${expected}). Veuillez vérifier le rattachement de votre collectivité.`,
  }),
  unknownTransaction: (file: string): EnvelopeAnomaly => ({
    nature: '100',
    detail: `ODT-VERIF-17 : La transaction que vous avez envoyé n'est pas reconnu dans l'application ACTES. (${file})`,
  }),
  schema: (file: string, issue: string): EnvelopeAnomaly => ({
    nature: '001',
    detail: `ODT-VERIF-10 : Le fichier ${file} n'est pas conforme au schéma ACTES : ${issue}`,
  }),
  naming: (what: string): EnvelopeAnomaly => ({
    nature: '002',
    detail: `ODT-VERIF-11 : Le nommage des fichiers ne respecte pas les règles ACTES : ${what}`,
  }),
  missingFile: (file: string): EnvelopeAnomaly => ({
    nature: '003',
    detail: `ODT-VERIF-12 : Le fichier ${file} annoncé dans l'enveloppe est absent de l'archive.`,
  }),
  unreadable: (reason: string): EnvelopeAnomaly => ({
    nature: '003',
    detail: `ODT-VERIF-13 : L'archive n'a pas pu être lue : ${reason}`,
  }),
  tooLarge: (maxBytes: number): EnvelopeAnomaly => ({
    nature: '004',
    detail: `ODT-VERIF-14 : L'archive dépasse la taille maximale autorisée (${(maxBytes / 1_000_000).toLocaleString('fr-FR')} Mo). Envoyez les pièces volumineuses sur papier (DocumentPapier).`,
  }),
  sameNameOtherContent: (archive: string): EnvelopeAnomaly => ({
    nature: '004',
    detail: `ODT-VERIF-15 : Une enveloppe du même nom (${archive}) a déjà été reçue avec un contenu différent. Une nouvelle transmission doit porter un nouveau numéro d'enveloppe.`,
  }),
  unknownAct: (idActe: string): EnvelopeAnomaly => ({
    nature: '100',
    detail: `ODT-VERIF-20 : L'acte ${idActe} n'est pas connu de l'application ACTES pour votre collectivité.`,
  }),
  actCancelled: (idActe: string): EnvelopeAnomaly => ({
    nature: '100',
    detail: `ODT-VERIF-21 : La transmission de l'acte ${idActe} a déjà été annulée.`,
  }),
  unknownLetter: (idActe: string, code: string, date: string): EnvelopeAnomaly => ({
    nature: '100',
    detail: `ODT-VERIF-22 : Aucun courrier ${code} du ${frenchDate(date)} n'a été envoyé par la préfecture pour l'acte ${idActe}.`,
  }),
  notAcknowledged: (idActe: string): EnvelopeAnomaly => ({
    nature: '100',
    detail: `ODT-VERIF-23 : L'acte ${idActe} n'a pas encore été acquitté : réessayez après réception de l'accusé de réception.`,
  }),
  invalidContent: (file: string, reason: string): EnvelopeAnomaly => ({
    nature: '001',
    detail: `ODT-VERIF-16 : Le message ${file} ne peut pas être traité : ${reason}`,
  }),
};

export const actAnomalies = {
  classificationDate: (sent: string, current: string): ActAnomaly => ({
    nature: '002',
    detail: `ODT-VERIF-01 : Votre acte a été transmis avec une date de classification qui n'est pas à jour (${frenchDate(sent)} au lieu du ${frenchDate(current)})`,
  }),
  alreadyReceived: (numeroInterne: string, idActe: string): ActAnomaly => ({
    nature: '001',
    detail: `ODT-VERIF-02 : Un acte portant le numéro ${numeroInterne} a déjà été reçu pour votre collectivité (${idActe}). Le numéro interne d'un acte doit être unique.`,
  }),
  matiere: (code: string): ActAnomaly => ({
    nature: '003',
    detail: `ODT-VERIF-03 : La matière ${code} n'existe pas dans la classification en vigueur.`,
  }),
  typology: (code: string, nature: string, allowed: string): ActAnomaly => ({
    nature: '004',
    detail: `ODT-VERIF-04 : Le type de pièce ${code} n'est pas autorisé pour la nature d'acte ${nature} (types autorisés : ${allowed}).`,
  }),
  annexCount: (announced: number, listed: number, files: number): ActAnomaly => ({
    nature: '005',
    detail: `ODT-VERIF-05 : Le nombre d'annexes annoncé (${announced}) ne correspond pas aux annexes transmises (${listed} citées, ${files} fichiers reçus).`,
  }),
  missingDocument: (file: string): ActAnomaly => ({
    nature: '005',
    detail: `ODT-VERIF-06 : Le document ${file} cité dans l'acte est absent de l'archive.`,
  }),
  documentFormat: (file: string, reason: string): ActAnomaly => ({
    nature: '006',
    detail: `ODT-VERIF-07 : Le document ${file} n'est pas accepté : ${reason}`,
  }),
  decisionDate: (date: string): ActAnomaly => ({
    nature: '007',
    detail: `ODT-VERIF-08 : La date de décision (${frenchDate(date)}) est postérieure à la date de réception.`,
  }),
};
