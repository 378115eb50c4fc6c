// Builders of the messages a collectivité sends (1-1, 2-2, 3-2, 3-3, 3-4, 4-2, 4-3, 4-4, 6-1, 7-1)
// and of its envelope. Each checks its input, then returns the ISO-8859-1 bytes of the file.
import { isAppError } from '../../kernel/errors.ts';
import { BuildChecker } from './build-checks.ts';
import { courrierPrefAttrs, donneesActe, donneesEnveloppeCL, fichierSigne } from './build-parts.ts';
import type {
  ActeData,
  AnnulationMessage,
  ARDemandePieceComplementaireMessage,
  ARLettreObservationsMessage,
  DemandeClassificationMessage,
  EnveloppeCLMISILLData,
  PieceComplementaireMessage,
  RefusPieceComplementaireMessage,
  RejetLettreObservationsMessage,
  ReponseCourrierSimpleMessage,
  ReponseLettreObservationsMessage,
} from './message-types.ts';
import type { FieldProblem } from './validation.ts';
import { el, toActesBytes, type XmlElement } from './xml-writer.ts';

type Data<M> = Omit<M, 'kind'>;

function finish(check: BuildChecker, root: XmlElement): Buffer {
  check.done();
  return toActesBytes(root);
}

/** 1-1 Acte. */
export function buildActe(acte: ActeData): Buffer {
  const check = new BuildChecker();
  return finish(check, donneesActe('actes:Acte', acte, check, ''));
}

/** A reply made of the letter's identification and one document (2-2, 3-3, 4-3, 4-4). */
function courrierWithDocument(root: string, m: Data<ReponseCourrierSimpleMessage>): Buffer {
  const check = new BuildChecker();
  const attrs = courrierPrefAttrs(m, check);
  return finish(check, el(root, attrs, [fichierSigne('actes:Document', m.document, check, 'document')]));
}

function courrierOnly(root: string, m: Data<ARDemandePieceComplementaireMessage>): Buffer {
  const check = new BuildChecker();
  return finish(check, el(root, courrierPrefAttrs(m, check)));
}

/** 2-2 ReponseCourrierSimple. */
export function buildReponseCourrierSimple(m: Data<ReponseCourrierSimpleMessage>): Buffer {
  return courrierWithDocument('actes:ReponseCourrierSimple', m);
}

/** 3-2 ARDemandePieceComplementaire. */
export function buildARDemandePieceComplementaire(m: Data<ARDemandePieceComplementaireMessage>): Buffer {
  return courrierOnly('actes:ARDemandePieceComplementaire', m);
}

/** 3-3 RefusPieceComplementaire. */
export function buildRefusPieceComplementaire(m: Data<RefusPieceComplementaireMessage>): Buffer {
  return courrierWithDocument('actes:RefusPieceComplementaire', m);
}

/** 3-4 PieceComplementaire. */
export function buildPieceComplementaire(m: Data<PieceComplementaireMessage>): Buffer {
  const check = new BuildChecker();
  const attrs = courrierPrefAttrs(m, check);
  check.atLeastOne(
    m.documents,
    'documents',
    'La transmission de pièces complémentaires ne contient aucun document',
  );
  const documents = m.documents.map((d, i) => fichierSigne('actes:Document', d, check, `documents[${i}]`));
  return finish(check, el('actes:PieceComplementaire', attrs, [el('actes:Documents', {}, documents)]));
}

/** 4-2 ARLettreObservations. */
export function buildARLettreObservations(m: Data<ARLettreObservationsMessage>): Buffer {
  return courrierOnly('actes:ARLettreObservations', m);
}

/** 4-3 RejetLettreObservations. */
export function buildRejetLettreObservations(m: Data<RejetLettreObservationsMessage>): Buffer {
  return courrierWithDocument('actes:RejetLettreObservations', m);
}

/** 4-4 ReponseLettreObservations. */
export function buildReponseLettreObservations(m: Data<ReponseLettreObservationsMessage>): Buffer {
  return courrierWithDocument('actes:ReponseLettreObservations', m);
}

/** 6-1 Annulation. */
export function buildAnnulation(m: Data<AnnulationMessage>): Buffer {
  const check = new BuildChecker();
  check.idActe(m.idActe, 'idActe');
  return finish(check, el('actes:Annulation', { 'actes:IDActe': m.idActe }));
}

/** 7-1 DemandeClassification, with the date of the classification the collectivité holds, if any. */
export function buildDemandeClassification(m: Data<DemandeClassificationMessage>): Buffer {
  const check = new BuildChecker();
  if (m.dateClassification !== undefined) check.date(m.dateClassification, 'dateClassification');
  const date =
    m.dateClassification !== undefined ? el('actes:DateClassification', {}, m.dateClassification) : undefined;
  return finish(check, el('actes:DemandeClassification', {}, [date]));
}

/** EnveloppeCLMISILL: the collectivité, its return addresses and the message files of the archive. */
export function buildEnveloppeCLMISILL(m: EnveloppeCLMISILLData): Buffer {
  const check = new BuildChecker();
  return finish(check, donneesEnveloppeCL('actes:EnveloppeCLMISILL', m, check));
}

/** The problems that would stop buildActe, without throwing (the simulator turns them into a 1-3). */
export function acteProblems(acte: ActeData): FieldProblem[] {
  try {
    buildActe(acte);
    return [];
  } catch (e) {
    if (isAppError(e)) return [...e.problems];
    throw e;
  }
}
