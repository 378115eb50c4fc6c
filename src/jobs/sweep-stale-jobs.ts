// Takes back jobs whose worker disappeared (crash, kill -9, lost host): a running job whose lock was not
// refreshed for lockTimeoutS goes back to pending, or to dead if that was its last attempt. Live workers
// refresh their locks (extendJobLocks), so only abandoned claims age past the timeout.
import type { Queryable } from '../db/types.ts';
import type { JobState } from './job.ts';

export interface SweptJob {
  id: number;
  kind: string;
  /** The worker that held the lock. */
  lockedBy: string | null;
  /** pending, or dead when the lost attempt was the last one. */
  state: JobState;
}

export interface SweepStaleJobsOptions {
  lockTimeoutS: number;
  now?: Date;
}

// The lost attempt counts: a job that kills its worker every time (a poison input) must end up dead,
// not loop forever. It is due again at once: it already waited lockTimeoutS.
const SWEEP = `with stale as (
    select id, locked_by from jobs
    where state = 'running'
      and locked_at < coalesce($1::timestamptz, now()) - $2::float8 * interval '1 second'
    for update skip locked
  )
  update jobs set
    state = case when attempts >= max_attempts then 'dead' else 'pending' end,
    finished_at = case when attempts >= max_attempts then now() end,
    run_at = coalesce($1::timestamptz, now()),
    last_error = 'Le processus qui exécutait cette tâche a disparu (verrou de ' || stale.locked_by
      || ' expiré après ' || $2::float8 || ' s).',
    locked_at = null, locked_by = null, updated_at = now()
  from stale
  where jobs.id = stale.id
  returning jobs.id, jobs.kind, stale.locked_by as "lockedBy", jobs.state`;

export async function sweepStaleJobs(sql: Queryable, options: SweepStaleJobsOptions): Promise<SweptJob[]> {
  const r = await sql.query<SweptJob>(SWEEP, [options.now ?? null, options.lockTimeoutS]);
  return r.rows;
}
