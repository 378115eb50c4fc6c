// Records that a claimed job failed: back to pending after the back-off delay, or dead (the dead-letter
// state an operator sees and replays) when its attempts are used up or the failure is permanent.
import type { Queryable } from '../db/types.ts';
import { type BackoffOptions, backoffDelayMs } from './backoff.ts';
import { type JobClaim, OWNED_BY_CLAIM } from './complete-job.ts';
import { JOB_COLUMNS, type Job } from './job.ts';

export interface FailJobOptions {
  workerId: string;
  /** Short, operator-readable; see summariseError. */
  error: string;
  /** Dead at once, whatever attempts remain (the job can never succeed as it is). */
  permanent?: boolean;
  backoff?: BackoffOptions;
  now?: Date;
}

const FAIL = `update jobs set
    state = case when $4 or attempts >= max_attempts then 'dead' else 'pending' end,
    run_at = case when $4 or attempts >= max_attempts then run_at
      else coalesce($5::timestamptz, now()) + $6::float8 * interval '1 millisecond' end,
    finished_at = case when $4 or attempts >= max_attempts then now() end,
    last_error = $7, locked_at = null, locked_by = null, updated_at = now()
  where ${OWNED_BY_CLAIM}
  returning ${JOB_COLUMNS}`;

/** The job as recorded (state pending or dead), or null when the claim was lost. */
export async function failJob(sql: Queryable, claim: JobClaim, options: FailJobOptions): Promise<Job | null> {
  const delayMs = backoffDelayMs(claim.attempts, options.backoff);
  const r = await sql.query<Job>(FAIL, [
    claim.id,
    claim.attempts,
    options.workerId,
    options.permanent === true,
    options.now ?? null,
    delayMs,
    options.error,
  ]);
  return r.rows[0] ?? null;
}
