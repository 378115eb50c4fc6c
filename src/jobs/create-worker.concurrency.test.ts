// Several workers on several connections never run a claim twice: 4 workers × 4 slots share 200 jobs,
// a fifth of which fail once and come back; every execution is recorded and counted. On PostgreSQL each
// worker has its own connection pool, so the claims really race; on PGlite they run serialized.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import { serverUrl } from '../../test/support/paths.ts';
import { openPostgres } from '../db/postgres.ts';
import type { Db } from '../db/types.ts';
import { countJobsByState } from './count-jobs-by-state.ts';
import { createWorker } from './create-worker.ts';
import { enqueueJob } from './enqueue-job.ts';
import { silentLogger, waitFor } from './test-support.ts';

const JOBS = 200;
const WORKERS = 4;

describe(`concurrent workers (${backend})`, () => {
  let db: Db;
  const pools: Db[] = [];
  beforeAll(async () => {
    db = await createTestDb();
    if (backend === 'postgres') {
      const name = (await db.query<{ name: string }>('select current_database() as name')).rows[0]!.name;
      const url = serverUrl(process.env.RELAIS_TEST_DATABASE_URL!, name);
      for (let i = 0; i < WORKERS; i++) pools.push(await openPostgres(url, 3));
    } else for (let i = 0; i < WORKERS; i++) pools.push(db);
  });
  afterAll(async () => {
    for (const p of pools) if (p !== db) await p.close();
    await db.close();
  });

  it('run each job exactly once per attempt, retries included', async () => {
    await db.exec(
      'create table job_runs (job_id bigint not null, attempt int not null, worker_id text not null)',
    );
    const ids = await db.transaction(async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < JOBS; i++)
        out.push((await enqueueJob(tx, { kind: 'count', payload: { i } })).job.id);
      return out;
    });
    const failsOnce = new Set(ids.filter((_, i) => i % 5 === 0));

    const workers = pools.map((pool, i) =>
      createWorker({
        db: pool,
        logger: silentLogger(),
        handlers: {
          count: async (job, ctx) => {
            await ctx.db.query('insert into job_runs values ($1, $2, $3)', [
              job.id,
              job.attempts,
              ctx.workerId,
            ]);
            if (job.id % 7 === 0) await new Promise((r) => setTimeout(r, 2));
            if (failsOnce.has(job.id) && job.attempts === 1) throw new Error('échec provoqué');
          },
        },
        concurrency: 4,
        pollMs: 10,
        lockTimeoutS: 30,
        backoff: { baseMs: 5, capMs: 20 },
        workerId: `w${i}`,
      }),
    );
    for (const w of workers) w.start();
    await waitFor(async () => (await countJobsByState(db)).done === JOBS, 30_000);
    await Promise.all(workers.map((w) => w.stop()));

    const runs = await db.query<{ job_id: number; attempt: number; worker_id: string }>(
      'select * from job_runs',
    );
    expect(runs.rows).toHaveLength(JOBS + failsOnce.size);
    const perClaim = new Set(runs.rows.map((r) => `${r.job_id}/${r.attempt}`));
    expect(perClaim.size).toBe(runs.rows.length);
    for (const id of ids) {
      const attempts = runs.rows.filter((r) => r.job_id === id).map((r) => r.attempt);
      expect(attempts.sort()).toEqual(failsOnce.has(id) ? [1, 2] : [1]);
    }
    const final = await db.query<{ attempts: number; n: number }>(
      `select attempts, count(*)::int as n from jobs where state = 'done' group by attempts order by attempts`,
    );
    expect(final.rows).toEqual([
      { attempts: 1, n: JOBS - failsOnce.size },
      { attempts: 2, n: failsOnce.size },
    ]);
    const byWorker = new Set(runs.rows.map((r) => r.worker_id));
    if (backend === 'postgres') expect(byWorker.size).toBeGreaterThan(1);
  });
});
