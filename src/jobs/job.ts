// A job as the queue stores it: its states, their French labels, and the row → object mapping.

export const JOB_STATES = ['pending', 'running', 'done', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** What an operator reads (CLI, console) for each state. */
export const JOB_STATE_LABELS: Readonly<Record<JobState, string>> = {
  pending: 'en attente',
  running: 'en cours',
  done: 'terminée',
  dead: 'abandonnée',
};

/** NOTIFY channel of the queue: enqueueJob sends the job's kind there, workers LISTEN to claim at once. */
export const JOBS_CHANNEL = 'relais_jobs';

/** Used when the producer does not say: with the default back-off this covers about 14 hours of retries. */
export const DEFAULT_MAX_ATTEMPTS = 25;

export interface Job<P = unknown> {
  id: number;
  kind: string;
  payload: P;
  key: string | null;
  collectiviteId: string | null;
  state: JobState;
  /** Claims so far, the current one included. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  lockedAt: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Select list (also valid after RETURNING) that maps a jobs row onto `Job`. */
export const JOB_COLUMNS = `id, kind, payload, job_key as "key", collectivite_id as "collectiviteId", state,
  attempts, max_attempts as "maxAttempts", run_at as "runAt", locked_at as "lockedAt", locked_by as "lockedBy",
  last_error as "lastError", created_at as "createdAt", updated_at as "updatedAt", finished_at as "finishedAt"`;
