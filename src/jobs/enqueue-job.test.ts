// Enqueueing belongs to the caller's transaction, and a key deduplicates while a job is pending or running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { claimJobs } from './claim-jobs.ts';
import { completeJob } from './complete-job.ts';
import { enqueueJob } from './enqueue-job.ts';
import { DEFAULT_MAX_ATTEMPTS, JOBS_CHANNEL } from './job.ts';

describe(`enqueueJob (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  const countKind = async (kind: string) =>
    (await db.query<{ n: number }>('select count(*)::int as n from jobs where kind = $1', [kind])).rows[0]!.n;

  it('leaves no job when the enqueueing transaction rolls back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueJob(tx, { kind: 'rolled-back', payload: { actId: 'a' } });
        throw new Error('business step failed');
      }),
    ).rejects.toThrow('business step failed');
    expect(await countKind('rolled-back')).toBe(0);
  });

  it('keeps the job when the transaction commits, with its payload and defaults', async () => {
    const { job, isNew } = await db.transaction((tx) =>
      enqueueJob(tx, { kind: 'committed', payload: { actId: 'a', n: 1 } }),
    );
    expect(isNew).toBe(true);
    expect(job).toMatchObject({
      kind: 'committed',
      payload: { actId: 'a', n: 1 },
      key: null,
      state: 'pending',
      attempts: 0,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      lockedBy: null,
    });
    expect(job.runAt).toBeInstanceOf(Date);
    expect(await countKind('committed')).toBe(1);
  });

  it('schedules a job for later and stores its collectivité', async () => {
    const c = await db.query<{ id: string }>(
      `insert into collectivites (name, siren, type, departement, arrondissement, nature_code, prefecture_rattachement)
        values ('Commune de Test', '213400010', 'commune', '034', 1, '01', 'Hérault') returning id`,
    );
    const runAt = new Date('2031-05-01T08:00:00Z');
    const { job } = await enqueueJob(db, {
      kind: 'later',
      runAt,
      collectiviteId: c.rows[0]!.id,
      maxAttempts: 3,
    });
    expect(job.runAt).toEqual(runAt);
    expect(job.collectiviteId).toBe(c.rows[0]!.id);
    expect(job.maxAttempts).toBe(3);
    expect(await claimJobs(db, { workerId: 'w', kinds: ['later'], limit: 10 })).toEqual([]);
  });

  it('returns the waiting job instead of a second one when the key is taken', async () => {
    const first = await enqueueJob(db, { kind: 'send', key: 'send:act-1', payload: { v: 1 } });
    const second = await db.transaction((tx) =>
      enqueueJob(tx, { kind: 'send', key: 'send:act-1', payload: { v: 2 } }),
    );
    expect(second.isNew).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.payload).toEqual({ v: 1 });
    expect(await countKind('send')).toBe(1);
  });

  it('still deduplicates while the job is running, and accepts the key again once it is done', async () => {
    const { job } = await enqueueJob(db, { kind: 'poll', key: 'poll:mailbox' });
    const [claimed] = await claimJobs(db, { workerId: 'w', kinds: ['poll'], limit: 1 });
    expect(claimed!.id).toBe(job.id);
    const whileRunning = await enqueueJob(db, { kind: 'poll', key: 'poll:mailbox' });
    expect(whileRunning).toMatchObject({ isNew: false, job: { id: job.id, state: 'running' } });
    expect(await completeJob(db, claimed!, 'w')).toBe(true);
    const afterDone = await enqueueJob(db, { kind: 'poll', key: 'poll:mailbox' });
    expect(afterDone.isNew).toBe(true);
    expect(afterDone.job.id).not.toBe(job.id);
  });

  it('deduplicates within one transaction too', async () => {
    const ids = await db.transaction(async (tx) => {
      const a = await enqueueJob(tx, { kind: 'same-tx', key: 'k-same-tx' });
      const b = await enqueueJob(tx, { kind: 'same-tx', key: 'k-same-tx' });
      return [a.job.id, b.job.id, b.isNew] as const;
    });
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(false);
  });

  it('leaves one job when two transactions race for the same key', async () => {
    const results = await Promise.all(
      [1, 2].map((n) =>
        db.transaction(async (tx) => {
          const r = await enqueueJob(tx, { kind: 'race', key: 'race:1', payload: { n } });
          // Hold the first transaction open so that, on PostgreSQL, the second insert waits on it.
          await new Promise((resolve) => setTimeout(resolve, 50));
          return r;
        }),
      ),
    );
    expect(results.map((r) => r.isNew).sort()).toEqual([false, true]);
    expect(results[0]!.job.id).toBe(results[1]!.job.id);
    expect(await countKind('race')).toBe(1);
  });

  it('notifies the queue’s channel with the kind when the transaction commits, never on rollback', async () => {
    const heard: string[] = [];
    const unlisten = await db.listen!(JOBS_CHANNEL, (kind) => heard.push(kind));
    try {
      await db
        .transaction(async (tx) => {
          await enqueueJob(tx, { kind: 'notify-rolled-back' });
          throw new Error('rollback');
        })
        .catch(() => {});
      await db.transaction(async (tx) => {
        await enqueueJob(tx, { kind: 'notify-committed' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(heard).toEqual([]); // not before the commit
      });
      await waitUntil(() => heard.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).toEqual(['notify-committed']);
    } finally {
      await unlisten();
    }
  });

  it('refuses a job without kind or with fewer than one attempt', async () => {
    await expect(enqueueJob(db, { kind: '' })).rejects.toThrow('kind');
    await expect(enqueueJob(db, { kind: 'x', maxAttempts: 0 })).rejects.toThrow('maxAttempts');
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
