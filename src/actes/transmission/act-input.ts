// What a person or business software sends to create or update a draft act, and its checks
// (formats only: the full pre-submission check is validate-act.ts). Every problem at once, in French.
import {
  ProblemCollector,
  type Validation,
  validateActNature,
  validateClassificationCodes,
  validateDecisionDate,
  validateIdActe,
  validateIsoDate,
  validateNumeroInterne,
  validateObjet,
} from '../protocol/index.ts';

export interface ActDraftInput {
  numeroInterne?: string;
  nature?: string | number;
  decisionDate?: string;
  objet?: string;
  /** "7.1.2" */
  classification?: string;
  publicationDate?: string | null;
  documentPapier?: boolean;
  previousIdActe?: string | null;
}

export interface CheckedDraft {
  numeroInterne: string;
  nature: string;
  decisionDate: string;
  objet: string;
  matiereCodes: number[];
  publicationDate: string | null;
  documentPapier: boolean;
  previousIdActe: string | null;
}

export function checkDraftInput(input: ActDraftInput, today: string): Validation<CheckedDraft> {
  const c = new ProblemCollector();
  const numeroInterne = c.take(validateNumeroInterne(input.numeroInterne ?? ''));
  const nature = c.take(validateActNature(input.nature ?? ''));
  const decisionDate = c.take(validateDecisionDate(input.decisionDate ?? '', today, 'decisionDate'));
  const objet = c.take(validateObjet(input.objet ?? ''));
  const matiereCodes = c.take(validateClassificationCodes(input.classification ?? ''));
  const publicationDate = input.publicationDate
    ? c.take(validateIsoDate(input.publicationDate, 'publicationDate', 'La date de publication'))
    : null;
  const previousIdActe = input.previousIdActe
    ? c.take(validateIdActe(input.previousIdActe, 'previousIdActe'))
    : null;
  if (!c.isOk) return { ok: false, problems: c.problems };
  return {
    ok: true,
    notices: c.notices,
    value: {
      numeroInterne: numeroInterne!,
      nature: nature!.abbrev,
      decisionDate: decisionDate!,
      objet: objet!,
      matiereCodes: matiereCodes!,
      publicationDate: publicationDate ?? null,
      documentPapier: input.documentPapier ?? false,
      previousIdActe: previousIdActe ?? null,
    },
  };
}
