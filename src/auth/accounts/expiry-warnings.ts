// Certificate expiry warnings at 90, 30 and 7 days. `dueExpiryWarnings` is pure; `sendCertificateExpiryWarnings`
// is what a daily job calls: it hands each due warning to `notify` (the e-mail work, later) and records
// it, so a warning is never sent twice — and only the most urgent one when several are due at once.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';

export const WARNING_DAYS = [90, 30, 7] as const;
export type WarningDays = (typeof WARNING_DAYS)[number];

const DAY_MS = 86_400_000;

export interface ExpiringCertificate {
  certificateId: string;
  notAfter: Date;
  /** Thresholds already warned about. */
  sent: readonly WarningDays[];
}

/** The warning due now for each certificate, if any: the smallest threshold reached and not yet sent. */
export function dueExpiryWarnings(
  certs: readonly ExpiringCertificate[],
  now: Date,
): { certificateId: string; days: WarningDays; daysLeft: number }[] {
  const due: { certificateId: string; days: WarningDays; daysLeft: number }[] = [];
  for (const c of certs) {
    const left = (c.notAfter.getTime() - now.getTime()) / DAY_MS;
    if (left < 0) continue; // expired: sign-in refuses it with its reason; no more warnings
    const reached = WARNING_DAYS.filter((d) => left <= d);
    if (reached.length === 0) continue;
    const mostUrgent = Math.min(...reached) as WarningDays;
    if (c.sent.includes(mostUrgent)) continue;
    due.push({ certificateId: c.certificateId, days: mostUrgent, daysLeft: Math.max(0, Math.floor(left)) });
  }
  return due;
}

export interface ExpiryWarning {
  certificateId: string;
  days: WarningDays;
  daysLeft: number;
  notAfter: Date;
  user: { id: string; name: string; email: string };
  subject: string;
  fingerprint: string;
  /** The collectivités of the holder, whose admins may want to know too. */
  collectiviteIds: string[];
}

/**
 * Finds due warnings, calls `notify` for each and records it as sent (the same warning is not sent
 * again). A warning whose `notify` throws is not recorded, so the next run tries again.
 */
export async function sendCertificateExpiryWarnings(deps: {
  db: Db;
  clock: Clock;
  notify: (w: ExpiryWarning) => Promise<void>;
}): Promise<ExpiryWarning[]> {
  const now = deps.clock.now();
  const r = await deps.db.query<{
    id: string;
    not_after: Date;
    sent: number[] | null;
    user_id: string;
    name: string;
    email: string;
    subject: string;
    fingerprint_sha256: string;
    collectivite_ids: string[] | null;
  }>(
    `select c.id, c.not_after, c.subject, c.fingerprint_sha256, u.id as user_id, u.name, u.email,
       (select array_agg(w.days::int) from certificate_expiry_warnings w where w.certificate_id = c.id) as sent,
       (select array_agg(m.collectivite_id) from memberships m where m.user_id = u.id) as collectivite_ids
     from user_certificates c join users u on u.id = c.user_id
     where c.detached_at is null and u.disabled_at is null
       -- A certificate obtained through a request gets that request's reminders (certification/lifecycle),
       -- also when it was attached by hand before the holder linked it.
       and not exists (select 1 from certificate_requests q
                       where q.user_certificate_id = c.id or q.cert_fingerprint = c.fingerprint_sha256)
       and c.not_after between $1 and $1::timestamptz + interval '91 days'`,
    [now],
  );
  const byId = new Map(r.rows.map((row) => [row.id, row]));
  const due = dueExpiryWarnings(
    r.rows.map((row) => ({
      certificateId: row.id,
      notAfter: row.not_after,
      sent: (row.sent ?? []) as WarningDays[],
    })),
    now,
  );
  const sent: ExpiryWarning[] = [];
  for (const d of due) {
    const row = byId.get(d.certificateId)!;
    const warning: ExpiryWarning = {
      ...d,
      notAfter: row.not_after,
      user: { id: row.user_id, name: row.name, email: row.email },
      subject: row.subject,
      fingerprint: row.fingerprint_sha256,
      collectiviteIds: row.collectivite_ids ?? [],
    };
    await deps.notify(warning);
    await deps.db.transaction(async (tx) => {
      await tx.query(
        `insert into certificate_expiry_warnings (certificate_id, days, sent_at) values ($1, $2, $3)
         on conflict do nothing`,
        [d.certificateId, d.days, now],
      );
      await recordSecurityEvent(tx, {
        kind: 'certificate.expiry-warning',
        at: now,
        userId: row.user_id,
        certificateFingerprint: row.fingerprint_sha256,
        reason: `Certificat expirant dans ${d.daysLeft} jour(s) (seuil ${d.days} jours).`,
      });
    });
    sent.push(warning);
  }
  return sent;
}
