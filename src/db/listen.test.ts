// LISTEN on both backends: committed notifications reach the listener; on PostgreSQL its dedicated
// connection comes back by itself after the server dropped it, and says so with one empty payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from './types.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition still false');
    await sleep(10);
  }
}

describe(`Db.listen (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('hears committed notifications on its channel only, until unlistened', async () => {
    const heard: string[] = [];
    const unlisten = await db.listen!('relais_test_a', (p) => heard.push(p));
    await db.query(`select pg_notify('relais_test_b', 'other')`);
    await db.query(`select pg_notify('relais_test_a', 'one')`);
    await until(() => heard.length === 1);
    await unlisten();
    await db.query(`select pg_notify('relais_test_a', 'two')`);
    await sleep(100);
    expect(heard).toEqual(['one']);
  });

  it.skipIf(backend !== 'postgres')('reconnects after the server dropped its connection', async () => {
    const heard: string[] = [];
    const unlisten = await db.listen!('relais_test_c', (p) => heard.push(p));
    try {
      const killed = await db.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
         where datname = current_database() and query ilike 'listen relais_test_c%'`,
      );
      expect(killed.rows[0]!.n).toBe(1);
      await until(() => heard.includes(''));
      await db.query(`select pg_notify('relais_test_c', 'after')`);
      await until(() => heard.includes('after'));
    } finally {
      await unlisten();
    }
  });
});
