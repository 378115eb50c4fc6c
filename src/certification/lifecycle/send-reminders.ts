// Expiry reminders of the certificates the syndicat obtained, at 90, 30 and 7 days: one mail per
// threshold to the holder, the collectivité's admins and the RA officers, never twice (recorded in
// certificate_request_reminders), only the most urgent when several are due at once (a job that did not
// run for a while does not send three mails). Same rule as the account-level warnings, whose
// `dueExpiryWarnings` it reuses; those skip the certificates a request covers.
import { dueExpiryWarnings, type WarningDays } from '../../auth/accounts/expiry-warnings.ts';
import { parisDate } from '../../kernel/clock.ts';
import type { CertificationDeps } from '../deps.ts';
import { collectiviteAdminEmails, distinctEmails, holderEmail, raOfficerEmails } from '../recipients.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { certificateReminderMail } from './lifecycle-mails.ts';

export interface SentReminder {
  requestId: string;
  days: WarningDays;
  daysLeft: number;
  to: string[];
}

/** Links of a request for mails: the prefilled renewal and the request page. */
export function requestLinks(publicUrl: string | undefined, request: { id: string; collectiviteId: string }) {
  const base = (publicUrl ?? '').replace(/\/$/, '');
  return {
    renewUrl: `${base}/collectivites/${request.collectiviteId}/demandes-certificat/nouvelle?renouvelle=${request.id}`,
    requestUrl: `${base}/certificats/demandes/${request.id}`,
  };
}

/**
 * Sends the due reminders (nothing without a mailer: they go out once one is configured). A reminder
 * whose mail fails is not recorded, so the next run tries again. A certificate whose renewal is already
 * under way (submitted at least) gets none: the people concerned are on it. A renewal left as a draft
 * does not count: forgotten, it would silence the 30- and 7-day reminders.
 */
export async function sendRequestReminders(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'mailer' | 'publicUrl' | 'logger'>,
): Promise<SentReminder[]> {
  const mailer = deps.mailer;
  if (!mailer) return [];
  const now = deps.clock.now();
  const r = await deps.db.query<{ id: string; cert_not_after: Date; sent: number[] | null }>(
    `select r.id, r.cert_not_after,
       (select array_agg(x.days::int) from certificate_request_reminders x where x.request_id = r.id) as sent
     from certificate_requests r
     where r.state in ('handed_over', 'active', 'renewal_due')
       and r.cert_not_after between $1 and $1::timestamptz + interval '91 days'
       and not exists (select 1 from certificate_requests n where n.renews_id = r.id
         and n.state not in ('draft', 'cancelled', 'expired', 'revoked', 'renewed'))`,
    [now],
  );
  const due = dueExpiryWarnings(
    r.rows.map((x) => ({
      certificateId: x.id,
      notAfter: x.cert_not_after,
      sent: (x.sent ?? []) as WarningDays[],
    })),
    now,
  );
  const officers = due.length ? await raOfficerEmails(deps.db) : [];
  const sent: SentReminder[] = [];
  for (const d of due) {
    const request = await unsafeGetRequest(deps.db, d.certificateId);
    const to = distinctEmails(
      [await holderEmail(deps.db, request)],
      await collectiviteAdminEmails(deps.db, request.collectiviteId),
      officers,
    );
    const mail = certificateReminderMail({
      requestNumber: request.number,
      holderName: request.holder.name,
      collectiviteName: request.collectiviteName,
      notAfter: parisDate(request.certificate!.notAfter),
      daysLeft: d.daysLeft,
      ...requestLinks(deps.publicUrl, request),
    });
    try {
      await mailer.send({ to, ...mail });
    } catch (e) {
      deps.logger?.warn({ request: request.id, err: (e as Error).message }, 'certificate reminder not sent');
      continue;
    }
    await deps.db.query(
      `insert into certificate_request_reminders (request_id, days, sent_at) values ($1, $2, $3)
       on conflict do nothing`,
      [request.id, d.days, now],
    );
    sent.push({ requestId: request.id, days: d.days, daysLeft: d.daysLeft, to });
  }
  return sent;
}

/** The reminders sent for one request (the caller has checked access), oldest first. */
export async function listRequestReminders(
  sql: Pick<CertificationDeps['db'], 'query'>,
  requestId: string,
): Promise<{ days: number; sentAt: Date }[]> {
  const r = await sql.query<{ days: number; sent_at: Date }>(
    'select days, sent_at from certificate_request_reminders where request_id = $1 order by sent_at',
    [requestId],
  );
  return r.rows.map((x) => ({ days: Number(x.days), sentAt: x.sent_at }));
}
