// Idempotency keys on creating requests: the same key with the same request replays the first answer;
// the same key with a different request is refused. Keys are per collectivité.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/types.ts';
import { validationError } from '../../kernel/errors.ts';

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export function idempotencyKeyOf(header: unknown): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !/^[A-Za-z0-9._:-]{1,200}$/.test(header))
    throw validationError([
      {
        field: 'Idempotency-Key',
        message: 'L’en-tête Idempotency-Key doit faire 1 à 200 caractères parmi A-Z, a-z, 0-9, « . _ : - ».',
      },
    ]);
  return header;
}

export async function findReplay(
  db: Db,
  collectiviteId: string,
  key: string,
  hash: string,
): Promise<{ status: number; body: unknown } | null> {
  const r = await db.query<{ request_hash: string; status: number; response: unknown }>(
    'select request_hash, status, response from idempotency_keys where collectivite_id = $1 and key = $2',
    [collectiviteId, key],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (row.request_hash !== hash)
    throw validationError([
      {
        field: 'Idempotency-Key',
        message: 'Cette clé d’idempotence a déjà servi pour une autre requête : utilisez une nouvelle clé.',
      },
    ]);
  return { status: row.status, body: row.response };
}

export async function rememberResponse(
  db: Db,
  collectiviteId: string,
  key: string,
  hash: string,
  status: number,
  body: unknown,
): Promise<void> {
  await db.query(
    `insert into idempotency_keys (collectivite_id, key, request_hash, status, response) values ($1, $2, $3, $4, $5)
     on conflict do nothing`,
    [collectiviteId, key, hash, status, JSON.stringify(body)],
  );
}
