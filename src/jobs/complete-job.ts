// Records that a claimed job succeeded. Like every outcome, it applies only while this worker still
// holds this claim (same worker, same attempt): a claim the stale sweep took back is not overwritten.
import type { Queryable } from '../db/types.ts';
import type { Job } from './job.ts';

/** The claim a worker holds: the job, at the attempt number its claim set. */
export type JobClaim = Pick<Job, 'id' | 'attempts'>;

export const OWNED_BY_CLAIM = `id = $1 and attempts = $2 and locked_by = $3 and state = 'running'`;

/** False when the claim was lost (the job was swept back and maybe claimed by someone else). */
export async function completeJob(sql: Queryable, claim: JobClaim, workerId: string): Promise<boolean> {
  const r = await sql.query(
    `update jobs set state = 'done', finished_at = now(), updated_at = now(), locked_at = null, locked_by = null
      where ${OWNED_BY_CLAIM}`,
    [claim.id, claim.attempts, workerId],
  );
  return r.rowCount === 1;
}
