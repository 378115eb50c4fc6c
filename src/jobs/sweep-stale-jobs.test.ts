// A claim whose worker vanished is taken back after the lock timeout and counts as a failed attempt;
// a live worker's heartbeat keeps its claims out of the sweep.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { claimJobs } from './claim-jobs.ts';
import { completeJob } from './complete-job.ts';
import { enqueueJob } from './enqueue-job.ts';
import { extendJobLocks } from './extend-job-locks.ts';
import { getJob } from './list-jobs.ts';
import { sweepStaleJobs } from './sweep-stale-jobs.ts';

describe(`sweepStaleJobs (${backend})`, () => {
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

  const t0 = new Date('2030-03-01T12:00:00Z');
  const later = (s: number) => new Date(t0.getTime() + s * 1000);

  it('returns an abandoned claim to pending after the lock timeout, and another worker completes it', async () => {
    const { job } = await enqueueJob(db, { kind: 'k', runAt: t0 });
    await claimJobs(db, { workerId: 'ghost', kinds: ['k'], limit: 1, now: t0 });

    expect(await sweepStaleJobs(db, { lockTimeoutS: 300, now: later(299) })).toEqual([]);
    const swept = await sweepStaleJobs(db, { lockTimeoutS: 300, now: later(301) });
    expect(swept).toEqual([{ id: job.id, kind: 'k', lockedBy: 'ghost', state: 'pending' }]);
    const back = await getJob(db, job.id);
    expect(back).toMatchObject({ state: 'pending', attempts: 1, lockedBy: null, runAt: later(301) });
    expect(back!.lastError).toBe(
      'Le processus qui exécutait cette tâche a disparu (verrou de ghost expiré après 300 s).',
    );

    const [again] = await claimJobs(db, { workerId: 'rescuer', kinds: ['k'], limit: 1, now: later(301) });
    expect(again).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'rescuer' });
    expect(await completeJob(db, again!, 'rescuer')).toBe(true);
    expect(await completeJob(db, { id: job.id, attempts: 1 }, 'ghost')).toBe(false);
  });

  it('makes the job dead when the lost attempt was its last', async () => {
    const { job } = await enqueueJob(db, { kind: 'poison', runAt: t0, maxAttempts: 1 });
    await claimJobs(db, { workerId: 'ghost', kinds: ['poison'], limit: 1, now: t0 });
    const swept = await sweepStaleJobs(db, { lockTimeoutS: 60, now: later(61) });
    expect(swept).toEqual([{ id: job.id, kind: 'poison', lockedBy: 'ghost', state: 'dead' }]);
    expect((await getJob(db, job.id))!.finishedAt).toBeInstanceOf(Date);
  });

  it('leaves alone a claim whose worker keeps its lock fresh', async () => {
    const { job } = await enqueueJob(db, { kind: 'long', runAt: t0 });
    const [claimed] = await claimJobs(db, { workerId: 'alive', kinds: ['long'], limit: 1, now: t0 });
    expect(await extendJobLocks(db, 'alive', [claimed!], later(200))).toEqual([job.id]);
    expect(await sweepStaleJobs(db, { lockTimeoutS: 300, now: later(400) })).toEqual([]);
    expect(await extendJobLocks(db, 'impostor', [claimed!], later(400))).toEqual([]);
    expect((await sweepStaleJobs(db, { lockTimeoutS: 300, now: later(501) })).map((s) => s.id)).toEqual([
      job.id,
    ]);
    expect(await extendJobLocks(db, 'alive', [claimed!], later(502))).toEqual([]);
  });

  it('leaves pending, done and dead jobs alone', async () => {
    await enqueueJob(db, { kind: 'idle', runAt: t0 });
    expect(await sweepStaleJobs(db, { lockTimeoutS: 1, now: later(10_000) })).toEqual([]);
  });
});
