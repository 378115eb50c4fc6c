// Queues a message other than the 1-1 (3-2/4-2 acknowledgements, answers 2-2/3-3/3-4/4-3/4-4,
// cancellation 6-1, classification request 7-1): its XML and documents are stored, its envelope
// reserved and a job queued to build and send the archive — all inside the caller's transaction.
import { Readable } from 'node:stream';
import type { Sql } from '../../db/types.ts';
import { enqueueJob, type JobOutcome } from '../../jobs/index.ts';
import { parisDate } from '../../kernel/clock.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { archiveFileName } from '../protocol/index.ts';
import { SEND_JOB } from './build-act-archive.ts';
import type { TransmissionDeps } from './deps.ts';
import { buildAndStoreArchive, reserveEnvelopeName } from './outbound.ts';
import { markTransmissionBuilt, unsafeGetTransmission } from './transmission-store.ts';

export const OUTBOUND_JOB = 'actes.outbound';

export interface OutboundRequest {
  collectiviteId: string;
  siren: string;
  actId: string | null;
  prefectureMessageId: string | null;
  code: string;
  messageFile: string;
  xml: Buffer;
  documents: { name: string; sha256: string; size: number }[];
}

export async function queueOutbound(
  tx: Sql,
  deps: Pick<TransmissionDeps, 'documents' | 'settings' | 'clock'>,
  r: OutboundRequest,
): Promise<string> {
  const message = await deps.documents.put(Readable.from([r.xml]));
  const envelopeName = await reserveEnvelopeName(tx, deps.settings, r.siren, parisDate(deps.clock.now()));
  const t = await tx.query<{ id: string }>(
    `insert into transmissions (collectivite_id, act_id, prefecture_message_id, message_code, envelope_name,
       archive_name, message_file, message_sha256, documents)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      r.collectiviteId,
      r.actId,
      r.prefectureMessageId,
      r.code,
      envelopeName,
      archiveFileName(deps.settings.trigramme, envelopeName),
      r.messageFile,
      message.sha256,
      JSON.stringify(r.documents),
    ],
  );
  const id = t.rows[0]!.id;
  await enqueueJob(tx, {
    kind: OUTBOUND_JOB,
    payload: { transmissionId: id },
    key: `${OUTBOUND_JOB}:${id}`,
    collectiviteId: r.collectiviteId,
  });
  return id;
}

/** Worker use case: build the archive of a queued outbound message, then queue its sending. */
export async function buildOutboundArchive(
  deps: TransmissionDeps,
  p: { transmissionId: string },
): Promise<JobOutcome | undefined> {
  const row = await deps.db.query<{
    message_file: string;
    message_sha256: string;
    documents: OutboundRequest['documents'];
  }>('select message_file, message_sha256, documents from transmissions where id = $1', [p.transmissionId]);
  const t = await unsafeGetTransmission(deps.db, p.transmissionId);
  const extra = row.rows[0];
  if (!t || !extra) return undefined;
  if (t.state === 'building') {
    const collectivite = (await getCollectivite(deps.db, t.collectiviteId))!;
    const xml = Buffer.concat(await (await deps.documents.get(extra.message_sha256)).toArray());
    const archive = await buildAndStoreArchive(deps, collectivite, t.envelopeName, {
      messageFile: extra.message_file,
      xml,
      documents: extra.documents,
    });
    await markTransmissionBuilt(deps.db, t.id, archive.sha256, archive.size);
  }
  await enqueueJob(deps.db, {
    kind: SEND_JOB,
    payload: { transmissionId: t.id },
    key: `${SEND_JOB}:${t.id}`,
    collectiviteId: t.collectiviteId,
  });
  return undefined;
}
