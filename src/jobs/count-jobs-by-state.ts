// Queue health at a glance for the operator (every state present, zeros included). Cross-tenant on purpose.
import type { Queryable } from '../db/types.ts';
import { JOB_STATES, type JobState } from './job.ts';

export async function countJobsByState(
  sql: Queryable,
  filter: { kind?: string } = {},
): Promise<Record<JobState, number>> {
  const r = await sql.query<{ state: JobState; n: number }>(
    `select state, count(*)::int as n from jobs where ($1::text is null or kind = $1) group by state`,
    [filter.kind ?? null],
    { planEachRun: true },
  );
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of r.rows) counts[row.state] = row.n;
  return counts;
}
