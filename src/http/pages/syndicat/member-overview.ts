// The operator console's figures for every member: onboarding steps, last transmission, acts this
// month, refusals, certificates expiring soon. Cross-tenant on purpose (operator admins only).
import type { Db } from '../../../db/types.ts';

export interface MemberOverview {
  id: string;
  name: string;
  siren: string;
  conventionDate: string | null;
  users: number;
  certificates: number;
  expiringCertificates: number;
  firstSentAt: Date | null;
  lastSentAt: Date | null;
  actsThisMonth: number;
  refusals: number;
}

export async function unsafeListMemberOverview(
  db: Db,
  now: Date,
  monthStart: Date,
): Promise<MemberOverview[]> {
  const r = await db.query<{
    id: string;
    name: string;
    siren: string;
    convention_date: string | null;
    users: number;
    certificates: number;
    expiring: number;
    first_sent: Date | null;
    last_sent: Date | null;
    month_acts: number;
    refusals: number;
  }>(
    `select c.id, c.name, c.siren, c.convention_date,
       (select count(*) from memberships m where m.collectivite_id = c.id)::int as users,
       (select count(distinct uc.id) from user_certificates uc join memberships m on m.user_id = uc.user_id
          where m.collectivite_id = c.id and uc.detached_at is null and uc.not_after > $1)::int as certificates,
       (select count(distinct uc.id) from user_certificates uc join memberships m on m.user_id = uc.user_id
          where m.collectivite_id = c.id and uc.detached_at is null
            and uc.not_after > $1 and uc.not_after <= $1 + interval '30 days')::int as expiring,
       (select min(a.sent_at) from acts a where a.collectivite_id = c.id) as first_sent,
       (select max(a.sent_at) from acts a where a.collectivite_id = c.id) as last_sent,
       (select count(*) from acts a where a.collectivite_id = c.id and a.sent_at >= $2)::int as month_acts,
       (select count(*) from acts a where a.collectivite_id = c.id and a.state = 'refused')::int as refusals
     from collectivites c order by c.name`,
    [now, monthStart],
  );
  return r.rows.map((m) => ({
    id: m.id,
    name: m.name,
    siren: m.siren,
    conventionDate: m.convention_date,
    users: m.users,
    certificates: m.certificates,
    expiringCertificates: m.expiring,
    firstSentAt: m.first_sent,
    lastSentAt: m.last_sent,
    actsThisMonth: m.month_acts,
    refusals: m.refusals,
  }));
}
