// Adds a job to the queue inside the caller's transaction, so the job exists if and only if the
// business change that asked for it was committed. A key deduplicates while a job is pending or running.
// The same statement NOTIFYs the job's kind: PostgreSQL delivers it at commit (never for a rollback), so
// a listening worker claims the job at once instead of at its next poll.
import type { Queryable } from '../db/types.ts';
import { DEFAULT_MAX_ATTEMPTS, JOB_COLUMNS, JOBS_CHANNEL, type Job } from './job.ts';

export interface EnqueueJobInput<P> {
  kind: string;
  payload?: P;
  /** Deduplication key: while a job with this key is pending or running, enqueueing returns that job. */
  key?: string;
  /** The collectivité the job works for, when there is one (shown to operators, cascades on delete). */
  collectiviteId?: string;
  /** Not before this instant; default: now (database time). */
  runAt?: Date;
  maxAttempts?: number;
}

export interface EnqueueJobResult<P> {
  job: Job<P>;
  /** False when the key matched a job already pending or running: that job is returned instead. */
  isNew: boolean;
}

const INSERT = `with inserted as (
    insert into jobs (kind, payload, job_key, collectivite_id, run_at, max_attempts)
    values ($1, $2::jsonb, $3, $4, coalesce($5::timestamptz, now()), $6)
    on conflict (job_key) where job_key is not null and state in ('pending', 'running') do nothing
    returning ${JOB_COLUMNS})
  select inserted.* from inserted, pg_notify('${JOBS_CHANNEL}', inserted.kind)`;

const FIND_ACTIVE = `select ${JOB_COLUMNS} from jobs
  where job_key = $1 and state in ('pending', 'running')`;

export async function enqueueJob<P = Record<string, unknown>>(
  sql: Queryable,
  input: EnqueueJobInput<P>,
): Promise<EnqueueJobResult<P>> {
  if (!input.kind) throw new Error('enqueueJob: kind is required');
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error('enqueueJob: maxAttempts must be ≥ 1');
  const params = [
    input.kind,
    JSON.stringify(input.payload ?? {}),
    input.key ?? null,
    input.collectiviteId ?? null,
    input.runAt ?? null,
    maxAttempts,
  ];
  // A conflicting job can finish between our insert and our select; then the insert is free to succeed,
  // so try again. Two rounds always suffice unless the key is being hammered; three is a safe bound.
  for (let round = 0; round < 3; round++) {
    const inserted = await sql.query<Job<P>>(INSERT, params);
    if (inserted.rows[0]) return { job: inserted.rows[0], isNew: true };
    if (input.key === undefined) break;
    const existing = await sql.query<Job<P>>(FIND_ACTIVE, [input.key]);
    if (existing.rows[0]) return { job: existing.rows[0], isNew: false };
  }
  throw new Error(`enqueueJob: could not insert nor find the job with key ${input.key}`);
}
