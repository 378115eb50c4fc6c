// The current classification of each collectivité (from its last 7-2).
import type { Sql } from '../../db/types.ts';
import type { Classification } from '../classification/index.ts';

export interface StoredClassification {
  dateVersion: string;
  model: SerializedClassification;
  checkedAt: Date;
}

/** The JSON form kept in the database (maps are rebuilt on read). */
export type SerializedClassification = Omit<Classification, 'byCode'>;

export async function getClassification(
  sql: Sql,
  collectiviteId: string,
): Promise<StoredClassification | null> {
  const r = await sql.query<{ date_version: string; model: SerializedClassification; checked_at: Date }>(
    'select date_version, model, checked_at from classifications where collectivite_id = $1',
    [collectiviteId],
  );
  const row = r.rows[0];
  return row ? { dateVersion: row.date_version, model: row.model, checkedAt: row.checked_at } : null;
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
export function hydrateClassification(model: SerializedClassification): Classification {
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
