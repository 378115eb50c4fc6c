// Use case: change a draft act's metadata (its documents are replaced by uploading them again).
import { isUniqueViolation } from '../../db/types.ts';
import { parisDate } from '../../kernel/clock.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import type { Act } from './act.ts';
import { type ActDraftInput, checkDraftInput } from './act-input.ts';
import { ACT_STATES } from './act-state.ts';
import { addActEvent, getAct, getActOrFail, replaceDocuments, updateDraftFields } from './act-store.ts';
import { numeroTaken } from './create-act.ts';
import type { Actor, TransmissionDeps } from './deps.ts';
import { storeDocuments, type UploadedDocument } from './store-documents.ts';

export async function updateDraft(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
  changes: ActDraftInput,
  uploads?: Iterable<UploadedDocument> | AsyncIterable<UploadedDocument>,
): Promise<Act> {
  const current = await getActOrFail(deps.db, collectiviteId, actId);
  const stored = uploads ? await storeDocuments(deps, uploads) : null;
  const merged: ActDraftInput = {
    numeroInterne: current.numeroInterne,
    nature: current.nature,
    decisionDate: current.decisionDate,
    objet: current.objet,
    classification: current.matiereCodes.join('.'),
    publicationDate: current.publicationDate,
    documentPapier: current.documentPapier,
    previousIdActe: current.previousIdActe,
    ...changes,
  };
  const checked = checkDraftInput(merged, parisDate(deps.clock.now()));
  const problems = [...(checked.ok ? [] : checked.problems), ...(stored?.problems ?? [])];
  if (stored && stored.documents.length === 0 && !problems.length)
    problems.push({ field: 'mainDocument', message: 'Joignez l’acte lui-même (un fichier PDF).' });
  if (problems.length || !checked.ok) throw validationError(problems);
  try {
    return await deps.db.transaction(async (tx) => {
      const act = await getAct(tx, collectiviteId, actId, true);
      if (act?.state !== 'draft')
        throw new AppError(
          'CONFLICT',
          `Seul un brouillon se modifie ; cet acte est à l’état « ${ACT_STATES[act?.state ?? 'draft']} ».`,
        );
      await updateDraftFields(tx, collectiviteId, actId, {
        ...checked.value,
        classificationDate: act.classificationDate,
      });
      if (stored) await replaceDocuments(tx, collectiviteId, actId, stored.documents);
      await addActEvent(tx, collectiviteId, actId, 'updated', actor.userId, {
        documents: stored ? stored.documents.length : null,
      });
      return (await getAct(tx, collectiviteId, actId))!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw validationError([numeroTaken(checked.value.numeroInterne)]);
    throw e;
  }
}
