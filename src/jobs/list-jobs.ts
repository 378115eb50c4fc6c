// Operator view of the queue (relais jobs list, operator console). Cross-tenant on purpose: the
// operator runs the platform for every collectivité; never expose this to a collectivité's users.
import type { Queryable } from '../db/types.ts';
import { JOB_COLUMNS, type Job, type JobState } from './job.ts';

export interface ListJobsFilter {
  state?: JobState;
  kind?: string;
  collectiviteId?: string;
  /** Newest first; default 50, at most 1000. */
  limit?: number;
}

export async function listJobs(sql: Queryable, filter: ListJobsFilter = {}): Promise<Job[]> {
  const limit = Math.min(Math.max(1, filter.limit ?? 50), 1000);
  const r = await sql.query<Job>(
    `select ${JOB_COLUMNS} from jobs
      where ($1::text is null or state = $1)
        and ($2::text is null or kind = $2)
        and ($3::uuid is null or collectivite_id = $3)
      order by id desc
      limit $4`,
    [filter.state ?? null, filter.kind ?? null, filter.collectiviteId ?? null, limit],
    // Optional filters (`$1 is null or …`): only a plan made for the values given can drop them.
    { planEachRun: true },
  );
  return r.rows;
}

export async function getJob(sql: Queryable, id: number): Promise<Job | null> {
  const r = await sql.query<Job>(`select ${JOB_COLUMNS} from jobs where id = $1`, [id]);
  return r.rows[0] ?? null;
}
