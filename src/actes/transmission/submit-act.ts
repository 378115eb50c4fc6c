// Use cases: submit an act (a transmitter queues it; a preparer's submission waits for a transmitter's
// confirmation), confirm or send back a submission, and reopen a refused act to fix it.
import type { Sql } from '../../db/types.ts';
import { enqueueJob } from '../../jobs/index.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import type { Act } from './act.ts';
import { ACT_STATES } from './act-state.ts';
import {
  addActEvent,
  getAct,
  getActOrFail,
  type moveAct,
  moveActReturning,
  setActState,
} from './act-store.ts';
import type { CurrentClassification } from './classification-store.ts';
import type { Actor, TransmissionDeps } from './deps.ts';
import { enqueueClassificationRefresh } from './refresh-classification.ts';
import { unsafeGetTransmission } from './transmission-store.ts';
import { CLASSIFICATION_MISSING, checkActForSending } from './validate-act.ts';

export const BUILD_JOB = 'actes.build';

const lockAct = (tx: Sql, collectiviteId: string, actId: string) =>
  getActOrFail(tx, collectiviteId, actId, true);

export function wrongState(act: Act, action: string): AppError {
  return new AppError(
    'CONFLICT',
    `Impossible de ${action} : l’acte est à l’état « ${ACT_STATES[act.state]} ».`,
  );
}

/** Queues the act for building and sending (inside the caller's transaction); answers the act as queued. */
async function queue(
  tx: Sql,
  act: Act,
  fields: Parameters<typeof setActState>[5],
  event: Parameters<typeof moveAct>[6],
): Promise<Act> {
  const queued = await moveActReturning(
    tx,
    act,
    [act.state],
    'queued',
    { ...fields, last_error: null },
    event,
  );
  await enqueueJob(tx, {
    kind: BUILD_JOB,
    payload: { actId: act.id, collectiviteId: act.collectiviteId },
    key: `${BUILD_JOB}:${act.id}`,
    collectiviteId: act.collectiviteId,
  });
  // The act is locked by the caller: it cannot have left its state meanwhile.
  return queued!;
}

/**
 * Submits an act read (and locked) in `tx`: queued for a transmitter, awaiting a transmitter's
 * confirmation for a preparer. Throws the problems, all at once, when it cannot leave. Answers the act
 * as submitted.
 */
export async function submitLockedAct(
  tx: Sql,
  deps: Pick<TransmissionDeps, 'clock' | 'classifications'>,
  act: Act,
  actor: Actor,
  /** The collectivité's current classification, when the caller read it in `tx`. */
  classification?: CurrentClassification | null,
): Promise<Act> {
  if (act.state !== 'draft') throw wrongState(act, 'envoyer cet acte');
  const check = await checkActForSending(tx, deps, act, undefined, classification);
  if (!check.ok) throw validationError(check.problems);
  if (actor.canTransmit)
    return queue(
      tx,
      act,
      { submitted_by: actor.userId, confirmed_by: actor.userId },
      { kind: 'submitted', actorId: actor.userId },
    );
  const awaiting = await moveActReturning(
    tx,
    act,
    ['draft'],
    'awaiting_confirmation',
    { submitted_by: actor.userId },
    { kind: 'confirmation_requested', actorId: actor.userId },
  );
  return awaiting!;
}

/**
 * Runs a submission; when it was refused because the préfecture's classification has not been received
 * yet, asks for it (a 7-1) after the refused transaction, so that the request is not rolled back with it.
 */
export async function refreshingClassification<T>(
  deps: Pick<TransmissionDeps, 'db'>,
  collectiviteId: string,
  submission: () => Promise<T>,
): Promise<T> {
  try {
    return await submission();
  } catch (e) {
    if (e instanceof AppError && e.problems.some((p) => p.message === CLASSIFICATION_MISSING.message))
      // The refusal is what the person needs to read, even if this request cannot be queued now (the
      // daily refresh will ask anyway).
      await enqueueClassificationRefresh(deps.db, collectiviteId).catch(() => {});
    throw e;
  }
}

export async function submitAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
): Promise<Act> {
  return refreshingClassification(deps, collectiviteId, () =>
    deps.db.transaction(async (tx) => {
      return submitLockedAct(tx, deps, await lockAct(tx, collectiviteId, actId), actor);
    }),
  );
}

export async function confirmAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
): Promise<Act> {
  if (!actor.canTransmit)
    throw new AppError('FORBIDDEN', 'Seul un agent télétransmetteur peut confirmer l’envoi d’un acte.');
  return refreshingClassification(deps, collectiviteId, () =>
    deps.db.transaction(async (tx) => {
      const act = await lockAct(tx, collectiviteId, actId);
      if (act.state !== 'awaiting_confirmation') throw wrongState(act, 'confirmer l’envoi');
      const check = await checkActForSending(tx, deps, act);
      if (!check.ok) throw validationError(check.problems);
      return queue(tx, act, { confirmed_by: actor.userId }, { kind: 'confirmed', actorId: actor.userId });
    }),
  );
}

export async function sendBackAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
  reason: string,
): Promise<Act> {
  return deps.db.transaction(async (tx) => {
    const act = await lockAct(tx, collectiviteId, actId);
    if (act.state !== 'awaiting_confirmation') throw wrongState(act, 'renvoyer l’acte en brouillon');
    await setActState(tx, collectiviteId, actId, ['awaiting_confirmation'], 'draft');
    await addActEvent(tx, collectiviteId, actId, 'sent_back', actor.userId, { reason: reason.slice(0, 500) });
    return (await getAct(tx, collectiviteId, actId))!;
  });
}

/** A refused act (or one our checks stopped) goes back to draft to be fixed and sent again. */
export async function reopenRefusedAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
): Promise<Act> {
  return deps.db.transaction(async (tx) => {
    const act = await lockAct(tx, collectiviteId, actId);
    if (act.state !== 'refused' && act.state !== 'error') throw wrongState(act, 'reprendre cet acte');
    // An archive whose sending failed without an answer may already be at the préfecture: Relais sends
    // that same archive again until it is accepted or refused; a new envelope now could make two acts.
    const t = act.transmissionId ? await unsafeGetTransmission(tx, act.transmissionId) : null;
    if (act.state === 'error' && t?.state === 'built')
      throw new AppError(
        'CONFLICT',
        'Impossible de reprendre cet acte maintenant : son archive est peut-être déjà arrivée à la préfecture, et Relais la renvoie automatiquement à l’identique. Attendez l’accusé de réception ou le refus de la préfecture.',
      );
    // A new envelope will be built when it is sent again: the person chose to resend.
    await setActState(tx, collectiviteId, actId, [act.state], 'draft', { transmission_id: null });
    await addActEvent(tx, collectiviteId, actId, 'reopened', actor.userId);
    return (await getAct(tx, collectiviteId, actId))!;
  });
}
