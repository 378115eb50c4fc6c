// Worker use case: build the envelope, the 1-1 and the archive of a queued act, store the archive, and
// send it in the same job (one job per act on the usual path). Reuses the act's envelope if an earlier
// attempt reserved one (idempotent). Anything but an accepted first send hands over to the send job:
// a send that failed makes this job fail, and its next run finds the archive built and queues the send
// job, which posts the same stored archive again (never a new envelope).
import type { Sql } from '../../db/types.ts';
import { enqueueJob, type JobOutcome } from '../../jobs/index.ts';
import { parisDate } from '../../kernel/clock.ts';
import { acteDataFor, actFiles, archiveFileName, buildActe } from '../protocol/index.ts';
import { addActEvent, getActWithCollectivite, moveAct, setActState } from './act-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { buildAndStoreArchive, reserveEnvelopeName } from './outbound.ts';
import { sendTransmission } from './send-transmission.ts';
import {
  insertTransmission,
  type Transmission,
  transmissionBuiltUpdate,
  unsafeGetTransmission,
} from './transmission-store.ts';
import { checkActForSending } from './validate-act.ts';

export const SEND_JOB = 'actes.send';

const queueSend = (sql: Sql, t: Transmission, runAt?: Date) =>
  enqueueJob(sql, {
    kind: SEND_JOB,
    payload: { transmissionId: t.id },
    key: `${SEND_JOB}:${t.id}`,
    collectiviteId: t.collectiviteId,
    ...(runAt ? { runAt } : {}),
  });

export interface BuildPayload {
  actId: string;
  collectiviteId: string;
}

export async function buildActArchive(
  deps: TransmissionDeps,
  p: BuildPayload,
): Promise<JobOutcome | undefined> {
  // 1. Check the act and reserve its envelope (or find the one reserved before).
  const prepared = await deps.db.transaction(async (tx) => {
    const found = await getActWithCollectivite(tx, p.collectiviteId, p.actId, true);
    if (!found) return null;
    const { act, collectivite } = found;
    let transmission = act.transmissionId ? await unsafeGetTransmission(tx, act.transmissionId) : null;
    if (transmission && transmission.state !== 'building') {
      // Built by an earlier run that stopped before its send's outcome was recorded (a crash, a stop, a
      // send that threw), or whose send failed: the send job takes over with the same stored archive,
      // whatever our checks or the act's state say now (an AR for the first post may already be in:
      // the préfecture then sees the same archive again, and the transmission ends recorded as sent).
      if (transmission.state === 'built') await queueSend(tx, transmission);
      return null;
    }
    if (!['queued', 'error'].includes(act.state)) return null;
    const check = await checkActForSending(tx, deps, act, collectivite);
    if (!check.ok) {
      const why = check.problems.map((x) => x.message).join(' ');
      await setActState(tx, act.collectiviteId, act.id, [act.state], 'error', { last_error: why });
      await addActEvent(tx, act.collectiviteId, act.id, 'build_refused', null, { problems: check.problems });
      return { refused: why } as const;
    }
    if (!transmission) {
      const envelopeName = await reserveEnvelopeName(
        tx,
        deps.settings,
        collectivite.siren,
        parisDate(deps.clock.now()),
      );
      transmission = await insertTransmission(
        tx,
        {
          collectiviteId: act.collectiviteId,
          actId: act.id,
          messageCode: '1-1',
          envelopeName,
          archiveName: archiveFileName(deps.settings.trigramme, envelopeName),
        },
        { linkAct: true },
      );
    }
    return { act, collectivite, metadata: check.metadata, transmission } as const;
  });
  if (!prepared) return undefined;
  // Our own check failed (e.g. the classification changed since submission): the person fixes the act.
  if ('refused' in prepared) return undefined;

  // 2. Build the XML and the archive outside any transaction (it streams the documents).
  const { act, collectivite, metadata, transmission } = prepared;
  const files = actFiles(metadata);
  const xml = buildActe(acteDataFor(metadata));
  const names = [files.mainDocumentFile, ...files.annexFiles];
  const archive = await buildAndStoreArchive(deps, collectivite, transmission.envelopeName, {
    messageFile: files.messageFile,
    xml,
    documents: act.documents.map((d, i) => ({ name: names[i]!, sha256: d.sha256, size: d.size })),
  });

  // 3. Record it: the transmission built and the act moved, in one statement.
  await moveAct(
    deps.db,
    act.collectiviteId,
    act.id,
    ['queued', 'error'],
    'built',
    { last_error: null },
    {
      kind: 'built',
      actorId: null,
      detail: {
        envelope: transmission.envelopeName,
        archive: transmission.archiveName,
        size: archive.size,
      },
    },
    transmissionBuiltUpdate(transmission.id, archive.sha256, archive.size),
  );

  // 4. Send it now. A failure throws: this job retries with back-off and its next run queues the send
  // job (above). Outside the sending window or over the hourly ceiling, the send job waits for its time.
  const built: Transmission = {
    ...transmission,
    state: 'built',
    archiveSha256: archive.sha256,
    archiveSize: archive.size,
  };
  const outcome = await sendTransmission(deps, { transmissionId: built.id }, built);
  if (outcome?.outcome !== 'retry-at') return outcome;
  await queueSend(deps.db, built, outcome.at);
  return undefined;
}
