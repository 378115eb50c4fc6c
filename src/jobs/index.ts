// Durable job queue on PostgreSQL (both backends): enqueue in the business transaction, claim with
// SKIP LOCKED, retry with capped back-off, dead letters an operator replays. Semantics: docs/jobs.md.
export { type BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF } from './backoff.ts';
export { type ClaimJobsOptions, claimJobs } from './claim-jobs.ts';
export { completeJob, type JobClaim } from './complete-job.ts';
export { countJobsByState } from './count-jobs-by-state.ts';
export { createWorker, type Worker, type WorkerOptions } from './create-worker.ts';
export { deferJob } from './defer-job.ts';
export { type EnqueueJobInput, type EnqueueJobResult, enqueueJob } from './enqueue-job.ts';
export { summariseError } from './error-summary.ts';
export { extendJobLocks } from './extend-job-locks.ts';
export { type FailJobOptions, failJob } from './fail-job.ts';
export { findUnhandledKinds, type UnhandledKind } from './find-unhandled-kinds.ts';
export { DEFAULT_MAX_ATTEMPTS, JOB_STATE_LABELS, JOB_STATES, type Job, type JobState } from './job.ts';
export {
  giveUp,
  type JobContext,
  type JobHandler,
  type JobHandlers,
  type JobOutcome,
  retryAt,
} from './job-handler.ts';
export { getJob, type ListJobsFilter, listJobs } from './list-jobs.ts';
export { retryAllDead } from './retry-all-dead.ts';
export { retryJob } from './retry-job.ts';
export { type SweepStaleJobsOptions, type SweptJob, sweepStaleJobs } from './sweep-stale-jobs.ts';
