// Builders of the messages the préfecture sends (1-2, 1-3, envelope anomaly, 2-1, 3-1, 3-5, 4-1, 4-5,
// 5-1, 6-2, 7-2, 7-3) and of its envelope: the préfecture simulator speaks with them.
import { BuildChecker } from './build-checks.ts';
import {
  courrierPrefAttrs,
  donneesActe,
  donneesEnveloppeCL,
  fichierSigne,
  formulairesEnvoyes,
  referent,
} from './build-parts.ts';
import type {
  AnomalieActeMessage,
  AnomalieEnveloppeMessage,
  ARActeMessage,
  ARAnnulationMessage,
  ARPieceComplementaireMessage,
  ARReponseRejetLettreObservationsMessage,
  CourrierPref,
  CourrierSimpleMessage,
  DefereTAMessage,
  DemandePieceComplementaireMessage,
  EnveloppeMISILLCLData,
  LettreObservationsMessage,
  MatiereNode,
  ReponseClassificationSansChangementMessage,
  RetourClassificationData,
} from './message-types.ts';
import { el, toActesBytes, type XmlElement } from './xml-writer.ts';

type Data<M> = Omit<M, 'kind'>;

function finish(check: BuildChecker, root: XmlElement): Buffer {
  check.done();
  return toActesBytes(root);
}

/** 1-2 ARActe: the act was received on dateReception and got its IDActe. */
export function buildARActe(m: Data<ARActeMessage>): Buffer {
  const check = new BuildChecker();
  check.idActe(m.idActe, 'idActe');
  check.date(m.dateReception, 'dateReception');
  check.date(m.classificationDateVersionEnCours, 'classificationDateVersionEnCours');
  const root = el('actes:ARActe', { 'actes:IDActe': m.idActe, 'actes:DateReception': m.dateReception }, [
    donneesActe('actes:ActeRecu', m.acteRecu, check, 'acteRecu.'),
    el('actes:ClassificationDateVersionEnCours', {}, m.classificationDateVersionEnCours),
  ]);
  return finish(check, root);
}

/** 1-3 AnomalieActe: the act was refused. */
export function buildAnomalieActe(m: Data<AnomalieActeMessage>): Buffer {
  const check = new BuildChecker();
  check.date(m.date, 'date');
  check.digits(m.nature, 3, 'nature', "La nature d'anomalie");
  check.date(m.classificationDateVersionEnCours, 'classificationDateVersionEnCours');
  const root = el('actes:AnomalieActe', {}, [
    el('actes:Date', {}, m.date),
    el('actes:Nature', {}, m.nature),
    m.detail !== undefined ? el('actes:Detail', {}, m.detail) : undefined,
    donneesActe('actes:ActeRecu', m.acteRecu, check, 'acteRecu.'),
    el('actes:ClassificationDateVersionEnCours', {}, m.classificationDateVersionEnCours),
  ]);
  return finish(check, root);
}

const ENVELOPE_ANOMALY_NATURES = new Set([1, 2, 3, 4, 5, 100]);

/** AnomalieEnveloppe: the whole envelope was refused (schema natures 001–005 and 100 only). */
export function buildAnomalieEnveloppe(m: Data<AnomalieEnveloppeMessage>): Buffer {
  const check = new BuildChecker();
  check.date(m.date, 'date');
  if (!/^\d{1,3}$/.test(m.nature) || !ENVELOPE_ANOMALY_NATURES.has(Number(m.nature))) {
    check.fail(
      'nature',
      `La nature d'anomalie d'enveloppe « ${m.nature} » doit être 001, 002, 003, 004, 005 ou 100.`,
    );
  }
  const root = el('actes:AnomalieEnveloppe', {}, [
    el('actes:Date', {}, m.date),
    el('actes:Nature', {}, m.nature),
    m.detail !== undefined ? el('actes:Detail', {}, m.detail) : undefined,
    donneesEnveloppeCL('actes:EnveloppeRecue', m.enveloppeRecue, check, 'enveloppeRecue.'),
  ]);
  return finish(check, root);
}

