// A job whose worker died is run again: the claim ages past the lock timeout, a live worker's sweep
// returns it to pending and that worker completes it. On PostgreSQL the dead worker is a real process
// killed with SIGKILL in the middle of the job.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import { serverUrl } from '../../test/support/paths.ts';
import type { Db } from '../db/types.ts';
import { claimJobs } from './claim-jobs.ts';
import { createWorker } from './create-worker.ts';
import { enqueueJob } from './enqueue-job.ts';
import type { Job } from './job.ts';
import { getJob } from './list-jobs.ts';
import { silentLogger, waitFor } from './test-support.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/hanging-worker.ts', import.meta.url));

describe(`a killed worker's job (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  async function rescue(kind: string, jobId: number): Promise<{ runs: number; job: Job }> {
    let runs = 0;
    const rescuer = createWorker({
      db,
      logger: silentLogger(),
      handlers: {
        [kind]: async () => {
          runs++;
        },
      },
      concurrency: 1,
      pollMs: 20,
      lockTimeoutS: 0.5,
      workerId: 'rescuer',
    });
    rescuer.start();
    try {
      const job = await waitFor(async () => {
        const j = await getJob(db, jobId);
        return j?.state === 'done' ? j : null;
      });
      return { runs, job };
    } finally {
      await rescuer.stop();
    }
  }

  it('runs again when its worker claimed it and vanished', async () => {
    const { job } = await enqueueJob(db, { kind: 'orphan' });
    const [claimed] = await claimJobs(db, { workerId: 'vanished', kinds: ['orphan'], limit: 1 });
    expect(claimed!.id).toBe(job.id);
    const { runs, job: done } = await rescue('orphan', job.id);
    expect(runs).toBe(1);
    expect(done).toMatchObject({ attempts: 2, lockedBy: null });
    expect(done.lastError).toContain('verrou de vanished expiré');
  });

  it.runIf(backend === 'postgres')(
    'runs again when its worker process is killed with SIGKILL mid-job',
    async () => {
      const name = (await db.query<{ name: string }>('select current_database() as name')).rows[0]!.name;
      const url = serverUrl(process.env.RELAIS_TEST_DATABASE_URL!, name);
      const { job } = await enqueueJob(db, { kind: 'crash' });

      const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, url, 'doomed'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      const lines = createInterface({ input: child.stdout! });
      const claimedLine = await new Promise<string>((resolve, reject) => {
        lines.on('line', resolve);
        child.on('exit', () => reject(new Error('the worker process exited before claiming')));
      });
      expect(claimedLine).toBe(`claimed ${job.id}`);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(await getJob(db, job.id)).toMatchObject({ state: 'running', lockedBy: 'doomed', attempts: 1 });

      const { runs, job: done } = await rescue('crash', job.id);
      expect(runs).toBe(1);
      expect(done).toMatchObject({ state: 'done', attempts: 2 });
      expect(done.lastError).toBe(
        'Le processus qui exécutait cette tâche a disparu (verrou de doomed expiré après 0.5 s).',
      );
    },
  );
});
