// Claiming takes due jobs oldest first, marks them running for one worker, and only that claim can
// record the outcome; deferring puts a job back without using up an attempt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { claimJobs } from './claim-jobs.ts';
import { completeJob } from './complete-job.ts';
import { deferJob } from './defer-job.ts';
import { enqueueJob } from './enqueue-job.ts';
import { getJob } from './list-jobs.ts';

describe(`claimJobs and outcomes (${backend})`, () => {
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

  const at = (iso: string) => new Date(iso);

  it('claims due jobs oldest first and leaves future ones and other kinds alone', async () => {
    const late = await enqueueJob(db, { kind: 'k', runAt: at('2030-01-01T10:00:02Z') });
    const early = await enqueueJob(db, { kind: 'k', runAt: at('2030-01-01T10:00:01Z') });
    await enqueueJob(db, { kind: 'k', runAt: at('2030-01-01T11:00:00Z') });
    await enqueueJob(db, { kind: 'other', runAt: at('2030-01-01T09:00:00Z') });
    const now = at('2030-01-01T10:30:00Z');
    const claimed = await claimJobs(db, { workerId: 'w1', kinds: ['k'], limit: 10, now });
    expect(claimed.map((j) => j.id)).toEqual([early.job.id, late.job.id]);
    expect(claimed[0]).toMatchObject({ state: 'running', attempts: 1, lockedBy: 'w1', lockedAt: now });
    expect(await claimJobs(db, { workerId: 'w2', kinds: ['k'], limit: 10, now })).toEqual([]);
  });

  it('claims no more than the limit, and nothing without kinds', async () => {
    for (let i = 0; i < 5; i++) await enqueueJob(db, { kind: 'k' });
    expect(await claimJobs(db, { workerId: 'w', kinds: [], limit: 5 })).toEqual([]);
    expect(await claimJobs(db, { workerId: 'w', kinds: ['k'], limit: 3 })).toHaveLength(3);
    expect(await claimJobs(db, { workerId: 'w', kinds: ['k'], limit: 3 })).toHaveLength(2);
  });

  it('records completion only for the claim that holds the job', async () => {
    await enqueueJob(db, { kind: 'k' });
    const [job] = await claimJobs(db, { workerId: 'w1', kinds: ['k'], limit: 1 });
    expect(await completeJob(db, job!, 'w2')).toBe(false);
    expect(await completeJob(db, { id: job!.id, attempts: job!.attempts + 1 }, 'w1')).toBe(false);
    expect(await completeJob(db, job!, 'w1')).toBe(true);
    expect(await getJob(db, job!.id)).toMatchObject({ state: 'done', lockedBy: null, lockedAt: null });
    expect((await getJob(db, job!.id))!.finishedAt).toBeInstanceOf(Date);
    expect(await completeJob(db, job!, 'w1')).toBe(false);
  });

  it('defers a job to a given time without counting the attempt', async () => {
    await enqueueJob(db, { kind: 'window', maxAttempts: 1 });
    const [job] = await claimJobs(db, { workerId: 'w', kinds: ['window'], limit: 1 });
    const opens = at('2030-01-02T08:00:00Z');
    expect(await deferJob(db, job!, 'w', opens)).toBe(true);
    expect(await getJob(db, job!.id)).toMatchObject({
      state: 'pending',
      attempts: 0,
      runAt: opens,
      lockedBy: null,
    });
    expect(
      await claimJobs(db, { workerId: 'w', kinds: ['window'], limit: 1, now: at('2030-01-02T07:59:59Z') }),
    ).toEqual([]);
    const [again] = await claimJobs(db, { workerId: 'w', kinds: ['window'], limit: 1, now: opens });
    expect(again).toMatchObject({ id: job!.id, attempts: 1 });
  });

  it('gives each job to one of several claimers racing for it', async () => {
    for (let i = 0; i < 40; i++) await enqueueJob(db, { kind: 'race' });
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimJobs(db, { workerId: `w${i}`, kinds: ['race'], limit: 7 })),
    );
    const ids = batches.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
  });
});
