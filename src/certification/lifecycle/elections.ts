// The elections campaign: after municipal or community elections, the certificates of outgoing
// office-holders (maire, président…) are revoked — "fin de mandat" — and each member must keep at least
// one equipped agent who is not an elected official, so that acts keep being transmitted through the
// change of council. RA officers only (cross-tenant listings).
import type { Principal } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { isAppError } from '../../kernel/errors.ts';
import type { CertificationDeps } from '../deps.ts';
import type { RequestState } from '../workflow.ts';
import { requestRevocation } from './request-revocation.ts';

export interface OfficeHolderCertificate {
  requestId: string;
  number: number;
  collectiviteId: string;
  collectiviteName: string;
  holderName: string;
  holderFunction: string;
  notAfter: Date | null;
  state: RequestState;
}

/** Live certificates of elected holders (not yet asked to be revoked), by collectivité. */
export async function unsafeListElectedCertificates(sql: Sql): Promise<OfficeHolderCertificate[]> {
  const r = await sql.query<{
    id: string;
    number: number;
    collectivite_id: string;
    name: string;
    holder_name: string;
    holder_function: string;
    cert_not_after: Date | null;
    state: RequestState;
  }>(
    `select r.id, r.number, r.collectivite_id, c.name, r.holder_name, r.holder_function, r.cert_not_after, r.state
     from certificate_requests r join collectivites c on c.id = r.collectivite_id
     where r.holder_is_elected and r.state in ('handed_over', 'active', 'renewal_due')
     order by c.name, r.holder_name`,
  );
  return r.rows.map((x) => ({
    requestId: x.id,
    number: x.number,
    collectiviteId: x.collectivite_id,
    collectiviteName: x.name,
    holderName: x.holder_name,
    holderFunction: x.holder_function,
    notAfter: x.cert_not_after,
    state: x.state,
  }));
}

export interface MemberToEquip {
  collectiviteId: string;
  name: string;
  /** Requests under way for this member (not yet handed over). */
  requestsInProgress: number;
  /** Only elected office-holders are equipped for acts: transmission stops with their mandates. */
  electedOnly: boolean;
  /** Agents who transmit there, with their own certificate attached outside any request, if any. */
  transmitters: { name: string; certificateUntil: Date | null }[];
}

/**
 * Members without any live certificate of a non-elected holder for the transmission of acts (from a
 * request): after the elections, nobody there could transmit with a certificate the syndicat follows.
 * Those where only elected office-holders are equipped come first: they transmit today and would stop.
 */
export async function unsafeListMembersToEquip(sql: Sql, now: Date): Promise<MemberToEquip[]> {
  const r = await sql.query<{
    id: string;
    name: string;
    in_progress: number;
    elected_live: number;
    transmitters: { name: string; until: string | null }[] | null;
  }>(
    `select * from (select c.id, c.name,
       (select count(*)::int from certificate_requests q where q.collectivite_id = c.id
          and q.state in ('draft', 'submitted', 'returned', 'checked', 'sent_to_ca', 'token_received',
                          'appointment_set')) as in_progress,
       (select count(*)::int from certificate_requests e where e.collectivite_id = c.id and e.holder_is_elected
          and 'actes' = any(e.purposes) and e.state in ('handed_over', 'active', 'renewal_due')
          and e.cert_not_after > $1) as elected_live,
       (select json_agg(json_build_object('name', u.name, 'until',
            (select max(uc.not_after) from user_certificates uc
             where uc.user_id = u.id and uc.detached_at is null and uc.not_after > $1)) order by u.name)
          from memberships m join users u on u.id = m.user_id
          where m.collectivite_id = c.id and 'transmitter' = any(m.roles) and u.disabled_at is null)
         as transmitters
     from collectivites c
     where not exists (select 1 from certificate_requests r where r.collectivite_id = c.id
       and not r.holder_is_elected and 'actes' = any(r.purposes)
       and r.state in ('handed_over', 'active', 'renewal_due') and r.cert_not_after > $1)) m
     order by elected_live > 0 desc, name`,
    [now],
  );
  return r.rows.map((x) => ({
    collectiviteId: x.id,
    name: x.name,
    requestsInProgress: x.in_progress,
    electedOnly: x.elected_live > 0,
    transmitters: (x.transmitters ?? []).map((t) => ({
      name: t.name,
      certificateUntil: t.until ? new Date(t.until) : null,
    })),
  }));
}

export interface BulkOutcome {
  requestId: string;
  ok: boolean;
  message: string;
}

/** "Fin de mandat" for each chosen request, one transaction each: one failure does not stop the rest. */
export async function revokeForEndOfMandate(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'connector' | 'mailer' | 'publicUrl' | 'logger'>,
  principal: Principal,
  requestIds: readonly string[],
): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const requestId of new Set(requestIds)) {
    try {
      const r = await requestRevocation(deps, {
        principal,
        requestId,
        reason: 'end_of_mandate',
        note: 'Campagne des élections : fin de mandat.',
        notifyOfficers: false,
      });
      out.push({
        requestId,
        ok: true,
        message: `Demande n° ${r.request.number} (${r.request.holder.name}) : ${
          r.confirmed ? 'révocation confirmée par l’autorité' : 'révocation demandée, à confirmer'
        }.`,
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      out.push({ requestId, ok: false, message: e.message });
    }
  }
  return out;
}
