// Retention of the evidence (ID copies, election records, contracts, handover reports): once a request
// has been closed (renewed, revoked, expired, abandoned) for `retentionDays`, its documents' content
// leaves the document store; their rows stay (kind, name, size, review) with `purged_at`, so the file
// still tells what was checked. The store is content-addressed and shared with the acts: content is
// deleted only when no other row anywhere still names the same SHA-256.

import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import type { Sql } from '../../db/types.ts';
import type { CertificationDeps } from '../deps.ts';

const DAY_MS = 86_400_000;

export interface PurgeOutcome {
  requests: number;
  documents: number;
  /** Contents actually removed from the store (others are still used elsewhere). */
  deletedContents: number;
}

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

export async function purgeExpiredEvidence(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'documents' | 'retentionDays' | 'logger'>,
): Promise<PurgeOutcome> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - deps.retentionDays * DAY_MS);
  const rows = await deps.db.transaction(async (tx) => {
    const due = await tx.query<{ id: string; request_id: string; sha256: string }>(
      `select d.id, d.request_id, d.sha256 from certificate_request_documents d
       join certificate_requests r on r.id = d.request_id
       where r.closed_at is not null and r.closed_at < $1 and d.sha256 is not null
       for update of d`,
      [before],
    );
    if (due.rows.length === 0) return [];
    await tx.query(
      `update certificate_request_documents set sha256 = null, purged_at = $2 where id = any($1::uuid[])`,
      [due.rows.map((d) => d.id), now],
    );
    const requests = new Set(due.rows.map((d) => d.request_id)).size;
    await recordSecurityEvent(tx, {
      kind: 'ra.evidence-purged',
      at: now,
      reason: `Durée de conservation écoulée (${deps.retentionDays} jours après la clôture) : pièces de ${requests} demande(s) de certificat supprimées.`,
      details: { requests, documents: due.rows.length, retentionDays: deps.retentionDays },
    });
    return due.rows;
  });
  // After the commit: a content still named elsewhere (the same file in another request, an act) stays.
  let deletedContents = 0;
  for (const sha of new Set(rows.map((d) => d.sha256))) {
    if (await isContentReferenced(deps.db, sha)) continue;
    if (await deps.documents.delete(sha)) deletedContents++;
  }
  const outcome = {
    requests: new Set(rows.map((d) => d.request_id)).size,
    documents: rows.length,
    deletedContents,
  };
  if (rows.length) deps.logger?.info(outcome, 'certificate request evidence purged');
  return outcome;
}
