// Operators replay dead jobs one by one or all at once; other states are refused with a French reason,
// and a replay never breaks the uniqueness of a deduplication key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../kernel/errors.ts';
import { claimJobs } from './claim-jobs.ts';
import { countJobsByState } from './count-jobs-by-state.ts';
import { enqueueJob } from './enqueue-job.ts';
import { failJob } from './fail-job.ts';
import { listJobs } from './list-jobs.ts';
import { retryAllDead } from './retry-all-dead.ts';
import { retryJob } from './retry-job.ts';

describe(`operator functions (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.query('delete from jobs');
  });

  async function deadJob(kind: string, key?: string): Promise<number> {
    const { job } = await enqueueJob(db, { kind, key, maxAttempts: 1 });
    const [claimed] = await claimJobs(db, { workerId: 'w', kinds: [kind], limit: 1 });
    if (claimed?.id !== job.id) throw new Error('expected to claim the job just enqueued');
    await failJob(db, claimed, { workerId: 'w', error: 'Préfecture injoignable', permanent: true });
    return job.id;
  }

  it('refuses to replay a job that is not dead, saying why in French', async () => {
    const { job } = await enqueueJob(db, { kind: 'k' });
    const error = await retryJob(db, job.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'JOB_NOT_RETRYABLE', status: 409 });
    expect((error as Error).message).toBe(
      `La tâche n° ${job.id} est « en attente » : seules les tâches abandonnées peuvent être relancées.`,
    );
    await expect(retryJob(db, 999_999)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
      message: 'La tâche n° 999999 n’existe pas.',
    });
  });

  it('refuses to replay a dead job whose key is already taken by a waiting job', async () => {
    const dead = await deadJob('send', 'send:act-9');
    await enqueueJob(db, { kind: 'send', key: 'send:act-9' });
    await expect(retryJob(db, dead)).rejects.toMatchObject({ code: 'JOB_NOT_RETRYABLE' });
  });

  it('replays every dead job of a kind, one per key, and none whose key is taken', async () => {
    const a = await deadJob('send');
    const b = await deadJob('send');
    await deadJob('send', 'send:k1');
    const newestK1 = await deadJob('send', 'send:k1');
    await deadJob('send', 'send:k2');
    await enqueueJob(db, { kind: 'send', key: 'send:k2' });
    const otherKind = await deadJob('notify');

    expect(await retryAllDead(db, { kind: 'send' })).toBe(3);
    const pending = await listJobs(db, { state: 'pending', kind: 'send' });
    expect(pending.map((j) => j.id)).toEqual(expect.arrayContaining([a, b, newestK1]));
    expect(pending).toHaveLength(4); // with the job already waiting on send:k2
    expect((await listJobs(db, { state: 'dead' })).map((j) => j.kind).sort()).toEqual([
      'notify',
      'send',
      'send',
    ]);
    expect(await retryAllDead(db)).toBe(1);
    expect((await listJobs(db, { state: 'pending', kind: 'notify' }))[0]!.id).toBe(otherKind);
  });

  it('lists jobs newest first with filters, and counts them by state', async () => {
    const dead = await deadJob('send');
    const { job: p1 } = await enqueueJob(db, { kind: 'send' });
    const { job: p2 } = await enqueueJob(db, { kind: 'notify' });
    expect((await listJobs(db)).map((j) => j.id)).toEqual([p2.id, p1.id, dead]);
    expect((await listJobs(db, { kind: 'send' })).map((j) => j.id)).toEqual([p1.id, dead]);
    expect((await listJobs(db, { state: 'dead' })).map((j) => j.id)).toEqual([dead]);
    expect((await listJobs(db, { limit: 1 })).map((j) => j.id)).toEqual([p2.id]);
    expect(await countJobsByState(db)).toEqual({ pending: 2, running: 0, done: 0, dead: 1 });
    expect(await countJobsByState(db, { kind: 'notify' })).toEqual({
      pending: 1,
      running: 0,
      done: 0,
      dead: 0,
    });
  });
});
