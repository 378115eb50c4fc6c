// Daily tasks (classification refresh of every member, deadline reminders), claimed once a day across
// every worker process: the first worker whose update moves `last_day` forward runs them.
import {
  CLASSIFY_ALL_JOB,
  type OverdueSettings,
  queueDeadlineReminders,
  resendOverdueArchives,
} from '../actes/transmission/index.ts';
import type { Db } from '../db/types.ts';
import { enqueueJob } from '../jobs/index.ts';
import { type Clock, parisDate } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';

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

export async function runDailySchedules(deps: { db: Db; clock: Clock; logger: Logger }): Promise<string[]> {
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
  if (ran.length) deps.logger.info({ ran }, 'daily schedules');
  return ran;
}

/**
 * Checks every few minutes (cheap: one statement per task), so a day is never missed after a restart;
 * each tick also looks for acts whose AR is overdue (see resend-overdue.ts).
 */
export function startDailySchedules(
  deps: { db: Db; clock: Clock; logger: Logger; overdue: OverdueSettings },
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
