// Use case: create an act as a draft — its metadata and its documents (streamed to the store) — and,
// when asked, submit it in the same transaction (one request for API clients that deposit and send).
import { isUniqueViolation } from '../../db/types.ts';
import { parisDate } from '../../kernel/clock.ts';
import { type FieldProblem, validationError } from '../../kernel/errors.ts';
import type { Act } from './act.ts';
import { type ActDraftInput, checkDraftInput } from './act-input.ts';
import { insertAct } from './act-store.ts';
import { getClassificationVersion, getCurrentClassification } from './classification-store.ts';
import type { Actor, TransmissionDeps } from './deps.ts';
import { storeDocuments, type UploadedDocument } from './store-documents.ts';
import { refreshingClassification, submitLockedAct } from './submit-act.ts';

export function numeroTaken(numero: string): FieldProblem {
  return {
    field: 'numeroInterne',
    message: `Le numéro « ${numero} » est déjà utilisé par un autre acte de votre collectivité : chaque acte garde un numéro unique pour toujours, choisissez-en un autre.`,
  };
}

export async function createAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  input: ActDraftInput | (() => ActDraftInput),
  uploads: Iterable<UploadedDocument> | AsyncIterable<UploadedDocument>,
  /** Submit it at once (as submitAct would): nothing is created if it cannot leave as it is. */
  options: { submit?: boolean } = {},
): Promise<Act> {
  // Documents first: in a multipart upload, the fields are known once every part has been read.
  const { documents, problems } = await storeDocuments(deps, uploads);
  const checked = checkDraftInput(typeof input === 'function' ? input() : input, parisDate(deps.clock.now()));
  if (!checked.ok) problems.unshift(...checked.problems);
  if (documents.length === 0 && !problems.some((p) => p.field === 'mainDocument'))
    problems.push({ field: 'mainDocument', message: 'Joignez l’acte lui-même (un fichier PDF).' });
  if (problems.length || !checked.ok) throw validationError(problems);

  const draft = checked.value;
  try {
    return await refreshingClassification(deps, collectiviteId, () =>
      deps.db.transaction(async (tx) => {
        // Submitting at once: the classification read for the act's date is the one its check uses.
        const current = options.submit
          ? await getCurrentClassification(tx, deps.classifications, collectiviteId)
          : undefined;
        const classificationDate =
          current !== undefined ? current?.dateVersion : await getClassificationVersion(tx, collectiviteId);
        const act = await insertAct(
          tx,
          {
            ...draft,
            collectiviteId,
            classificationDate: classificationDate ?? parisDate(deps.clock.now()),
            createdBy: actor.userId,
          },
          documents,
          { actorId: actor.userId, detail: { documents: documents.length } },
        );
        if (!options.submit) return act;
        return submitLockedAct(tx, deps, act, actor, current);
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw validationError([numeroTaken(draft.numeroInterne)]);
    throw e;
  }
}
