// The worker: claims due jobs up to its concurrency, runs their handlers and records each outcome; a
// periodic tick refreshes its locks, sweeps stale ones and warns about jobs nobody handles. Polling alone
// is correct on both backends: an empty queue is looked at again every pollMs, a busy one at once. To
// avoid waiting for the poll, the worker LISTENs to the queue's channel (enqueueJob NOTIFYs at commit,
// from this process or another) and claims again as soon as one of its own jobs finishes.
import type { Db } from '../db/types.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { BackoffOptions } from './backoff.ts';
import { claimJobs } from './claim-jobs.ts';
import { summariseError } from './error-summary.ts';
import { extendJobLocks } from './extend-job-locks.ts';
import { findUnhandledKinds } from './find-unhandled-kinds.ts';
import { JOBS_CHANNEL, type Job } from './job.ts';
import type { JobHandlers } from './job-handler.ts';
import { runJob } from './run-job.ts';
import { sweepStaleJobs } from './sweep-stale-jobs.ts';

export interface WorkerOptions {
  db: Db;
  logger: Logger;
  handlers: JobHandlers;
  /** Jobs run at the same time by this worker. */
  concurrency: number;
  /** Pause when the queue is empty. */
  pollMs: number;
  /** A running job whose lock is older than this is taken back (its worker is presumed dead). */
  lockTimeoutS: number;
  /** Unique among live workers, readable by an operator: host:pid is a good choice. */
  workerId: string;
  /** Test clock; default: database time for every scheduling decision. */
  clock?: Clock;
  backoff?: BackoffOptions;
}

export interface Worker {
  readonly workerId: string;
  /** Jobs this worker is running now. */
  readonly runningCount: number;
  start(): void;
  /**
   * Stops claiming, then resolves once the jobs in flight have finished and their outcome is recorded.
   * With timeoutMs, resolves at the latest then, after aborting the handlers' signals: jobs still running
   * stay claimed and the stale sweep gives them to another worker after lockTimeoutS.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Look at the queue now instead of at the next poll (e.g. right after enqueueing in-process). */
  wake(): void;
}

interface InFlight {
  job: Job;
  controller: AbortController;
  settling: boolean;
  done: Promise<void>;
}

// Locks are refreshed three times per timeout, so a live worker keeps them through two missed ticks.
const ticksPerLockTimeout = 3;
const maxTickMs = 60_000;
const maxErrorPauseMs = 30_000;

