// Retention of the evidence (ID copies, election records, contracts, handover reports): once a request
// has been closed (renewed, revoked, expired, abandoned) for `retentionDays`, its documents' content
// leaves the document store; their rows stay (kind, name, size, review) with `purged_at`, so the file
// still tells what was checked. The store is content-addressed and shared with the acts: content is
// deleted only when no other row anywhere still names the same SHA-256 (see evidence-content.ts).

import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import type { CertificationDeps } from '../deps.ts';
import { deleteContentIfUnreferenced } from '../evidence-content.ts';

export { isContentReferenced } from '../evidence-content.ts';

const DAY_MS = 86_400_000;

export interface PurgeOutcome {
  requests: number;
  documents: number;
  /** Contents actually removed from the store (others are still used elsewhere). */
  deletedContents: number;
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
  // After the commit: a content still named elsewhere (the same file in another request, an act) stays;
  // the check is repeated under the lock, against an upload of the same bytes at this very moment.
  let deletedContents = 0;
  for (const sha of new Set(rows.map((d) => d.sha256)))
    if (await deleteContentIfUnreferenced(deps, sha)) deletedContents++;
  const outcome = {
    requests: new Set(rows.map((d) => d.request_id)).size,
    documents: rows.length,
    deletedContents,
  };
  if (rows.length) deps.logger?.info(outcome, 'certificate request evidence purged');
  return outcome;
}
