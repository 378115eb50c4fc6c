// Worker use case: send a built archive to the ministry. Accepted → sent. Any failure is retried with
// the SAME stored archive (same envelope name): after an ambiguous failure the préfecture may already
// hold it, and it receives a given archive once. Never builds a new envelope here.

import { PassThrough, pipeline, type Readable } from 'node:stream';
import type { Sql } from '../../db/types.ts';
import { giveUp, type JobOutcome, retryAt } from '../../jobs/index.ts';
import { addActEvent, moveAct, recordSendAfterAnswer, setActState } from './act-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { setPrefectureMessageState } from './prefecture-message-store.ts';
import { refreshDeferralDeadline } from './refresh-deadline.ts';
import { nextSendTime } from './send-window.ts';
import {
  recordSendAttempt,
  sendAttemptUpdate,
  type Transmission,
  unsafeBytesSentSince,
  unsafeGetTransmission,
} from './transmission-store.ts';

/** A reply left: the préfecture's letter is now acknowledged (3-2, 4-2) or answered (2-2, 3-x, 4-x). */
async function afterReplySent(tx: Sql, t: Transmission): Promise<void> {
  if (!t.prefectureMessageId || !t.actId) return;
  const isAck = t.messageCode === '3-2' || t.messageCode === '4-2';
  const done = isAck
    ? await setPrefectureMessageState(tx, t.prefectureMessageId, ['received'], 'acknowledged')
    : await setPrefectureMessageState(
        tx,
        t.prefectureMessageId,
        ['received', 'acknowledged'],
        'answered',
        t.messageCode,
      );
  if (done)
    await addActEvent(tx, t.collectiviteId, t.actId, isAck ? 'ack_sent' : 'answer_sent', null, {
      code: t.messageCode,
    });
  if (!isAck) await refreshDeferralDeadline(tx, t.collectiviteId, t.actId);
}

/** A stream now for a source that opens asynchronously (the document store). */
function openLazily(get: () => Promise<Readable>): Readable {
  const out = new PassThrough();
  get().then(
    // pipeline, not pipe: a send that gives up destroys `out`, and the file must be closed with it.
    (s) => pipeline(s, out, () => {}),
    (e: Error) => out.destroy(e),
  );
  return out;
}

export class SendFailed extends Error {
  override name = 'SendFailed';
}

export async function sendTransmission(
  deps: TransmissionDeps,
  p: { transmissionId: string; resend?: boolean },
  /** The transmission as its builder just recorded it, in the same job (one read less). */
  known?: Transmission,
): Promise<JobOutcome | undefined> {
  const t = known?.id === p.transmissionId ? known : await unsafeGetTransmission(deps.db, p.transmissionId);
  // A repeated deposit (resend) posts the very same stored archive again: see resend-overdue.ts.
  if (!t || t.state === 'failed' || (t.state === 'sent' && !p.resend)) return undefined;
  if (t.state === 'building' || !t.archiveSha256 || t.archiveSize === null)
    return giveUp('archive non construite');

  const now = deps.clock.now();
  const bytes = deps.settings.maxBytesPerHour
    ? await unsafeBytesSentSince(deps.db, new Date(now.getTime() - 3_600_000))
    : 0;
  const later = nextSendTime(now, deps.settings, bytes, t.archiveSize);
  if (later) return retryAt(later, 'hors de la plage d’envoi ou plafond horaire atteint');

  const sha256 = t.archiveSha256;
  const result = await deps.gateway.sendArchive({
    fileName: t.archiveName,
    size: t.archiveSize,
    open: () => openLazily(() => deps.documents.get(sha256)),
  });

  const outcomeText =
    result.outcome === 'accepted' ? `HTTP ${result.status}` : `${result.outcome}: ${result.reason}`;
  if (result.outcome === 'accepted' && t.actId && t.messageCode === '1-1') {
    // The usual path: the attempt recorded and the act moved in one statement.
    const detail = { envelope: t.envelopeName, status: result.status };
    const moved = await moveAct(
      deps.db,
      t.collectiviteId,
      t.actId,
      ['built', 'error'],
      'sent',
      { sent_at: now, last_error: null },
      { kind: 'sent', actorId: null, detail },
      sendAttemptUpdate(t.id, outcomeText.slice(0, 500), 'sent', now),
    );
    // The préfecture's answer was applied before this send was recorded: the act keeps its answer, and
    // gets its sending date (the stamp and the bordereau need it).
    if (!moved) await recordSendAfterAnswer(deps.db, t.collectiviteId, t.actId, now, detail);
    return undefined;
  }
  await deps.db.transaction(async (tx) => {
    const state =
      result.outcome === 'accepted' || t.state === 'sent'
        ? 'sent'
        : result.outcome === 'rejected'
          ? 'failed'
          : 'built';
    await recordSendAttempt(tx, t.id, outcomeText.slice(0, 500), state, now);
    if (result.outcome === 'accepted' && t.messageCode !== '1-1') return afterReplySent(tx, t);
    if (!t.actId || t.messageCode !== '1-1') return;
    if (result.outcome === 'accepted') return; // an act's 1-1: recorded above, in one statement
    const message =
      result.outcome === 'rejected'
        ? `Le service de la préfecture a refusé l’envoi (HTTP ${result.status}). L’équipe du syndicat a été prévenue.`
        : 'Le service de la préfecture n’a pas répondu correctement : Relais renverra la même archive automatiquement.';
    await setActState(tx, t.collectiviteId, t.actId, ['built', 'error'], 'error', { last_error: message });
    await addActEvent(tx, t.collectiviteId, t.actId, 'send_failed', null, {
      outcome: result.outcome,
      reason: result.reason,
    });
  });
  if (result.outcome === 'rejected') return giveUp(`refus HTTP ${result.status} : ${result.reason}`);
  if (result.outcome !== 'accepted') throw new SendFailed(`${result.outcome}: ${result.reason}`);
  return undefined;
}
