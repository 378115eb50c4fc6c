// Operator replay of one dead job (relais jobs retry ID): back to pending, due now, with a fresh set of
// attempts. Only dead jobs: replaying a pending, running or done job would run it twice.
import type { Queryable } from '../db/types.ts';
import { AppError } from '../kernel/errors.ts';
import { JOB_COLUMNS, JOB_STATE_LABELS, type Job } from './job.ts';
import { getJob } from './list-jobs.ts';

export const REVIVE_SET = `state = 'pending', attempts = 0, run_at = now(), finished_at = null,
  locked_at = null, locked_by = null, updated_at = now()`;

export async function retryJob(sql: Queryable, id: number): Promise<Job> {
  let r: { rows: Job[] };
  try {
    // last_error is kept: it tells the operator why the job had died until the next attempt says otherwise.
    r = await sql.query<Job>(
      `update jobs set ${REVIVE_SET} where id = $1 and state = 'dead' returning ${JOB_COLUMNS}`,
      [id],
    );
  } catch (e) {
    if ((e as { code?: string }).code === '23505')
      throw new AppError(
        'JOB_NOT_RETRYABLE',
        `La tâche n° ${id} ne peut pas être relancée : une autre tâche de même clé est déjà en attente ou en cours.`,
      );
    throw e;
  }
  if (r.rows[0]) return r.rows[0];
  const job = await getJob(sql, id);
  if (!job) throw new AppError('JOB_NOT_FOUND', `La tâche n° ${id} n’existe pas.`);
  throw new AppError(
    'JOB_NOT_RETRYABLE',
    `La tâche n° ${id} est « ${JOB_STATE_LABELS[job.state]} » : seules les tâches abandonnées peuvent être relancées.`,
  );
}
