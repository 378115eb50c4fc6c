// What a job kind's handler is: a function of the job and its context. Returning nothing means done; a
// thrown error means "failed, retry with back-off"; the two outcomes below say something else on purpose.
import type { Db } from '../db/types.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Job } from './job.ts';

export interface JobContext {
  db: Db;
  /** Already bound to the job's id, kind and attempt. */
  logger: Logger;
  /** Aborted when this run should stop early: its claim was lost, or a shutdown ran out of time. */
  signal: AbortSignal;
  workerId: string;
}

export type JobOutcome =
  /** Not a failure: run again at `at`, the attempt is not counted (a transmission window, "come back later"). */
  | { outcome: 'retry-at'; at: Date; reason?: string }
  /** A failure no retry can fix (invalid payload, refused for good): dead at once, with this reason. */
  | { outcome: 'give-up'; reason: string };

/** The payload comes from the database as JSON: handlers check its shape before trusting it. */
export type JobHandler<P = unknown> = (
  job: Job<P>,
  ctx: JobContext,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that just finishes is a plain async function (Promise<void>).
) => Promise<JobOutcome | undefined | void>;

/** A map of handlers whatever their payload types (a handler of Job<X> fits JobHandler<never>). */
export type JobHandlers = Readonly<Record<string, JobHandler<never>>>;

export function retryAt(at: Date, reason?: string): JobOutcome {
  return { outcome: 'retry-at', at, reason };
}

export function giveUp(reason: string): JobOutcome {
  return { outcome: 'give-up', reason };
}