function letter(
  root: string,
  m: CourrierPref,
  texts: [string, string][],
  document: CourrierSimpleMessage['document'],
): Buffer {
  const check = new BuildChecker();
  const attrs = courrierPrefAttrs(m, check);
  const children = [
    ...texts.map(([name, value]) => el(`actes:${name}`, {}, value)),
    fichierSigne('actes:Document', document, check, 'document'),
  ];
  return finish(check, el(root, attrs, children));
}

/** 2-1 CourrierSimple. */
export function buildCourrierSimple(m: Data<CourrierSimpleMessage>): Buffer {
  return letter('actes:CourrierSimple', m, [], m.document);
}

/** 3-1 DemandePieceComplementaire. */
export function buildDemandePieceComplementaire(m: Data<DemandePieceComplementaireMessage>): Buffer {
  return letter(
    'actes:DemandePieceComplementaire',
    m,
    [['DescriptionPieces', m.descriptionPieces]],
    m.document,
  );
}

/** 4-1 LettreObservations. */
export function buildLettreObservations(m: Data<LettreObservationsMessage>): Buffer {
  return letter('actes:LettreObservations', m, [['Motif', m.motif]], m.document);
}

function arReponse(root: string, m: Data<ARPieceComplementaireMessage>): Buffer {
  const check = new BuildChecker();
  check.date(m.dateReception, 'dateReception');
  const infos = el(
    'actes:InfosCourrierPref',
    courrierPrefAttrs(m.infosCourrierPref, check, 'infosCourrierPref.'),
  );
  return finish(check, el(root, { 'actes:DateReception': m.dateReception }, [infos]));
}

/** 3-5 ARPieceComplementaire. */
export function buildARPieceComplementaire(m: Data<ARPieceComplementaireMessage>): Buffer {
  return arReponse('actes:ARPieceComplementaire', m);
}

/** 4-5 ARReponseRejetLettreObservations. */
export function buildARReponseRejetLettreObservations(
  m: Data<ARReponseRejetLettreObservationsMessage>,
): Buffer {
  return arReponse('actes:ARReponseRejetLettreObservations', m);
}

/** 5-1 DefereTA: the act was referred to the administrative court. */
export function buildDefereTA(m: Data<DefereTAMessage>): Buffer {
  const check = new BuildChecker();
  check.idActe(m.idActe, 'idActe');
  check.date(m.dateDepot, 'dateDepot');
  const pieces = m.piecesJointes.map((p, i) =>
    fichierSigne('actes:PieceJointe', p, check, `piecesJointes[${i}]`),
  );
  const root = el('actes:DefereTA', { 'actes:IDActe': m.idActe }, [
    el('actes:DateDepot', {}, m.dateDepot),
    el('actes:NatureIllegalite', {}, m.natureIllegalite),
    el('actes:PiecesJointes', {}, pieces),
  ]);
  return finish(check, root);
}

/** 6-2 ARAnnulation. */
export function buildARAnnulation(m: Data<ARAnnulationMessage>): Buffer {
  const check = new BuildChecker();
  check.idActe(m.idActe, 'idActe');
  check.date(m.dateReception, 'dateReception');
  return finish(
    check,
    el('actes:ARAnnulation', { 'actes:IDActe': m.idActe, 'actes:DateReception': m.dateReception }),
  );
}

function matiere(node: MatiereNode, level: number, check: BuildChecker, field: string): XmlElement {
  if (!Number.isInteger(node.codeMatiere) || node.codeMatiere < 0) {
    check.fail(field, `Le code matière ${node.codeMatiere} doit être un nombre entier positif.`);
  }
  if (level === 1)
    check.atLeastOne(node.children, field, `La matière « ${node.libelle} » n'a aucune sous-matière`);
  if (level === 5 && node.children.length > 0)
    check.fail(field, 'La classification compte 5 niveaux au plus.');
  const children =
    level < 5 ? node.children.map((c, i) => matiere(c, level + 1, check, `${field}.${i}`)) : [];
  return el(
    `actes:Matiere${level}`,
    { 'actes:CodeMatiere': node.codeMatiere, 'actes:Libelle': node.libelle },
    children,
  );
}

