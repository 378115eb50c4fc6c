// The worker's heartbeat: refreshes locked_at on the jobs it is running so that the stale sweep leaves
// long jobs alone. Returns the claims still held; a missing one was taken back and must stop.
import type { Queryable } from '../db/types.ts';
import type { JobClaim } from './complete-job.ts';

export async function extendJobLocks(
  sql: Queryable,
  workerId: string,
  claims: readonly JobClaim[],
  now?: Date,
): Promise<number[]> {
  if (claims.length === 0) return [];
  const r = await sql.query<{ id: number }>(
    `update jobs set locked_at = coalesce($4::timestamptz, now()), updated_at = now()
      where (id, attempts) in (select * from unnest($2::bigint[], $3::int[]))
        and locked_by = $1 and state = 'running'
      returning id`,
    [workerId, claims.map((c) => c.id), claims.map((c) => c.attempts), now ?? null],
  );
  return r.rows.map((row) => row.id);
}
