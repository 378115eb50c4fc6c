// Claims due jobs for one worker. SKIP LOCKED lets any number of workers (processes, connections) claim
// concurrently: each due row goes to exactly one of them, and nobody waits on another's claim.
import type { Queryable } from '../db/types.ts';
import { JOB_COLUMNS, type Job } from './job.ts';

export interface ClaimJobsOptions {
  workerId: string;
  /** Only these kinds: a worker never takes a job it has no handler for (mixed versions, specialised workers). */
  kinds: readonly string[];
  limit: number;
  /** Test clock; default: database time, one clock for every worker whatever host it runs on. */
  now?: Date;
}

// The claim counts as an attempt right away, so a worker that dies mid-job still uses one up.
const CLAIM = `update jobs set
    state = 'running',
    attempts = attempts + 1,
    locked_by = $1,
    locked_at = coalesce($2::timestamptz, now()),
    updated_at = now()
  where id = any(array(
    select id from jobs
    where state = 'pending' and run_at <= coalesce($2::timestamptz, now()) and kind = any($3::text[])
    order by run_at, id
    limit $4
    for update skip locked
  ))
  returning ${JOB_COLUMNS}`;

export async function claimJobs(sql: Queryable, options: ClaimJobsOptions): Promise<Job[]> {
  if (options.limit < 1 || options.kinds.length === 0) return [];
  const r = await sql.query<Job>(CLAIM, [
    options.workerId,
    options.now ?? null,
    options.kinds,
    options.limit,
  ]);
  // RETURNING gives no order; hand them out oldest first, as the queue promises.
  return r.rows.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}
