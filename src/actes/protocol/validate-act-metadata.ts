// Checks everything a user types about an act before it is saved, and returns every problem at once.

import {
  validateActNature,
  validateClassificationCodes,
  validateDecisionDate,
  validateIsoDate,
  validateObjet,
  validateTypologyCode,
} from './act-fields.ts';
import type { ActNature } from './act-nature.ts';
import { formatIdActe, validateIdActe } from './id-acte.ts';
import { validateDepartement, validateNumeroInterne, validateSiren } from './identifiers.ts';
import { ProblemCollector, type Validation } from './validation.ts';

export interface DocumentInput {
  /** Typology code of the document (99_DE…). */
  typology: string;
  /** Extension of the file (pdf, xml, jpg, png). */
  extension: string;
}

export interface ActMetadataInput {
  departement: string;
  siren: string;
  decisionDate: string;
  numeroInterne: string;
  /** 1–6 or DE, AR, AI, CC, BF, AU. */
  nature: number | string;
  /** "7.1.2" or [7, 1, 2]. */
  classification: string | readonly number[];
  /** Date of the classification the act is coded with. */
  classificationDate: string;
  objet: string;
  mainDocument: DocumentInput;
  annexes?: readonly DocumentInput[];
  documentPapier?: boolean;
  previousIdActe?: string;
}

export interface ValidatedDocument {
  typology: string;
  extension: string;
}

export interface ActMetadata {
  departement: string;
  siren: string;
  decisionDate: string;
  numeroInterne: string;
  nature: ActNature;
  codesMatiere: number[];
  classificationDate: string;
  objet: string;
  mainDocument: ValidatedDocument;
  annexes: ValidatedDocument[];
  documentPapier: boolean;
  previousIdActe?: string;
  /** The IDActe the préfecture will assign. */
  idActe: string;
}

const ANNEX_EXTENSIONS = ['pdf', 'xml', 'jpg', 'jpeg', 'png'];

function documentProblems(
  c: ProblemCollector,
  nature: ActNature | undefined,
  codes: number[] | undefined,
  main: ValidatedDocument,
  annexes: ValidatedDocument[],
): void {
  // Protocol §7: the main document is a PDF; XML only for budget documents (nature 5, matière 7.1).
  const isBudget = nature?.code === 5 && codes?.[0] === 7 && codes[1] === 1;
  if (main.extension === 'xml' && !isBudget) {
    c.add(
      'mainDocument',
      "L'acte principal au format XML n'est accepté que pour un document budgétaire (nature BF, matière 7.1) : joignez un PDF.",
    );
  } else if (main.extension !== 'pdf' && main.extension !== 'xml') {
    c.add('mainDocument', `L'acte principal doit être un fichier PDF (fichier .${main.extension} reçu).`);
  }
  annexes.forEach((a, i) => {
    if (!ANNEX_EXTENSIONS.includes(a.extension)) {
      c.add(
        `annexes[${i}]`,
        `L'annexe ${i + 1} est un fichier .${a.extension} : seuls PDF, XML, JPG et PNG sont acceptés.`,
      );
    } else if (main.extension === 'xml' && a.extension !== 'pdf') {
      c.add(`annexes[${i}]`, `L'annexe ${i + 1} doit être un PDF, car l'acte principal est un fichier XML.`);
    }
  });
}

function takeDocument(c: ProblemCollector, d: DocumentInput, field: string): ValidatedDocument {
  const typology = c.take(validateTypologyCode(d.typology, `${field}.typologie`)) ?? d.typology;
  return { typology, extension: d.extension.replace(/^\./, '').toLowerCase() };
}

/** Validates an act's metadata; `today` (YYYY-MM-DD, Europe/Paris) comes from the caller's clock. */
export function validateActMetadata(
  input: ActMetadataInput,
  context: { today: string },
): Validation<ActMetadata> {
  const c = new ProblemCollector();
  const departement = c.take(validateDepartement(input.departement));
  const siren = c.take(validateSiren(input.siren));
  const decisionDate = c.take(validateDecisionDate(input.decisionDate, context.today));
  const numeroInterne = c.take(validateNumeroInterne(input.numeroInterne));
  const nature = c.take(validateActNature(input.nature));
  const codesMatiere = c.take(validateClassificationCodes(input.classification));
  const classificationDate = c.take(
    validateIsoDate(input.classificationDate, 'classificationDate', 'La date de la classification'),
  );
  const objet = c.take(validateObjet(input.objet));
  const mainDocument = takeDocument(c, input.mainDocument, 'mainDocument');
  const annexes = (input.annexes ?? []).map((a, i) => takeDocument(c, a, `annexes[${i}]`));
  documentProblems(c, nature, codesMatiere, mainDocument, annexes);
  const previousIdActe =
    input.previousIdActe !== undefined && input.previousIdActe.trim() !== ''
      ? c.take(validateIdActe(input.previousIdActe, 'previousIdActe'))
      : undefined;
  if (!c.isOk) return { ok: false, problems: c.problems };
  const meta = {
    departement: departement!,
    siren: siren!,
    decisionDate: decisionDate!,
    numeroInterne: numeroInterne!,
    nature: nature!,
    codesMatiere: codesMatiere!,
    classificationDate: classificationDate!,
    objet: objet!,
    mainDocument,
    annexes,
    documentPapier: input.documentPapier ?? false,
    ...(previousIdActe !== undefined ? { previousIdActe } : {}),
  };
  const idActe = formatIdActe({ ...meta, date: meta.decisionDate, natureAbbrev: meta.nature.abbrev });
  return { ok: true, value: { ...meta, idActe }, notices: c.notices };
}
