// Persistence of the certificates attached to people. A fingerprint may belong to several people (a
// shared mairie certificate); a person may hold several certificates (renewal keeps the history).
import type { Sql } from '../../db/types.ts';
import type { CertificateInfo } from '../certificates/certificate-info.ts';

export interface UserCertificate {
  id: string;
  userId: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  addedAt: Date;
  detachedAt: Date | null;
  lastUsedAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  fingerprint_sha256: string;
  subject: string;
  issuer: string;
  serial_hex: string;
  not_before: Date;
  not_after: Date;
  added_at: Date;
  detached_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = `id, user_id, fingerprint_sha256, subject, issuer, serial_hex, not_before, not_after, added_at,
  detached_at, last_used_at`;

const fromRow = (r: Row): UserCertificate => ({
  id: r.id,
  userId: r.user_id,
  fingerprint: r.fingerprint_sha256,
  subject: r.subject,
  issuer: r.issuer,
  serial: r.serial_hex,
  notBefore: r.not_before,
  notAfter: r.not_after,
  addedAt: r.added_at,
  detachedAt: r.detached_at,
  lastUsedAt: r.last_used_at,
});

/** Attaches a certificate to a person; attaching it again is a no-op that returns the existing row. */
export async function insertUserCertificate(
  sql: Sql,
  userId: string,
  info: CertificateInfo,
  addedBy: string | null,
): Promise<{ certificate: UserCertificate; created: boolean }> {
  const inserted = await sql.query<Row>(
    `insert into user_certificates (user_id, fingerprint_sha256, subject, issuer, serial_hex, not_before,
       not_after, pem, added_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (fingerprint_sha256, user_id) where detached_at is null do nothing
     returning ${COLUMNS}`,
    [
      userId,
      info.fingerprint,
      info.subject,
      info.issuer,
      info.serial,
      info.notBefore,
      info.notAfter,
      info.pem,
      addedBy,
    ],
  );
  if (inserted.rows[0]) return { certificate: fromRow(inserted.rows[0]), created: true };
  const existing = await sql.query<Row>(
    `select ${COLUMNS} from user_certificates where fingerprint_sha256 = $1 and user_id = $2 and detached_at is null`,
    [info.fingerprint, userId],
  );
  return { certificate: fromRow(existing.rows[0]!), created: false };
}

/** The people a certificate signs in (active attachments of enabled accounts). */
export async function findHoldersOfCertificate(
  sql: Sql,
  fingerprint: string,
): Promise<{ userId: string; name: string; email: string; certificateId: string }[]> {
  const r = await sql.query<{ user_id: string; name: string; email: string; id: string }>(
    `select c.user_id, u.name, u.email, c.id
     from user_certificates c join users u on u.id = c.user_id
     where c.fingerprint_sha256 = $1 and c.detached_at is null and u.disabled_at is null
     order by u.name`,
    [fingerprint],
  );
  return r.rows.map((x) => ({ userId: x.user_id, name: x.name, email: x.email, certificateId: x.id }));
}

export async function listCertificatesOfUser(
  sql: Sql,
  userId: string,
  withDetached = false,
): Promise<UserCertificate[]> {
  const r = await sql.query<Row>(
    `select ${COLUMNS} from user_certificates where user_id = $1 and ($2 or detached_at is null)
     order by added_at desc`,
    [userId, withDetached],
  );
  return r.rows.map(fromRow);
}

/** Active certificates of the people of one collectivité. */
export async function listCertificatesOfCollectivite(
  sql: Sql,
  collectiviteId: string,
): Promise<(UserCertificate & { userName: string; userEmail: string })[]> {
  const r = await sql.query<Row & { name: string; email: string }>(
    `select ${COLUMNS.replace(/(\w+)/g, 'c.$1')}, u.name, u.email
     from user_certificates c join users u on u.id = c.user_id
     where c.detached_at is null
       and exists (select 1 from memberships m where m.user_id = c.user_id and m.collectivite_id = $1)
     order by u.name, c.not_after desc`,
    [collectiviteId],
  );
  return r.rows.map((x) => ({ ...fromRow(x), userName: x.name, userEmail: x.email }));
}

export async function getUserCertificate(sql: Sql, id: string): Promise<UserCertificate | null> {
  const r = await sql.query<Row>(`select ${COLUMNS} from user_certificates where id = $1`, [id]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function detachUserCertificate(
  sql: Sql,
  id: string,
  by: string | null,
  at: Date,
): Promise<boolean> {
  const r = await sql.query(
    'update user_certificates set detached_at = $3, detached_by = $2 where id = $1 and detached_at is null',
    [id, by, at],
  );
  return r.rowCount > 0;
}

export async function touchCertificateUse(
  sql: Sql,
  fingerprint: string,
  userId: string,
  at: Date,
): Promise<void> {
  await sql.query(
    `update user_certificates set last_used_at = $3
     where fingerprint_sha256 = $1 and user_id = $2 and detached_at is null`,
    [fingerprint, userId, at],
  );
}

/** Every active certificate, as DER: their distribution points tell where to fetch CRLs. Platform-wide. */
export async function unsafeListActiveCertificateDer(sql: Sql): Promise<Buffer[]> {
  const r = await sql.query<{ pem: string }>(
    'select distinct pem from user_certificates where detached_at is null',
  );
  return r.rows.map((x) => Buffer.from(x.pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
}
