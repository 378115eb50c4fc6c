// Daily tasks (classification refresh of every member, deadline reminders), claimed once a day across
// every worker process: the first worker whose update moves `last_day` forward runs them.
import {
  CLASSIFY_ALL_JOB,
  type OverdueSettings,
  queueDeadlineReminders,
  resendOverdueArchives,
} from '../actes/transmission/index.ts';
import { sendCertificateExpiryWarnings } from '../auth/accounts/expiry-warnings.ts';
import type { CertificationDeps } from '../certification/deps.ts';
import { runLifecycle } from '../certification/lifecycle/index.ts';
import type { Db } from '../db/types.ts';
import { enqueueJob } from '../jobs/index.ts';
import { type Clock, parisDate } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import { certificateExpiryMail, type Mailer } from '../notify/index.ts';

/** True for the one caller that claims `name` for `today`. */
export async function claimDaily(db: Db, name: string, today: string): Promise<boolean> {
  const r = await db.query(
    `insert into schedules (name, last_day) values ($1, $2)
     on conflict (name) do update set last_day = excluded.last_day where schedules.last_day < excluded.last_day
     returning name`,
    [name, today],
  );
  return r.rowCount === 1;
}

export interface ScheduleDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Certificate expiry warnings are mailed with it (absent: not sent). */
  mailer?: Mailer;
  publicUrl?: string;
  /** The registration authority's daily lifecycle job runs with it (absent: not run). */
  certification?: CertificationDeps;
}

/** The admins of the holder's collectivités are told too: they arrange the renewal. */
async function adminsOf(db: Db, collectiviteIds: readonly string[]): Promise<string[]> {
  const r = await db.query<{ email: string }>(
    `select distinct u.email from users u join memberships m on m.user_id = u.id
     where m.collectivite_id = any($1::uuid[]) and 'admin' = any(m.roles) and u.disabled_at is null`,
    [collectiviteIds],
  );
  return r.rows.map((x) => x.email);
}

export async function runDailySchedules(deps: ScheduleDeps): Promise<string[]> {
  const today = parisDate(deps.clock.now());
  const ran: string[] = [];
  if (await claimDaily(deps.db, 'classify-all', today)) {
    await enqueueJob(deps.db, { kind: CLASSIFY_ALL_JOB, payload: {}, key: `${CLASSIFY_ALL_JOB}:${today}` });
    ran.push('classify-all');
  }
  if (await claimDaily(deps.db, 'deadline-reminders', today)) {
    const n = await queueDeadlineReminders(deps);
    ran.push(`deadline-reminders:${n}`);
  }
  if (deps.mailer && (await claimDaily(deps.db, 'certificate-expiry', today))) {
    const mailer = deps.mailer;
    const warnings = await sendCertificateExpiryWarnings({
      db: deps.db,
      clock: deps.clock,
      notify: async (w) => {
        const mail = certificateExpiryMail({
          holderName: w.user.name,
          subject: w.subject,
          notAfter: parisDate(w.notAfter),
          daysLeft: w.daysLeft,
          url: deps.publicUrl ?? '',
        });
        const to = [...new Set([w.user.email, ...(await adminsOf(deps.db, w.collectiviteIds))])];
        await mailer.send({ to, ...mail });
      },
    });
    ran.push(`certificate-expiry:${warnings.length}`);
  }
  if (deps.certification && (await claimDaily(deps.db, 'certificate-lifecycle', today))) {
    const run = await runLifecycle(deps.certification);
    ran.push(
      `certificate-lifecycle:${run.renewalDue}/${run.expired}/${run.renewed}/${run.reminders}/${run.purge.documents}`,
    );
  }
  if (ran.length) deps.logger.info({ ran }, 'daily schedules');
  return ran;
}

/**
 * Checks every few minutes (cheap: one statement per task), so a day is never missed after a restart;
 * each tick also looks for acts whose AR is overdue (see resend-overdue.ts).
 */
export function startDailySchedules(
  deps: ScheduleDeps & { overdue: OverdueSettings },
  everyMs = 5 * 60_000,
): { stop(): void } {
  const tick = async () => {
    try {
      await runDailySchedules(deps);
      if (deps.overdue.maxResends > 0) {
        const n = await resendOverdueArchives(deps, deps.overdue);
        if (n) deps.logger.warn({ acts: n }, 'acts without AR: same archive posted again');
      }
    } catch (e) {
      deps.logger.warn({ err: (e as Error).message }, 'schedules failed');
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
