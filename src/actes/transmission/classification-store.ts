// The current classification of each collectivité (from its last 7-2).
import type { Sql } from '../../db/types.ts';
import type { Classification, ClassificationCache } from '../classification/index.ts';

/** The JSON form kept in the database (maps are rebuilt on read). */
export type SerializedClassification = Omit<Classification, 'byCode'>;

export interface CurrentClassification {
  dateVersion: string;
  /** Shared and deep-frozen when it comes from the cache: read it, never change it. */
  classification: Classification;
}

/**
 * The collectivité's classification, in one statement whatever the cache holds: the row's version,
 * and its model only when the cache does not hold that version (PostgreSQL then neither decompresses
 * nor sends the ~62 KB model, and nothing is parsed or rebuilt here). Without a cache (tests, tools),
 * the model is read and built every time.
 *
 * The version is the date, the hash of the 7-2 and the time of the row's last write: every save sets
 * updated_at, so a new model under the same date and hash (a re-read 7-2, a fixture) is a new version.
 * It is compared as text in the connection's format (the pool's connections share their settings): a
 * difference in form could only cost a read, never serve another version.
 */
export async function getCurrentClassification(
  sql: Sql,
  cache: ClassificationCache | undefined,
  collectiviteId: string,
): Promise<CurrentClassification | null> {
  // Kept across the await: a concurrent call may replace the entry meanwhile.
  const held = cache?.get(collectiviteId);
  const r = await sql.query<{
    date_version: string;
    version: string;
    model: SerializedClassification | null;
  }>(
    `select date_version, version, case when version = $2 then null else model end as model
       from (select date_version, model, concat_ws(' ', date_version, raw_sha256, updated_at) as version
               from classifications where collectivite_id = $1) c`,
    [collectiviteId, held?.version ?? null],
  );
  const row = r.rows[0];
  if (!row) return null;
  if (held && row.version === held.version)
    return { dateVersion: row.date_version, classification: held.model };
  if (!row.model) throw new Error(`classification of ${collectiviteId}: model missing from the row read`);
  const classification = hydrateClassification(row.model);
  cache?.set(collectiviteId, { version: row.version, model: deepFreeze(classification) });
  return { dateVersion: row.date_version, classification };
}

/** The date version alone: the model is ~65 KB of JSON, not worth reading where only the date counts. */
export async function getClassificationVersion(sql: Sql, collectiviteId: string): Promise<string | null> {
  const r = await sql.query<{ date_version: string }>(
    'select date_version from classifications where collectivite_id = $1',
    [collectiviteId],
  );
  return r.rows[0]?.date_version ?? null;
}

export async function saveClassification(
  sql: Sql,
  collectiviteId: string,
  c: Classification,
  rawSha256: string,
): Promise<void> {
  const { byCode: _ignored, ...model } = c;
  await sql.query(
    `insert into classifications (collectivite_id, date_version, raw_sha256, model) values ($1, $2, $3, $4)
     on conflict (collectivite_id) do update set date_version = excluded.date_version,
       raw_sha256 = excluded.raw_sha256, model = excluded.model, checked_at = now(), updated_at = now()
     where classifications.date_version <= excluded.date_version`,
    [collectiviteId, c.date, rawSha256, JSON.stringify(model)],
  );
}

export async function markClassificationChecked(sql: Sql, collectiviteId: string): Promise<void> {
  await sql.query('update classifications set checked_at = now() where collectivite_id = $1', [
    collectiviteId,
  ]);
}

/** Rebuilds the lookup index of a stored classification. */
function hydrateClassification(model: SerializedClassification): Classification {
  const byCode = new Map<string, Classification['matieres'][number]>();
  const walk = (entries: Classification['matieres']) => {
    for (const e of entries) {
      byCode.set(e.code, e);
      walk(e.children);
    }
  };
  walk(model.matieres);
  return { ...model, byCode };
}

/** Freezes the model's objects and arrays (the index is a Map: read-only by its type only). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || value instanceof Map || Object.isFrozen(value))
    return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
