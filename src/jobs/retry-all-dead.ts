// Operator replay of every dead job (optionally of one kind), e.g. after a ministry outage outlasted the
// retries. Cross-tenant on purpose. Per deduplication key only the newest dead job is revived, and none
// whose key already has a pending or running job: the key's uniqueness holds.
import type { Queryable } from '../db/types.ts';
import { REVIVE_SET } from './retry-job.ts';

/** The number of jobs put back to pending. */
export async function retryAllDead(sql: Queryable, filter: { kind?: string } = {}): Promise<number> {
  const r = await sql.query(
    `update jobs set ${REVIVE_SET}
      where state = 'dead' and ($1::text is null or kind = $1)
        and (job_key is null or (
          id = (select max(d.id) from jobs d where d.job_key = jobs.job_key and d.state = 'dead')
          and not exists (
            select 1 from jobs a where a.job_key = jobs.job_key and a.state in ('pending', 'running'))))`,
    [filter.kind ?? null],
    { planEachRun: true },
  );
  return r.rowCount;
}
