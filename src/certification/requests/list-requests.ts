// Lists of requests: a collectivité's own (newest first), and the RA officers' worklist by step.
import type { ScopedCollectiviteId } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { type CertificateRequest, requestFromRow, SELECT_REQUEST } from '../request-store.ts';
import type { RequestState } from '../workflow.ts';

type RequestRow = Parameters<typeof requestFromRow>[0];

/** The requests of one collectivité, newest first. */
export async function listRequestsOfCollectivite(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
): Promise<CertificateRequest[]> {
  const r = await sql.query<RequestRow>(
    `${SELECT_REQUEST} where r.collectivite_id = $1 order by r.created_at desc, r.number desc`,
    [collectiviteId],
  );
  return r.rows.map(requestFromRow);
}

/** Every member's requests at these steps, oldest change first: RA officers only (the caller checks). */
export async function unsafeListRequestsInStates(
  sql: Sql,
  states: readonly RequestState[],
): Promise<CertificateRequest[]> {
  const r = await sql.query<RequestRow>(
    `${SELECT_REQUEST} where r.state = any($1::text[]) order by r.updated_at, r.number`,
    [states],
  );
  return r.rows.map(requestFromRow);
}

/** How many requests are at each step, over every member: RA officers only (the caller checks). */
export async function unsafeCountRequestsByState(sql: Sql): Promise<Partial<Record<RequestState, number>>> {
  const r = await sql.query<{ state: RequestState; n: number }>(
    'select state, count(*)::int as n from certificate_requests group by state',
  );
  return Object.fromEntries(r.rows.map((x) => [x.state, x.n]));
}
