// "Not now, at T": puts a claimed job back to pending until a given instant without counting the
// attempt, for waits that are not failures (a transmission window, a peer asking to come back later).
import type { Queryable } from '../db/types.ts';
import { type JobClaim, OWNED_BY_CLAIM } from './complete-job.ts';

/** False when the claim was lost. */
export async function deferJob(
  sql: Queryable,
  claim: JobClaim,
  workerId: string,
  runAt: Date,
): Promise<boolean> {
  const r = await sql.query(
    `update jobs set state = 'pending', run_at = $4, attempts = attempts - 1,
        locked_at = null, locked_by = null, updated_at = now()
      where ${OWNED_BY_CLAIM}`,
    [claim.id, claim.attempts, workerId, runAt],
  );
  return r.rowCount === 1;
}
