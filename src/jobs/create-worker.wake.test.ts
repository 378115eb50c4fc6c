// The worker does not wait for its poll: a committed enqueue wakes it through LISTEN/NOTIFY (from this
// connection pool or another one, i.e. another process on PostgreSQL), a finished job makes it claim the
// next at once, and without LISTEN it still polls. Every worker here polls once a minute: only a wake-up
// can run a job within the few seconds the tests allow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import { serverUrl } from '../../test/support/paths.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Db } from '../db/types.ts';
import { createWorker, type Worker, type WorkerOptions } from './create-worker.ts';
import { enqueueJob } from './enqueue-job.ts';
import type { JobHandlers } from './job-handler.ts';
import { getJob } from './list-jobs.ts';
import { capturingLogger, silentLogger, waitFor } from './test-support.ts';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`worker wake-up (${backend})`, () => {
  let db: Db;
  const workers: Worker[] = [];
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await db.close();
  });
  beforeEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await db.query('delete from jobs');
  });

  function startWorker(handlers: JobHandlers, options: Partial<WorkerOptions> = {}) {
    const worker = createWorker({
      db,
      logger: silentLogger(),
      handlers,
      concurrency: 2,
      pollMs: MINUTE,
      lockTimeoutS: 30,
      workerId: `wake-${workers.length}`,
      ...options,
    });
    workers.push(worker);
    worker.start();
    return worker;
  }

  const isDone = async (id: number) => (await getJob(db, id))?.state === 'done';

  /** Starts a worker and waits until its first wake-up claimed a job: LISTEN is then in place. */
  async function startListeningWorker(handlers: JobHandlers, options: Partial<WorkerOptions> = {}) {
    const worker = startWorker({ ...handlers, warmUp: async () => {} }, options);
    const { job } = await enqueueJob(db, { kind: 'warmUp' });
    await waitFor(() => isDone(job.id), 5000);
    await sleep(100);
    return worker;
  }

  it('runs a job enqueued in a committed transaction at once, not at the next poll', async () => {
    const ran: number[] = [];
    await startListeningWorker({ work: async (job) => void ran.push(job.id) });
    const t0 = Date.now();
    const { job } = await db.transaction((tx) => enqueueJob(tx, { kind: 'work' }));
    await waitFor(() => isDone(job.id), 5000);
    expect(ran).toEqual([job.id]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('is woken by an enqueue made on another connection pool (another process)', async () => {
    let other: Db = db;
    if (backend === 'postgres') {
      const name = (await db.query<{ name: string }>('select current_database() as name')).rows[0]!.name;
      other = await openPostgres(serverUrl(process.env.RELAIS_TEST_DATABASE_URL!, name), 1);
    }
    try {
      await startListeningWorker({ work: async () => {} });
      const { job } = await other.transaction((tx) => enqueueJob(tx, { kind: 'work' }));
      await waitFor(() => isDone(job.id), 5000);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('claims the next job as soon as one finishes, even without notifications', async () => {
    const withoutListen: Db = { ...db, listen: undefined };
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await enqueueJob(db, { kind: 'step' })).job.id);
    startWorker({ step: async () => void (await sleep(20)) }, { db: withoutListen, concurrency: 1 });
    for (const id of ids) await waitFor(() => isDone(id), 5000);
  });

  it('while listening, claims the next of a batch at once but asks nothing when a job ends on an empty queue', async () => {
    let claims = 0;
    const counting: Db = new Proxy(db, {
      get(target, key) {
        const v = Reflect.get(target, key);
        if (key === 'query')
          return (text: string, params?: unknown[]) => {
            if (/^update jobs set\s+state = 'running'/.test(text)) claims++;
            return target.query(text, params);
          };
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    await startListeningWorker({ step: async () => void (await sleep(5)) }, { db: counting, concurrency: 2 });
    // Five jobs in one transaction: one notification, then finished jobs claim the next ones.
    const ids = await db.transaction(async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) out.push((await enqueueJob(tx, { kind: 'step' })).job.id);
      return out;
    });
    for (const id of ids) await waitFor(() => isDone(id), 5000);
    // One at a time, each waited for: a claim per notification (it finds fewer jobs than free slots), none
    // when the job ends.
    await sleep(100);
    claims = 0;
    for (let i = 0; i < 3; i++) {
      const { job } = await enqueueJob(db, { kind: 'step' });
      await waitFor(() => isDone(job.id), 5000);
      await sleep(50);
    }
    expect(claims).toBe(3);
  });

  it('while listening, still polls on time for a job due later, however many jobs end meanwhile', async () => {
    let ranAt = 0;
    const durations = [350, 750, 1150];
    await startListeningWorker(
      {
        slow: async (job) => void (await sleep(durations[Number((job.payload as { n: number }).n)]!)),
        later: async () => {
          ranAt = Date.now();
        },
      },
      { pollMs: 400, concurrency: 4 },
    );
    const t0 = Date.now();
    await db.transaction(async (tx) => {
      for (const n of [0, 1, 2]) await enqueueJob(tx, { kind: 'slow', payload: { n } });
      await enqueueJob(tx, { kind: 'later', runAt: new Date(t0 + 100) });
    });
    await waitFor(async () => ranAt > 0, 5000);
    // Due at 100 ms, seen by the poll 400 ms after the claim: not pushed back by each job that ends.
    expect(ranAt - t0).toBeLessThan(1100);
  });

  it('falls back to polling, with a warning, when the database cannot listen', async () => {
    const { logger, lines } = capturingLogger();
    const deaf: Db = { ...db, listen: async () => Promise.reject(new Error('listen refused')) };
    startWorker({ work: async () => {} }, { db: deaf, logger, pollMs: 50 });
    await waitFor(() => lines.some((l) => String(l.msg).startsWith('réveil par notification indisponible')));
    const { job } = await enqueueJob(db, { kind: 'work' });
    await waitFor(() => isDone(job.id), 5000);
  });

  it('stops listening when it stops', async () => {
    let stopped = 0;
    const counting: Db = {
      ...db,
      listen: async (channel, onNotify) => {
        const unlisten = await db.listen!(channel, onNotify);
        return async () => {
          stopped++;
          await unlisten();
        };
      },
    };
    const worker = await startListeningWorker({}, { db: counting });
    await worker.stop();
    expect(stopped).toBe(1);
  });
});
