// A failed attempt comes back after a back-off that doubles and is capped; the last one makes the job
// dead, as does a permanent failure; an operator can then replay it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { claimJobs } from './claim-jobs.ts';
import { completeJob } from './complete-job.ts';
import { enqueueJob } from './enqueue-job.ts';
import { failJob } from './fail-job.ts';
import { getJob } from './list-jobs.ts';
import { retryJob } from './retry-job.ts';

const noJitter = { random: () => 0 };

describe(`failJob (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  async function claimDue(kind: string, now: Date) {
    const [job] = await claimJobs(db, { workerId: 'w', kinds: [kind], limit: 1, now });
    if (!job) throw new Error(`no ${kind} job due at ${now.toISOString()}`);
    return job;
  }

  it('retries after a delay that doubles from 2 s and stops growing at 1 h', async () => {
    const { job } = await enqueueJob(db, { kind: 'flaky', maxAttempts: 15 });
    let now = new Date(job.runAt.getTime() + 1);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 14; attempt++) {
      const claimed = await claimDue('flaky', now);
      expect(claimed.attempts).toBe(attempt);
      const failed = await failJob(db, claimed, {
        workerId: 'w',
        error: 'Délai dépassé',
        now,
        backoff: noJitter,
      });
      expect(failed).toMatchObject({ state: 'pending', lastError: 'Délai dépassé', lockedBy: null });
      delays.push((failed!.runAt.getTime() - now.getTime()) / 1000);
      expect(await claimJobs(db, { workerId: 'w', kinds: ['flaky'], limit: 1, now })).toEqual([]);
      now = failed!.runAt;
    }
    expect(delays).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600, 3600]);
  });

  it('makes the job dead after its last attempt, and an operator replays it', async () => {
    const { job } = await enqueueJob(db, { kind: 'doomed', maxAttempts: 3 });
    let now = new Date(job.runAt.getTime() + 1);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claimDue('doomed', now);
      const failed = await failJob(db, claimed, {
        workerId: 'w',
        error: `échec ${attempt}`,
        now,
        backoff: noJitter,
      });
      expect(failed!.state).toBe(attempt < 3 ? 'pending' : 'dead');
      now = new Date(failed!.runAt.getTime() + 1);
    }
    const dead = await getJob(db, job.id);
    expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastError: 'échec 3', lockedBy: null });
    expect(dead!.finishedAt).toBeInstanceOf(Date);
    expect(
      await claimJobs(db, { workerId: 'w', kinds: ['doomed'], limit: 1, now: new Date('2100-01-01') }),
    ).toEqual([]);

    const revived = await retryJob(db, job.id);
    expect(revived).toMatchObject({ state: 'pending', attempts: 0, finishedAt: null, lastError: 'échec 3' });
    const claimed = await claimDue('doomed', new Date(Date.now() + 1_000)); // database time has microseconds
    expect(claimed.attempts).toBe(1);
    expect(await completeJob(db, claimed, 'w')).toBe(true);
    expect((await getJob(db, job.id))!.state).toBe('done');
  });

  it('makes the job dead at once on a permanent failure', async () => {
    const { job } = await enqueueJob(db, { kind: 'invalid', maxAttempts: 10 });
    const claimed = await claimDue('invalid', new Date(job.runAt.getTime() + 1));
    const failed = await failJob(db, claimed, {
      workerId: 'w',
      error: 'Le fichier de l’acte est illisible.',
      permanent: true,
    });
    expect(failed).toMatchObject({
      state: 'dead',
      attempts: 1,
      lastError: 'Le fichier de l’acte est illisible.',
    });
  });

  it('ignores a failure reported by a worker that lost the claim', async () => {
    const { job } = await enqueueJob(db, { kind: 'lost' });
    const claimed = await claimDue('lost', new Date(job.runAt.getTime() + 1));
    expect(await failJob(db, claimed, { workerId: 'someone-else', error: 'x' })).toBeNull();
    expect((await getJob(db, job.id))!.state).toBe('running');
  });
});