export function createWorker(options: WorkerOptions): Worker {
  const { db, logger, handlers, workerId, concurrency, pollMs, lockTimeoutS } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('createWorker: concurrency must be ≥ 1');
  if (!(pollMs > 0) || !(lockTimeoutS > 0))
    throw new Error('createWorker: pollMs and lockTimeoutS must be > 0');
  const kinds = Object.keys(handlers);
  const now = () => options.clock?.now();
  const tickMs = Math.max(20, Math.min((lockTimeoutS * 1000) / ticksPerLockTimeout, maxTickMs));
  const inFlight = new Map<number, InFlight>();

  let started = false;
  let stopping = false;
  let stopped: Promise<void> | null = null;
  let loopDone: Promise<void> = Promise.resolve();
  let tickTimer: NodeJS.Timeout | undefined;
  let isTicking = true;
  let tickDone: Promise<void> = Promise.resolve();
  let wakeRequested = false;
  let wakeUp: (() => void) | null = null;
  let listening: Promise<(() => Promise<void>) | null> = Promise.resolve(null);
  // Whether the queue may hold due jobs we have not claimed. While LISTEN works, a job enqueued wakes us by
  // its notification, so a job that finishes only claims again when the last claim filled every free slot
  // or a notification came since: otherwise its claim would find nothing (one query in two, measured).
  let isListening = false;
  let notifications = 0;
  let mayHaveMore = true;

  function wake(): void {
    mayHaveMore = true;
    notifications++;
    wakeRequested = true;
    wakeUp?.();
  }

  /** Waits `ms` or until woken; true when woken (or asked before), false when the time ran out. */
  function pause(ms: number): Promise<boolean> {
    if (wakeRequested || stopping) {
      wakeRequested = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      wakeUp = () => done(true);
      function done(woken: boolean) {
        clearTimeout(timer);
        wakeUp = null;
        wakeRequested = false;
        resolve(woken);
      }
    });
  }

  async function loop(): Promise<void> {
    let failures = 0;
    // When the queue is looked at again without a notification: one poll interval after the last claim,
    // however many times a finishing job nudges the loop meanwhile.
    let pollAt = 0;
    const untilPoll = () => Math.max(0, pollAt - Date.now());
    while (!stopping) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await pause(pollMs); // a finishing job wakes us
        continue;
      }
      if (!mayHaveMore && isListening) {
        // Nothing enqueued since the last claim found the queue empty: a notification wakes us; the poll
        // still looks, for jobs that become due with time (retries, planned sends) and are not notified.
        if (!(await pause(untilPoll()))) mayHaveMore = true;
        continue;
      }
      let jobs: Job[];
      const seen = notifications;
      try {
        jobs = await claimJobs(db, { workerId, kinds, limit: free, now: now() });
        pollAt = Date.now() + pollMs;
        failures = 0;
        if (jobs.length < free && notifications === seen) mayHaveMore = false;
      } catch (e) {
        failures++;
        logger.error({ err: summariseError(e), failures }, 'file des tâches injoignable, nouvel essai');
        await pause(Math.min(pollMs * 2 ** failures, maxErrorPauseMs));
        continue;
      }
      for (const job of jobs) launch(job);
      // The queue had nothing more that is due: wait for a notification, or poll.
      if (jobs.length < free && !(await pause(untilPoll()))) mayHaveMore = true;
    }
  }

  function launch(job: Job): void {
    const entry: InFlight = {
      job,
      controller: new AbortController(),
      settling: false,
      done: Promise.resolve(),
    };
    inFlight.set(job.id, entry);
    entry.done = runJob(job, {
      db,
      handlers,
      workerId,
      logger,
      signal: entry.controller.signal,
      now,
      backoff: options.backoff,
      onSettling: () => {
        entry.settling = true;
      },
    })
      .catch((e: unknown) =>
        logger.error({ jobId: job.id, err: summariseError(e) }, 'erreur inattendue du worker'),
      )
      .finally(() => {
        inFlight.delete(job.id);
        // A freed slot: claim again if the queue may hold more (see mayHaveMore), and for a stop.
        if (mayHaveMore || !isListening || stopping) wake();
        else wakeUp?.(); // the loop looks again, and claims only if the queue may hold more
      });
  }

  async function tick(): Promise<void> {
    try {
      const running = [...inFlight.values()].filter((e) => !e.settling);
      if (running.length > 0) {
        const held = new Set(
          await extendJobLocks(
            db,
            workerId,
            running.map((e) => e.job),
            now(),
          ),
        );
        for (const e of running) {
          if (held.has(e.job.id) || e.settling) continue;
          logger.warn(
            { jobId: e.job.id, kind: e.job.kind },
            'verrou perdu : la tâche a été reprise ailleurs, arrêt demandé',
          );
          e.controller.abort(new Error('job lock lost'));
        }
      }
      for (const s of await sweepStaleJobs(db, { lockTimeoutS, now: now() }))
        logger.warn(
          { jobId: s.id, kind: s.kind, lockedBy: s.lockedBy, state: s.state },
          'tâche reprise : le processus qui l’exécutait a disparu',
        );
      for (const u of await findUnhandledKinds(db, { knownKinds: kinds, overdueS: lockTimeoutS, now: now() }))
        logger.warn(
          { kind: u.kind, count: u.count },
          'des tâches attendent sans qu’aucun traitement soit défini pour leur type',
        );
    } catch (e) {
      logger.error({ err: summariseError(e) }, 'entretien de la file des tâches impossible');
    }
  }

  function scheduleTick(delayMs: number): void {
    tickTimer = setTimeout(() => {
      tickDone = tick().then(() => {
        if (isTicking) scheduleTick(tickMs);
      });
    }, delayMs);
  }

  /** Wakes on the queue's notifications when the database can LISTEN; polling covers the rest. */
  function listen(): void {
    if (!db.listen) return;
    listening = db
      .listen(JOBS_CHANNEL, (kind) => {
        if (kind === '' || Object.hasOwn(handlers, kind)) wake();
      })
      .then(
        (unlisten) => {
          isListening = true;
          wake(); // a job enqueued before LISTEN took effect
          return unlisten;
        },
        (e: unknown) => {
          logger.warn(
            { err: summariseError(e), pollMs },
            'réveil par notification indisponible : la file sera consultée à chaque intervalle',
          );
          return null;
        },
      );
  }

  async function shutdown(timeoutMs: number | undefined): Promise<void> {
    stopping = true;
    wake();
    const unlisten = await listening;
    await unlisten?.().catch(() => {});
    await loopDone;
    const allDone = Promise.all([...inFlight.values()].map((e) => e.done)).then(() => true);
    const finished =
      timeoutMs === undefined
        ? await allDone
        : await Promise.race([
            allDone,
            new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref()),
          ]);
    if (!finished) {
      logger.warn(
        { running: inFlight.size },
        'arrêt : des tâches tournent encore, elles seront reprises plus tard',
      );
      for (const e of inFlight.values()) e.controller.abort(new Error('worker shutting down'));
    }
    // Ticks went on until now so that jobs finishing during a long graceful stop kept their locks.
    isTicking = false;
    clearTimeout(tickTimer);
    await tickDone;
    logger.info({ workerId }, 'worker arrêté');
  }

  return {
    workerId,
    get runningCount() {
      return inFlight.size;
    },
    start() {
      if (started) return;
      started = true;
      if (kinds.length === 0)
        logger.warn('worker démarré sans aucun type de tâche : il ne fera qu’entretenir la file');
      logger.info({ workerId, kinds, concurrency, pollMs, lockTimeoutS }, 'worker démarré');
      scheduleTick(0);
      listen();
      loopDone = loop();
    },
    stop(stopOptions = {}) {
      stopped ??= started ? shutdown(stopOptions.timeoutMs) : Promise.resolve();
      return stopped;
    },
    wake,
  };
}
