// The worker runs handlers and records what they say, keeps long jobs' locks, stops gracefully, and
// never takes a job it has no handler for.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../kernel/errors.ts';
import { createWorker, type Worker, type WorkerOptions } from './create-worker.ts';
import { enqueueJob } from './enqueue-job.ts';
import type { Job } from './job.ts';
import { giveUp, type JobHandlers, retryAt } from './job-handler.ts';
import { getJob } from './list-jobs.ts';
import { runJob } from './run-job.ts';
import { capturingLogger, deferred, silentLogger, waitFor } from './test-support.ts';

describe(`createWorker (${backend})`, () => {
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
      pollMs: 20,
      lockTimeoutS: 30,
      workerId: `test-${workers.length}`,
      ...options,
    });
    workers.push(worker);
    worker.start();
    return worker;
  }

  const stateOf = async (id: number) => (await getJob(db, id))?.state;

  it('runs a job with its payload and marks it done', async () => {
    const seen: unknown[] = [];
    startWorker({
      greet: async (job: Job<{ name: string }>, ctx) => {
        seen.push(job.payload.name, ctx.workerId, ctx.signal.aborted);
      },
    });
    const { job } = await enqueueJob(db, { kind: 'greet', payload: { name: 'Lozère' } });
    await waitFor(async () => (await stateOf(job.id)) === 'done');
    expect(seen).toEqual(['Lozère', 'test-0', false]);
  });

  it('records a thrown error with its code and retries after the back-off', async () => {
    startWorker({
      flaky: async () => {
        throw new AppError('DATABASE_UNAVAILABLE', 'La base ne répond pas.');
      },
    });
    const before = Date.now();
    const { job } = await enqueueJob(db, { kind: 'flaky' });
    const failed = await waitFor(async () => {
      const j = await getJob(db, job.id);
      return j?.state === 'pending' && j.attempts === 1 ? j : null;
    });
    expect(failed.lastError).toBe('DATABASE_UNAVAILABLE : La base ne répond pas.');
    const delay = failed.runAt.getTime() - before;
    expect(delay).toBeGreaterThan(1_500);
    expect(delay).toBeLessThan(2_000 + 5_000);
  });

  it('gives up at once when the handler says so, and reschedules without counting when asked', async () => {
    const opens = new Date(Date.now() + 3_600_000);
    startWorker({
      invalid: async () => giveUp('Le fichier PDF est illisible.'),
      window: async () => retryAt(opens, 'fenêtre de transmission fermée'),
    });
    const { job: invalid } = await enqueueJob(db, { kind: 'invalid' });
    const { job: window } = await enqueueJob(db, { kind: 'window' });
    await waitFor(async () => (await stateOf(invalid.id)) === 'dead');
    expect(await getJob(db, invalid.id)).toMatchObject({
      attempts: 1,
      lastError: 'Le fichier PDF est illisible.',
    });
    const deferredJob = await waitFor(async () => {
      const j = await getJob(db, window.id);
      return j?.state === 'pending' && j.runAt.getTime() === opens.getTime() ? j : null;
    });
    expect(deferredJob.attempts).toBe(0);
  });

  it('takes no job of a kind it has no handler for, and warns about it', async () => {
    const { logger, lines } = capturingLogger();
    startWorker({ known: async () => {} }, { logger, lockTimeoutS: 0.3 });
    const { job } = await enqueueJob(db, { kind: 'typo', runAt: new Date(Date.now() - 60_000) });
    await waitFor(() =>
      lines.some((l) => l.msg?.toString().includes('aucun traitement') && l.kind === 'typo'),
    );
    expect(await getJob(db, job.id)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('fails a claimed job of an unknown kind with a clear message', async () => {
    const { job } = await enqueueJob(db, { kind: 'ghost-kind' });
    const [claimed] = await db
      .query<{ attempts: number }>(
        `update jobs set state = 'running', attempts = 1, locked_by = 'w', locked_at = now() where id = $1 returning attempts`,
        [job.id],
      )
      .then((r) => r.rows);
    await runJob(
      { ...job, attempts: claimed!.attempts },
      {
        db,
        handlers: {},
        workerId: 'w',
        logger: silentLogger(),
        signal: new AbortController().signal,
        now: () => undefined,
      },
    );
    expect(await getJob(db, job.id)).toMatchObject({
      state: 'pending',
      lastError: 'Aucun traitement n’est défini pour les tâches « ghost-kind ».',
    });
  });

  it('keeps the lock of a job that runs longer than the lock timeout', async () => {
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 1_000));
    };
    startWorker({ slow }, { lockTimeoutS: 0.3 });
    startWorker({ slow }, { lockTimeoutS: 0.3 }); // its sweep would steal the job if the lock went stale
    const { job } = await enqueueJob(db, { kind: 'slow' });
    await waitFor(async () => (await stateOf(job.id)) === 'done');
    expect(runs).toBe(1);
    expect(await getJob(db, job.id)).toMatchObject({ attempts: 1, lastError: null });
  });

  it('aborts the handler whose claim was taken away', async () => {
    const aborted = deferred();
    const started = deferred();
    startWorker(
      {
        stuck: async (_job, { signal }) => {
          started.resolve();
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          aborted.resolve();
        },
      },
      { lockTimeoutS: 0.3 },
    );
    const { job } = await enqueueJob(db, { kind: 'stuck' });
    await started.promise;
    await db.query(`update jobs set locked_by = 'someone-else' where id = $1`, [job.id]);
    await aborted.promise;
    await waitFor(() => workers[0]?.runningCount === 0);
    expect(await getJob(db, job.id)).toMatchObject({ state: 'running', lockedBy: 'someone-else' });
  });

  it('on stop, takes no new job and resolves once the running one has finished', async () => {
    const gate = deferred();
    const started = deferred();
    const worker = startWorker({
      slow: async () => {
        started.resolve();
        await gate.promise;
      },
    });
    const { job: first } = await enqueueJob(db, { kind: 'slow' });
    await started.promise;
    let isStopped = false;
    const stopping = worker.stop().then(() => {
      isStopped = true;
    });
    const { job: second } = await enqueueJob(db, { kind: 'slow' });
    await new Promise((r) => setTimeout(r, 150));
    expect(isStopped).toBe(false);
    expect(worker.runningCount).toBe(1);
    gate.resolve();
    await stopping;
    expect(await stateOf(first.id)).toBe('done');
    expect(await stateOf(second.id)).toBe('pending');
  });

  it('on stop with a timeout, aborts what still runs and resolves anyway', async () => {
    const started = deferred();
    let sawAbort = false;
    const worker = startWorker({
      endless: async (_job, { signal }) => {
        started.resolve();
        await new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            setTimeout(resolve, 200);
          }),
        );
      },
    });
    const { job } = await enqueueJob(db, { kind: 'endless' });
    await started.promise;
    await worker.stop({ timeoutMs: 100 });
    expect(sawAbort).toBe(true);
    expect(await stateOf(job.id)).toBe('running'); // the stale sweep will give it to another worker
    await new Promise((r) => setTimeout(r, 300)); // let the handler settle before the next test
  });

  it('stops at once when idle, and a worker never started stops too', async () => {
    const idle = startWorker({ any: async () => {} });
    const t = Date.now();
    await idle.stop();
    expect(Date.now() - t).toBeLessThan(1_000);
    await createWorker({
      db,
      logger: silentLogger(),
      handlers: {},
      concurrency: 1,
      pollMs: 10,
      lockTimeoutS: 1,
      workerId: 'never',
    }).stop();
  });
});
