// The evidence's content in the document store is shared by every row that names the same bytes (the
// store is content-addressed, shared with the acts). Deleting it (purge, a refused upload) must not race
// an insert naming the same bytes: the inserts of evidence rows hold EVIDENCE_CONTENT_LOCK shared in
// their transaction, a delete holds it exclusively and checks the references again under it.
import type { Sql } from '../db/types.ts';
import type { DocumentStore } from '../documents/index.ts';
import { AppError } from '../kernel/errors.ts';
import type { CertificationDeps } from './deps.ts';

/** Arbitrary, constant: "relais evidence content". */
export const EVIDENCE_CONTENT_LOCK = 7_310_422;

/**
 * Whether any row still names this content: every `…sha256` text column of the schema (acts'
 * documents, transmissions, inbound mails, the outbox, other requests' documents…) and the JSON lists
 * of documents or attachments (the préfecture's letters, the outbox). Read from the catalogue, so that a
 * table added later counts. Some of these columns have no index: a scan per purged content, once a day
 * for a handful of documents, is cheaper than indexes kept on every insert.
 */
export async function isContentReferenced(sql: Sql, sha256: string): Promise<boolean> {
  const cols = await sql.query<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = current_schema()
       and ((column_name like '%sha256' and data_type in ('character', 'text', 'character varying'))
         or ((column_name like '%document%' or column_name like '%attachment%') and data_type = 'jsonb'))
     order by table_name, column_name`,
  );
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  for (const c of cols.rows) {
    const test =
      c.data_type === 'jsonb'
        ? `${q(c.column_name)}::text like '%' || $1 || '%'`
        : `${q(c.column_name)} = $1`;
    const r = await sql.query(`select 1 from ${q(c.table_name)} where ${test} limit 1`, [sha256]);
    if (r.rows.length) return true;
  }
  return false;
}

/**
 * Inside an insert transaction, before the row naming `sha256` is written: from here until the commit
 * no delete can run, and the content must still be there (a purge may have deleted the same bytes
 * between their upload and this transaction).
 */
export async function holdContentForInsert(tx: Sql, documents: DocumentStore, sha256: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock_shared($1::bigint)', [EVIDENCE_CONTENT_LOCK]);
  if (!(await documents.has(sha256)))
    throw new AppError(
      'CONFLICT',
      'Le fichier a été effacé du stockage pendant son envoi : envoyez-le à nouveau.',
    );
}

/** Deletes a content that no row names any longer (checked under the exclusive lock); true if deleted. */
export async function deleteContentIfUnreferenced(
  deps: Pick<CertificationDeps, 'db' | 'documents'>,
  sha256: string,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [EVIDENCE_CONTENT_LOCK]);
    if (await isContentReferenced(tx, sha256)) return false;
    return deps.documents.delete(sha256);
  });
}
