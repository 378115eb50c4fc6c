// The figures the syndicat's board asks for: how many members are equipped (at least one live
// certificate), by use; certificates by state; what expires within 90 days; what the certificates cost,
// per year and per collectivité (the negotiated price frozen on each ordered request). RA officers only.
import type { Sql } from '../../db/types.ts';
import { LIVE_CERTIFICATE_STATES, type Purpose, type RequestState } from '../workflow.ts';
import { EXPIRING_DAYS } from './list-registry.ts';

const DAY_MS = 86_400_000;

export interface BoardFigures {
  members: number;
  /** Members with at least one live certificate, from a request or attached to an account. */
  equipped: number;
  /** Members with a live certificate from a request for each use. */
  equippedByPurpose: Record<Purpose, number>;
  requestsByState: { state: RequestState; count: number }[];
  /** Certificates attached to accounts outside any request, still valid. */
  accountCertificates: number;
  expiringSoon: number;
  costsByYear: { year: number; requests: number; cents: number }[];
  costsByCollectivite: {
    year: number;
    collectiviteId: string;
    name: string;
    requests: number;
    cents: number;
  }[];
}

export async function unsafeBoardFigures(sql: Sql, now: Date): Promise<BoardFigures> {
  const live = [...LIVE_CERTIFICATE_STATES];
  const soon = new Date(now.getTime() + EXPIRING_DAYS * DAY_MS);
  const members = await sql.query<{ n: number }>('select count(*)::int as n from collectivites');
  const equipped = await sql.query<{ n: number; actes: number; helios: number }>(
    `with by_request as (
       select collectivite_id, purposes from certificate_requests
       where state = any($1::text[]) and cert_not_after > $2
     ), by_account as (
       select distinct m.collectivite_id from user_certificates uc join memberships m on m.user_id = uc.user_id
       join users u on u.id = uc.user_id
       where uc.detached_at is null and uc.not_after > $2 and u.disabled_at is null
     )
     select
       (select count(*)::int from collectivites c where c.id in (select collectivite_id from by_request)
          or c.id in (select collectivite_id from by_account)) as n,
       (select count(distinct collectivite_id)::int from by_request where 'actes' = any(purposes)) as actes,
       (select count(distinct collectivite_id)::int from by_request where 'helios' = any(purposes)) as helios`,
    [live, now],
  );
  const states = await sql.query<{ state: RequestState; n: number }>(
    'select state, count(*)::int as n from certificate_requests group by state order by state',
  );
  const accounts = await sql.query<{ n: number; soon: number }>(
    `select count(*)::int as n, count(*) filter (where uc.not_after <= $2)::int as soon
     from user_certificates uc
     where uc.detached_at is null and uc.not_after > $1
       and not exists (select 1 from certificate_requests r
                       where r.user_certificate_id = uc.id or r.cert_fingerprint = uc.fingerprint_sha256)`,
    [now, soon],
  );
  const expiring = await sql.query<{ n: number }>(
    `select count(*)::int as n from certificate_requests
     where state = any($1::text[]) and cert_not_after > $2 and cert_not_after <= $3`,
    [live, now, soon],
  );
  // The year of the order, in Paris: a December order belongs to that year's budget.
  const costs = await sql.query<{
    year: number;
    collectivite_id: string;
    name: string;
    n: number;
    cents: string;
  }>(
    `select extract(year from (o.created_at at time zone 'Europe/Paris'))::int as year, r.collectivite_id,
       c.name, count(*)::int as n, sum(r.price_cents)::bigint as cents
     from certificate_requests r join ra_orders o on o.id = r.order_id join collectivites c on c.id = r.collectivite_id
     where r.price_cents is not null
     group by 1, 2, 3 order by 1 desc, 3`,
  );
  const byYear = new Map<number, { year: number; requests: number; cents: number }>();
  for (const c of costs.rows) {
    const y = byYear.get(c.year) ?? { year: c.year, requests: 0, cents: 0 };
    y.requests += c.n;
    y.cents += Number(c.cents);
    byYear.set(c.year, y);
  }
  const e = equipped.rows[0]!;
  return {
    members: members.rows[0]!.n,
    equipped: e.n,
    equippedByPurpose: { actes: e.actes, helios: e.helios },
    requestsByState: states.rows.map((s) => ({ state: s.state, count: s.n })),
    accountCertificates: accounts.rows[0]!.n,
    expiringSoon: expiring.rows[0]!.n + accounts.rows[0]!.soon,
    costsByYear: [...byYear.values()],
    costsByCollectivite: costs.rows.map((c) => ({
      year: c.year,
      collectiviteId: c.collectivite_id,
      name: c.name,
      requests: c.n,
      cents: Number(c.cents),
    })),
  };
}
