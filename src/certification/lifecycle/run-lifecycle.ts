// The daily lifecycle job of the registration authority, run once a day by the worker's schedules:
// states the calendar moves, expiry reminders, and the purge of evidence past its retention period.
// Each step runs on its own: one that fails is logged and the others still run (a mail server down must
// not keep certificates from expiring, nor evidence past its retention period from being purged).
import type { CertificationDeps } from '../deps.ts';
import { advanceRequestStates, type StateMoves } from './advance-states.ts';
import { type PurgeOutcome, purgeExpiredEvidence } from './purge-evidence.ts';
import { sendRequestReminders } from './send-reminders.ts';

export interface LifecycleRun extends StateMoves {
  reminders: number;
  purge: PurgeOutcome;
  /** The steps that failed this run (logged; the next run tries them again). */
  failed: ('states' | 'reminders' | 'purge')[];
}

export async function runLifecycle(deps: CertificationDeps): Promise<LifecycleRun> {
  const failed: LifecycleRun['failed'] = [];
  const step = async <T>(name: LifecycleRun['failed'][number], run: () => Promise<T>, none: T) => {
    try {
      return await run();
    } catch (e) {
      failed.push(name);
      deps.logger?.error({ step: name, err: (e as Error).message }, 'certificate lifecycle step failed');
      return none;
    }
  };
  const moves = await step('states', () => advanceRequestStates(deps), {
    renewed: 0,
    expired: 0,
    renewalDue: 0,
  });
  const reminders = await step('reminders', () => sendRequestReminders(deps), []);
  const purge = await step('purge', () => purgeExpiredEvidence(deps), {
    requests: 0,
    documents: 0,
    deletedContents: 0,
  });
  return { ...moves, reminders: reminders.length, purge, failed };
}
