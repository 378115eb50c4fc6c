// Jobs nobody runs: due for a while, of a kind this worker has no handler for. Workers only claim the
// kinds they know (see claimJobs), so such jobs would otherwise wait silently; the worker warns instead.
import type { Queryable } from '../db/types.ts';

export interface UnhandledKind {
  kind: string;
  count: number;
}

export async function findUnhandledKinds(
  sql: Queryable,
  options: { knownKinds: readonly string[]; overdueS: number; now?: Date },
): Promise<UnhandledKind[]> {
  const r = await sql.query<UnhandledKind>(
    `select kind, count(*)::int as count from jobs
      where state = 'pending' and kind <> all($1::text[])
        and run_at < coalesce($3::timestamptz, now()) - $2::float8 * interval '1 second'
      group by kind order by kind`,
    [options.knownKinds, options.overdueS, options.now ?? null],
  );
  return r.rows;
}