/** 7-2 RetourClassification in the ACTES 2.2 shape (each nature lists its document types). */
export function buildRetourClassification(m: RetourClassificationData): Buffer {
  const check = new BuildChecker();
  check.date(m.dateClassification, 'dateClassification');
  check.atLeastOne(m.naturesActes, 'naturesActes', 'La classification ne contient aucune nature d’acte');
  check.atLeastOne(m.matieres, 'matieres', 'La classification ne contient aucune matière');
  const natures = m.naturesActes.map((n, i) => {
    check.natureActe(n.codeNatureActe, `naturesActes[${i}].codeNatureActe`);
    if (n.typeAbrege.length !== 2)
      check.fail(
        `naturesActes[${i}].typeAbrege`,
        `L'abréviation « ${n.typeAbrege} » doit compter 2 lettres.`,
      );
    check.atLeastOne(
      n.typesPJ,
      `naturesActes[${i}].typesPJ`,
      `La nature « ${n.libelle} » n'a aucun type de document`,
    );
    const types = n.typesPJ.map((t, j) => {
      check.typology(t.codeTypePJ, `naturesActes[${i}].typesPJ[${j}]`);
      return el('actes:TypePJNatureActe', { 'actes:CodeTypePJ': t.codeTypePJ, 'actes:Libelle': t.libelle });
    });
    const attrs = {
      'actes:CodeNatureActe': n.codeNatureActe,
      'actes:Libelle': n.libelle,
      'actes:TypeAbrege': n.typeAbrege,
    };
    return el('actes:NatureActe', attrs, types);
  });
  const root = el('actes:RetourClassification', {}, [
    el('actes:DateClassification', {}, m.dateClassification),
    el('actes:NaturesActes', {}, natures),
    el(
      'actes:Matieres',
      {},
      m.matieres.map((n, i) => matiere(n, 1, check, `matieres.${i}`)),
    ),
  ]);
  return finish(check, root);
}

/** 7-3 ReponseClassificationSansChangement. */
export function buildReponseClassificationSansChangement(
  m: Data<ReponseClassificationSansChangementMessage>,
): Buffer {
  const check = new BuildChecker();
  check.date(m.dateClassification, 'dateClassification');
  return finish(
    check,
    el('actes:ReponseClassificationSansChangement', {}, [
      el('actes:DateClassification', {}, m.dateClassification),
    ]),
  );
}

/** EnveloppeMISILLCL: the préfecture's envelope around its messages. */
export function buildEnveloppeMISILLCL(m: EnveloppeMISILLCLData): Buffer {
  const check = new BuildChecker();
  const e = m.emetteur;
  check.departement(e.departement, 'emetteur.departement');
  if (e.type === 'SousPref') check.digits(e.arrondissement, 1, 'emetteur.arrondissement', "L'arrondissement");
  check.siren(m.destinataire, 'destinataire');
  const id =
    e.type === 'SousPref'
      ? el('actes:IDSousPref', {
          'actes:Departement': e.departement,
          'actes:Arrondissement': e.arrondissement,
        })
      : el(`actes:ID${e.type}`, { 'actes:Departement': e.departement });
  const root = el('actes:EnveloppeMISILLCL', {}, [
    el('actes:Emetteur', {}, [id, referent(m.referent, check, 'referent.')]),
    formulairesEnvoyes(m.formulaires, check),
    el('actes:Destinataire', { 'insee:SIREN': m.destinataire }),
  ]);
  return finish(check, root);
}
