// Browser sessions in the database. The cookie carries a random token; only its SHA-256 is stored, so a
// copy of the database does not let anyone sign in. Idle and absolute timeouts are checked on read.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../../db/types.ts';
import { sha256Hex } from '../certificates/certificate-info.ts';

export interface Session {
  id: string;
  userId: string;
  method: 'certificate' | 'demo';
  certificateFingerprint: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** For certificate sessions: the certificate is still attached to this person. */
  isCertificateAttached: boolean;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

export async function createSession(
  sql: Sql,
  input: { userId: string; method: Session['method']; certificateFingerprint: string | null; at: Date },
): Promise<{ session: Session; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const r = await sql.query<{ id: string }>(
    `insert into sessions (token_hash, user_id, method, certificate_fingerprint, created_at, last_seen_at)
     values ($1, $2, $3, $4, $5, $5) returning id`,
    [sha256Hex(token), input.userId, input.method, input.certificateFingerprint, input.at],
  );
  return {
    token,
    session: {
      id: r.rows[0]!.id,
      userId: input.userId,
      method: input.method,
      certificateFingerprint: input.certificateFingerprint,
      createdAt: input.at,
      lastSeenAt: input.at,
      isCertificateAttached: input.method === 'certificate',
    },
  };
}

export type SessionLookup =
  | { ok: true; session: Session }
  | { ok: false; reason: 'unknown' | 'ended' | 'idle' | 'expired'; sessionId?: string; userId?: string };

/** The live session of a cookie token; ends it (and says why) when a timeout has passed. */
export async function findSession(
  sql: Sql,
  token: string,
  now: Date,
  timeouts: SessionTimeouts,
): Promise<SessionLookup> {
  const r = await sql.query<{
    id: string;
    user_id: string;
    method: Session['method'];
    certificate_fingerprint: string | null;
    created_at: Date;
    last_seen_at: Date;
    ended_at: Date | null;
    attached: boolean;
  }>(
    `select s.id, s.user_id, s.method, s.certificate_fingerprint, s.created_at, s.last_seen_at, s.ended_at,
       exists (select 1 from user_certificates c where c.user_id = s.user_id
               and c.fingerprint_sha256 = s.certificate_fingerprint and c.detached_at is null) as attached
     from sessions s where s.token_hash = $1`,
    [sha256Hex(token)],
  );
  const row = r.rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  const ids = { sessionId: row.id, userId: row.user_id };
  if (row.ended_at) return { ok: false, reason: 'ended', ...ids };
  const reason =
    now.getTime() - row.created_at.getTime() > timeouts.absoluteMs
      ? 'expired'
      : now.getTime() - row.last_seen_at.getTime() > timeouts.idleMs
        ? 'idle'
        : null;
  if (reason) {
    await endSession(sql, row.id, reason, now);
    return { ok: false, reason, ...ids };
  }
  return {
    ok: true,
    session: {
      id: row.id,
      userId: row.user_id,
      method: row.method,
      certificateFingerprint: row.certificate_fingerprint,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      isCertificateAttached: row.attached,
    },
  };
}

/** Records activity, at most once a minute per session: the idle timeout needs no finer grain. */
export async function touchSession(sql: Sql, session: Session, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < 60_000) return;
  await sql.query('update sessions set last_seen_at = $2 where id = $1 and ended_at is null', [
    session.id,
    now,
  ]);
}

export async function endSession(sql: Sql, sessionId: string, reason: string, at: Date): Promise<void> {
  await sql.query('update sessions set ended_at = $3, end_reason = $2 where id = $1 and ended_at is null', [
    sessionId,
    reason,
    at,
  ]);
}
