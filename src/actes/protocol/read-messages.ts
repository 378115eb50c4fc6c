// One reader per root element: turns the XML tree of a message into its typed value (lenient, with
// warnings), for every message of the protocol in its 1.x and 2.2 shapes.
import type {
  ActesMessage,
  ActesMessageKind,
  EmetteurPrefecture,
  MatiereNode,
  NatureActeClassification,
  RetourClassificationMessage,
} from './message-types.ts';
import { INSEE_NAMESPACE } from './message-types.ts';
import {
  readActe,
  readCourrierPref,
  readEnveloppeCL,
  readFichier,
  readFormulaires,
  readReferent,
} from './parse-parts.ts';
import { ParseFailure, type Reader } from './read-helpers.ts';
import type { XmlNode } from './xml-reader.ts';

type ReadFn = (r: Reader, root: XmlNode) => ActesMessage;

function withDocument<K extends ActesMessageKind>(kind: K) {
  return (r: Reader, n: XmlNode) => ({
    kind,
    ...readCourrierPref(r, n, kind),
    document: readFichier(r, r.child(n, 'Document'), `Document de ${kind}`),
  });
}

function courrierOnly<K extends ActesMessageKind>(kind: K) {
  return (r: Reader, n: XmlNode) => ({ kind, ...readCourrierPref(r, n, kind) });
}

function arReponse<K extends ActesMessageKind>(kind: K) {
  return (r: Reader, n: XmlNode) => {
    const infos = r.child(n, 'InfosCourrierPref');
    if (infos === undefined) throw new ParseFailure(`L'élément InfosCourrierPref manque dans ${kind}.`);
    return {
      kind,
      dateReception: r.date(r.attr(n, 'DateReception'), `de réception de ${kind}`),
      infosCourrierPref: readCourrierPref(r, infos, `InfosCourrierPref de ${kind}`),
    };
  };
}

function readMatieres(r: Reader, parent: XmlNode | undefined, level: number): MatiereNode[] {
  if (level > 5) return [];
  return r.children(parent, `Matiere${level}`).map((m) => ({
    codeMatiere: r.integer(r.attr(m, 'CodeMatiere'), `CodeMatiere d'une matière de niveau ${level}`),
    libelle: r.rawAttr(m, 'Libelle') ?? '',
    children: readMatieres(r, m, level + 1),
  }));
}

function readRetourClassification(r: Reader, n: XmlNode): RetourClassificationMessage {
  const natures: NatureActeClassification[] = r
    .children(r.child(n, 'NaturesActes'), 'NatureActe')
    .map((nat) => ({
      codeNatureActe: r.integer(r.attr(nat, 'CodeNatureActe'), 'CodeNatureActe de la classification'),
      libelle: r.rawAttr(nat, 'Libelle') ?? '',
      typeAbrege: r.attr(nat, 'TypeAbrege') ?? '',
      typesPJ: r.children(nat, 'TypePJNatureActe').map((t) => ({
        codeTypePJ: r.attr(t, 'CodeTypePJ') ?? '',
        libelle: r.rawAttr(t, 'Libelle') ?? '',
      })),
    }));
  return {
    kind: 'RetourClassification',
    dateClassification: r.requiredDate(r.optionalText(n, 'DateClassification'), 'de la classification'),
    naturesActes: natures,
    matieres: readMatieres(r, r.child(n, 'Matieres'), 1),
  };
}

