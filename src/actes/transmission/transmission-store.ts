// Persistence of outbound envelopes (transmissions). Reads by id are cross-tenant on purpose: only the
// workers use them, with ids they enqueued themselves.
import type { Sql } from '../../db/types.ts';

export interface Transmission {
  id: string;
  collectiviteId: string;
  actId: string | null;
  prefectureMessageId: string | null;
  messageCode: string;
  envelopeName: string;
  archiveName: string;
  archiveSha256: string | null;
  archiveSize: number | null;
  state: 'building' | 'built' | 'sent' | 'failed';
  attempts: number;
  lastOutcome: string | null;
  sentAt: Date | null;
}

interface Row {
  id: string;
  collectivite_id: string;
  act_id: string | null;
  prefecture_message_id: string | null;
  message_code: string;
  envelope_name: string;
  archive_name: string;
  archive_sha256: string | null;
  archive_size: number | null;
  state: Transmission['state'];
  attempts: number;
  last_outcome: string | null;
  sent_at: Date | null;
}

const fromRow = (r: Row): Transmission => ({
  id: r.id,
  collectiviteId: r.collectivite_id,
  actId: r.act_id,
  prefectureMessageId: r.prefecture_message_id,
  messageCode: r.message_code,
  envelopeName: r.envelope_name,
  archiveName: r.archive_name,
  archiveSha256: r.archive_sha256,
  archiveSize: r.archive_size === null ? null : Number(r.archive_size),
  state: r.state,
  attempts: r.attempts,
  lastOutcome: r.last_outcome,
  sentAt: r.sent_at,
});

export async function insertTransmission(
  sql: Sql,
  t: {
    collectiviteId: string;
    actId: string | null;
    prefectureMessageId?: string | null;
    messageCode: string;
    envelopeName: string;
    archiveName: string;
  },
  /** Also point the act at it (an act's own envelope), in the same statement; the caller holds the act's lock. */
  options: { linkAct?: boolean } = {},
): Promise<Transmission> {
  const insert = `insert into transmissions (collectivite_id, act_id, prefecture_message_id, message_code, envelope_name, archive_name)
     values ($1, $2, $3, $4, $5, $6) returning *`;
  // The whole row back: the caller needs it, and reading it again would be one more round trip.
  const r = await sql.query<Row>(
    options.linkAct && t.actId
      ? `with t as (${insert}),
           linked as (update acts set transmission_id = t.id, updated_at = now() from t
                      where acts.collectivite_id = t.collectivite_id and acts.id = t.act_id)
         select * from t`
      : insert,
    [t.collectiviteId, t.actId, t.prefectureMessageId ?? null, t.messageCode, t.envelopeName, t.archiveName],
  );
  return fromRow(r.rows[0]!);
}

export async function unsafeGetTransmission(
  sql: Sql,
  id: string,
  forUpdate = false,
): Promise<Transmission | null> {
  const r = await sql.query<Row>(
    `select * from transmissions where id = $1${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function unsafeFindTransmissionByEnvelope(
  sql: Sql,
  envelopeName: string,
): Promise<Transmission | null> {
  const r = await sql.query<Row>('select * from transmissions where envelope_name = $1', [envelopeName]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** The archive of a transmission is built and stored (a statement to run alone or along another). */
export function transmissionBuiltUpdate(id: string, sha256: string, size: number) {
  return {
    sql: `update transmissions set state = 'built', archive_sha256 = $2, archive_size = $3, updated_at = now()
     where id = $1 and state = 'building'`,
    params: [id, sha256, size],
  };
}

export async function markTransmissionBuilt(
  sql: Sql,
  id: string,
  sha256: string,
  size: number,
): Promise<void> {
  const u = transmissionBuiltUpdate(id, sha256, size);
  await sql.query(u.sql, u.params);
}

/** One more attempt to send, and its outcome (a statement to run alone or along another). */
export function sendAttemptUpdate(id: string, outcome: string, state: 'built' | 'sent' | 'failed', at: Date) {
  return {
    sql: `update transmissions set attempts = attempts + 1, last_outcome = $2, state = $3,
       sent_at = case when $3 = 'sent' then $4::timestamptz else sent_at end, updated_at = now()
     where id = $1`,
    params: [id, outcome, state, at],
  };
}

export async function recordSendAttempt(
  sql: Sql,
  id: string,
  outcome: string,
  state: 'built' | 'sent' | 'failed',
  at: Date,
): Promise<void> {
  const u = sendAttemptUpdate(id, outcome, state, at);
  await sql.query(u.sql, u.params);
}

/** Bytes sent in the last hour, across every collectivité (the ministry's throughput ceiling). */
export async function unsafeBytesSentSince(sql: Sql, since: Date): Promise<number> {
  const r = await sql.query<{ n: number }>(
    `select coalesce(sum(archive_size), 0)::int8 as n from transmissions where state = 'sent' and sent_at >= $1`,
    [since],
  );
  return r.rows[0]!.n;
}
