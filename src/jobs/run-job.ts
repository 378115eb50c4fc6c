// Runs one claimed job: calls its handler, then records the outcome (done, retry at T, failed with
// back-off, dead). Delivery is at least once: a crash after the handler's own commit and before the
// outcome is recorded runs the job again, so handlers are written to be idempotent.
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { BackoffOptions } from './backoff.ts';
import { completeJob } from './complete-job.ts';
import { deferJob } from './defer-job.ts';
import { summariseError } from './error-summary.ts';
import { failJob } from './fail-job.ts';
import type { Job } from './job.ts';
import type { JobHandlers, JobOutcome } from './job-handler.ts';

export interface RunJobDeps {
  db: Db;
  handlers: JobHandlers;
  workerId: string;
  logger: Logger;
  signal: AbortSignal;
  now: () => Date | undefined;
  backoff?: BackoffOptions;
  /** Called once the handler has returned, before the outcome is written. */
  onSettling?: () => void;
}

type Result = { ok: true; outcome: JobOutcome | undefined } | { ok: false; error: unknown };

export async function runJob(job: Job, deps: RunJobDeps): Promise<void> {
  const log = deps.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
  const startedAt = performance.now();
  const result = await callHandler(job, deps, log);
  deps.onSettling?.();
  const ms = Math.round(performance.now() - startedAt);
  try {
    await recordOutcome(job, result, deps, log, ms);
  } catch (e) {
    // The job stays running; the stale sweep gives it back after the lock timeout.
    log.error({ err: summariseError(e), ms }, 'résultat de la tâche non enregistré');
  }
}

async function callHandler(job: Job, deps: RunJobDeps, log: Logger): Promise<Result> {
  const handler = deps.handlers[job.kind];
  if (!handler)
    return { ok: false, error: new Error(`Aucun traitement n’est défini pour les tâches « ${job.kind} ».`) };
  try {
    const outcome = await handler(job as Job<never>, {
      db: deps.db,
      logger: log,
      signal: deps.signal,
      workerId: deps.workerId,
    });
    return { ok: true, outcome: outcome ?? undefined };
  } catch (error) {
    return { ok: false, error };
  }
}

async function recordOutcome(job: Job, result: Result, deps: RunJobDeps, log: Logger, ms: number) {
  const { db, workerId } = deps;
  const outcome = result.ok ? result.outcome : undefined;
  if (result.ok && outcome === undefined) {
    if (await completeJob(db, job, workerId)) log.info({ ms }, 'tâche terminée');
    else log.warn({ ms }, 'tâche terminée, mais reprise entre-temps par un autre worker');
    return;
  }
  if (outcome?.outcome === 'retry-at') {
    if (await deferJob(db, job, workerId, outcome.at))
      log.info({ ms, runAt: outcome.at, reason: outcome.reason }, 'tâche reportée');
    else log.warn({ ms }, 'report non enregistré : tâche reprise entre-temps');
    return;
  }
  const permanent = outcome?.outcome === 'give-up';
  const error =
    outcome?.outcome === 'give-up' ? outcome.reason : summariseError(result.ok ? undefined : result.error);
  const recorded = await failJob(db, job, {
    workerId,
    error,
    permanent,
    backoff: deps.backoff,
    now: deps.now(),
  });
  if (!recorded) log.warn({ ms, err: error }, 'échec non enregistré : tâche reprise entre-temps');
  else if (recorded.state === 'dead')
    log.error(
      { ms, err: error, attempts: recorded.attempts },
      'tâche abandonnée : à relancer par un opérateur',
    );
  else log.warn({ ms, err: error, runAt: recorded.runAt }, 'tâche en échec, nouvel essai prévu');
}