function readEmetteurPrefecture(r: Reader, emetteur: XmlNode | undefined): EmetteurPrefecture {
  const sgar = r.child(emetteur, 'IDSGAR');
  if (sgar) return { type: 'SGAR', departement: r.attr(sgar, 'Departement') ?? '' };
  const pref = r.child(emetteur, 'IDPref');
  if (pref) return { type: 'Pref', departement: r.attr(pref, 'Departement') ?? '' };
  const sous = r.child(emetteur, 'IDSousPref');
  if (!sous) r.warn("L'enveloppe de la préfecture n'identifie pas son émetteur.");
  return {
    type: 'SousPref',
    departement: r.attr(sous, 'Departement') ?? '',
    arrondissement: r.attr(sous, 'Arrondissement') ?? '',
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value !== undefined ? { [key]: value } : {}) as Partial<Record<K, V>>;

/** Readers keyed by the local name of the root element. */
export const MESSAGE_READERS: Record<ActesMessageKind, ReadFn> = {
  Acte: (r, n) => ({ kind: 'Acte', ...readActe(r, n, 'Acte') }),
  ReponseCourrierSimple: withDocument('ReponseCourrierSimple'),
  ARDemandePieceComplementaire: courrierOnly('ARDemandePieceComplementaire'),
  RefusPieceComplementaire: withDocument('RefusPieceComplementaire'),
  PieceComplementaire: (r, n) => ({
    kind: 'PieceComplementaire',
    ...readCourrierPref(r, n, 'PieceComplementaire'),
    documents: r
      .children(r.child(n, 'Documents'), 'Document')
      .map((d, i) => readFichier(r, d, `Document ${i + 1}`)),
  }),
  ARLettreObservations: courrierOnly('ARLettreObservations'),
  RejetLettreObservations: withDocument('RejetLettreObservations'),
  ReponseLettreObservations: withDocument('ReponseLettreObservations'),
  Annulation: (r, n) => ({ kind: 'Annulation', idActe: r.requiredAttr(n, 'IDActe', 'Annulation') }),
  DemandeClassification: (r, n) => {
    const date = r.optionalText(n, 'DateClassification');
    return {
      kind: 'DemandeClassification',
      ...optional('dateClassification', date && r.date(date, 'de classification')),
    };
  },
  EnveloppeCLMISILL: (r, n) => ({ kind: 'EnveloppeCLMISILL', ...readEnveloppeCL(r, n, "l'enveloppe") }),
  ARActe: (r, n) => ({
    kind: 'ARActe',
    idActe: r.requiredAttr(n, 'IDActe', 'ARActe'),
    dateReception: r.requiredDate(r.attr(n, 'DateReception'), "de réception de l'acte"),
    acteRecu: readActe(r, r.child(n, 'ActeRecu'), 'ActeRecu'),
    classificationDateVersionEnCours: r.date(
      r.optionalText(n, 'ClassificationDateVersionEnCours'),
      'de la classification en cours',
    ),
  }),
  AnomalieActe: (r, n) => ({
    kind: 'AnomalieActe',
    date: r.date(r.optionalText(n, 'Date'), "de l'anomalie"),
    nature: r.text(n, 'Nature', 'AnomalieActe').trim(),
    ...optional('detail', r.optionalText(n, 'Detail')),
    acteRecu: readActe(r, r.child(n, 'ActeRecu'), 'ActeRecu'),
    classificationDateVersionEnCours: r.date(
      r.optionalText(n, 'ClassificationDateVersionEnCours'),
      'de la classification en cours',
    ),
  }),
  AnomalieEnveloppe: (r, n) => ({
    kind: 'AnomalieEnveloppe',
    date: r.date(r.optionalText(n, 'Date'), "de l'anomalie"),
    nature: r.text(n, 'Nature', 'AnomalieEnveloppe').trim(),
    ...optional('detail', r.optionalText(n, 'Detail')),
    enveloppeRecue: readEnveloppeCL(r, r.child(n, 'EnveloppeRecue'), 'EnveloppeRecue'),
  }),
  CourrierSimple: withDocument('CourrierSimple'),
  DemandePieceComplementaire: (r, n) => ({
    kind: 'DemandePieceComplementaire',
    ...readCourrierPref(r, n, 'DemandePieceComplementaire'),
    descriptionPieces: r.text(n, 'DescriptionPieces', 'DemandePieceComplementaire'),
    document: readFichier(r, r.child(n, 'Document'), 'Document de DemandePieceComplementaire'),
  }),
  ARPieceComplementaire: arReponse('ARPieceComplementaire'),
  LettreObservations: (r, n) => ({
    kind: 'LettreObservations',
    ...readCourrierPref(r, n, 'LettreObservations'),
    motif: r.text(n, 'Motif', 'LettreObservations'),
    document: readFichier(r, r.child(n, 'Document'), 'Document de LettreObservations'),
  }),
  ARReponseRejetLettreObservations: arReponse('ARReponseRejetLettreObservations'),
  DefereTA: (r, n) => ({
    kind: 'DefereTA',
    idActe: r.requiredAttr(n, 'IDActe', 'DefereTA'),
    dateDepot: r.date(r.optionalText(n, 'DateDepot'), 'de dépôt du déféré'),
    natureIllegalite: r.text(n, 'NatureIllegalite', 'DefereTA'),
    piecesJointes: r
      .children(r.child(n, 'PiecesJointes'), 'PieceJointe')
      .map((p, i) => readFichier(r, p, `PieceJointe ${i + 1}`)),
  }),
  ARAnnulation: (r, n) => ({
    kind: 'ARAnnulation',
    idActe: r.requiredAttr(n, 'IDActe', 'ARAnnulation'),
    dateReception: r.requiredDate(r.attr(n, 'DateReception'), "de réception de l'annulation"),
  }),
  RetourClassification: readRetourClassification,
  ReponseClassificationSansChangement: (r, n) => ({
    kind: 'ReponseClassificationSansChangement',
    dateClassification: r.requiredDate(r.optionalText(n, 'DateClassification'), 'de la classification'),
  }),
  EnveloppeMISILLCL: (r, n) => {
    const emetteur = r.child(n, 'Emetteur');
    const referent = readReferent(r, emetteur);
    return {
      kind: 'EnveloppeMISILLCL',
      emetteur: readEmetteurPrefecture(r, emetteur),
      ...optional('referent', referent),
      formulaires: readFormulaires(r, n, "l'enveloppe de la préfecture"),
      destinataire: r.attr(r.child(n, 'Destinataire'), 'SIREN', INSEE_NAMESPACE) ?? '',
    };
  },
};
