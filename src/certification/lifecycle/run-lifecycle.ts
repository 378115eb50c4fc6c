// The daily lifecycle job of the registration authority, run once a day by the worker's schedules:
// states the calendar moves, expiry reminders, and the purge of evidence past its retention period.
import type { CertificationDeps } from '../deps.ts';
import { advanceRequestStates, type StateMoves } from './advance-states.ts';
import { type PurgeOutcome, purgeExpiredEvidence } from './purge-evidence.ts';
import { sendRequestReminders } from './send-reminders.ts';

export interface LifecycleRun extends StateMoves {
  reminders: number;
  purge: PurgeOutcome;
}

export async function runLifecycle(deps: CertificationDeps): Promise<LifecycleRun> {
  const moves = await advanceRequestStates(deps);
  const reminders = await sendRequestReminders(deps);
  const purge = await purgeExpiredEvidence(deps);
  return { ...moves, reminders: reminders.length, purge };
}
