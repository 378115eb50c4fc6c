// The database port behaves the same on PGlite and on a PostgreSQL server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import { listMigrations, migrate } from './migrate.ts';
import type { Db } from './types.ts';

describe(`database (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is fully migrated from the template and migrating again applies nothing', async () => {
    const report = await migrate(db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBe(listMigrations().length);
  });

  it('returns dates as calendar strings, int8 as numbers and timestamps as instants', async () => {
    const r = await db.query<{ d: string; n: number; t: Date }>(
      "select date '2024-01-15' as d, 9007199254740::int8 as n, timestamptz '2024-01-15T10:00:00Z' as t",
    );
    expect(r.rows[0]).toEqual({ d: '2024-01-15', n: 9007199254740, t: new Date('2024-01-15T10:00:00Z') });
  });

  it('rolls a transaction back when its function throws', async () => {
    await db.exec('create table t_rollback (x int)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t_rollback values ($1)', [1]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const r = await db.query<{ n: number }>('select count(*)::int as n from t_rollback');
    expect(r.rows[0]!.n).toBe(0);
  });

  it('keeps working normally after an SQL error', async () => {
    await expect(db.query('select * from no_such_table')).rejects.toThrow();
    const r = await db.query<{ one: number }>('select 1 as one');
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('reports affected rows', async () => {
    await db.exec('create table t_count (x int); insert into t_count values (1), (2), (3)');
    const r = await db.query('update t_count set x = x + 1 where x > $1', [1]);
    expect(r.rowCount).toBe(2);
  });

  it('runs one statement again and again with other parameters, in and out of transactions', async () => {
    await db.exec('create table t_prepared (x int primary key, y text)');
    const insert = 'insert into t_prepared (x, y) values ($1, $2) returning y';
    for (let i = 0; i < 12; i++) {
      const r = await db.query<{ y: string }>(insert, [i, `v${i}`]);
      expect(r.rows).toEqual([{ y: `v${i}` }]);
    }
    await db.transaction(async (tx) => {
      await tx.query(insert, [100, 'dans une transaction']);
    });
    // A failed run (duplicate key) does not spoil the prepared statement for later use.
    await expect(db.query(insert, [1, 'doublon'])).rejects.toThrow();
    const r = await db.query<{ y: string }>(insert, [200, 'après une erreur']);
    expect(r.rows).toEqual([{ y: 'après une erreur' }]);
    const count = await db.query<{ n: number }>(
      'select count(*)::int as n from t_prepared where x > $1',
      [-1],
    );
    expect(count.rows[0]!.n).toBe(14);
  });

  it('goes on after another process changed the shape of a table its statements read', async () => {
    await db.exec('create table t_shape (x int)');
    const read = 'select * from t_shape where x > $1';
    // Prepared (and, after five runs, possibly planned once for all) on several connections.
    await Promise.all(Array.from({ length: 8 }, () => db.query(read, [0])));
    for (let i = 0; i < 6; i++) await db.transaction((tx) => tx.query(read, [0]));
    await db.exec('alter table t_shape add column y int; insert into t_shape values (1, 2)');
    // Outside a transaction: run again under a new name at once.
    expect((await db.query(read, [0])).rows).toEqual([{ x: 1, y: 2 }]);
    await db.exec('alter table t_shape add column z int');
    // In a transaction: at most the first one fails (already aborted), the next ones read the new shape.
    await db.transaction((tx) => tx.query(read, [0])).catch(() => {});
    for (let i = 0; i < 12; i++) {
      const rows = await db.transaction(async (tx) => (await tx.query(read, [0])).rows);
      expect(rows).toEqual([{ x: 1, y: 2, z: null }]);
    }
    const all = await Promise.all(Array.from({ length: 8 }, () => db.query(read, [0])));
    for (const r of all) expect(r.rows).toEqual([{ x: 1, y: 2, z: null }]);
  });

  it('goes on after a value that cannot be sent failed a statement in a transaction', async () => {
    await db.exec('create table t_json (x jsonb)');
    const insert = 'insert into t_json (x) values ($1::jsonb)';
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    // Its first use, so that the statement is being prepared when the value fails to encode.
    await expect(db.transaction((tx) => tx.query(insert, [circular]))).rejects.toThrow();
    for (let i = 0; i < 6; i++) await db.transaction((tx) => tx.query(insert, [JSON.stringify({ i })]));
    await db.query(insert, [JSON.stringify({ i: 6 })]);
    expect((await db.query<{ n: number }>('select count(*)::int as n from t_json')).rows[0]!.n).toBe(7);
  });
});
