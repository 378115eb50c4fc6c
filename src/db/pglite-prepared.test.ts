// Prepared statements on PGlite answer as PGlite's own query() does: values, counts, errors, notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from './pglite.ts';
import { pgliteStatements } from './pglite-prepared.ts';

describe('PGlite prepared statements', () => {
  let db: Awaited<ReturnType<typeof openPglite>>;
  beforeAll(async () => {
    db = await openPglite({});
    await db.exec(
      `create table t (id int primary key, d date, n int8, at timestamptz, j jsonb, tags text[], u uuid)`,
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives the same rows, types and counts as PGlite’s query()', async () => {
    const insert = `insert into t (id, d, n, at, j, tags, u) values ($1, $2, $3, $4, $5::jsonb, $6, $7)`;
    const values = [
      1,
      '2026-11-30',
      9007199254740,
      new Date('2026-11-30T10:00:00Z'),
      '{"a":[1,"é"]}',
      ['x', 'y "z"'],
      null,
    ];
    expect((await db.query(insert, values)).rowCount).toBe(1);
    await db.pglite.query(insert, [2, ...values.slice(1)]);
    const select = 'select * from t where id = any($1::int[]) order by id';
    const prepared = await db.query(select, [[1, 2]]);
    const plain = await db.pglite.query(select, [[1, 2]]);
    expect(prepared.rows).toEqual(plain.rows);
    expect(prepared.rows[0]).toEqual({
      id: 1,
      d: '2026-11-30',
      n: 9007199254740,
      at: new Date('2026-11-30T10:00:00Z'),
      j: { a: [1, 'é'] },
      tags: ['x', 'y "z"'],
      u: null,
    });
    const update = await db.query('update t set n = n + $1 where id > $2', [1, 0]);
    expect(update.rowCount).toBe(2);
    expect((await db.query('select n from t where id = $1', [3])).rows).toEqual([]);
  });

  it('keeps the error codes, and the session usable after an error, in and out of transactions', async () => {
    const insert = 'insert into t (id) values ($1)';
    await expect(db.query(insert, [1])).rejects.toMatchObject({ code: '23505' });
    await expect(
      db.transaction(async (tx) => {
        await tx.query(insert, [10]);
        await tx.query(insert, [10]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    // The transaction was rolled back whole, and nothing is left open.
    expect((await db.query('select count(*)::int as n from t where id = $1', [10])).rows).toEqual([{ n: 0 }]);
    await db.transaction(async (tx) => {
      await tx.query(insert, [11]);
    });
    expect((await db.query('select count(*)::int as n from t where id = $1', [11])).rows).toEqual([{ n: 1 }]);
  });

  it('delivers a NOTIFY sent by a prepared statement when its transaction commits', async () => {
    const got: string[] = [];
    const stop = await db.listen!('relais_test', (payload) => got.push(payload));
    await db.transaction(async (tx) => {
      await tx.query('select pg_notify($1, $2)', ['relais_test', 'dans la transaction']);
      expect(got).toEqual([]);
    });
    await db.query('select pg_notify($1, $2)', ['relais_test', 'seule']);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['dans la transaction', 'seule']);
    await stop();
  });

  it('runs no statement of another caller inside an open transaction', async () => {
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (t) => {
      await t.query('insert into t (id) values ($1)', [20]);
      inside();
      await held;
      throw new Error('annulée');
    });
    await opened;
    // Waits for the transaction to end, so is not part of what it rolls back.
    const outside = db.query('insert into t (id) values ($1)', [21]);
    release();
    await expect(tx).rejects.toThrow('annulée');
    await outside;
    const ids = await db.query<{ id: number }>('select id from t where id = any($1::int[]) order by id', [
      [20, 21],
    ]);
    expect(ids.rows).toEqual([{ id: 21 }]);
  });

  it('prepares at most `max` texts and then says so', async () => {
    const statements = pgliteStatements(db.pglite, 2);
    expect(statements.accepts('select $1::int as a')).toBe(true);
    expect((await statements.run('select $1::int as a', [1], false)).rows).toEqual([{ a: 1 }]);
    expect((await statements.run('select $1::int as b', [2], false)).rows).toEqual([{ b: 2 }]);
    expect(statements.accepts('select $1::int as c')).toBe(false);
    expect(statements.accepts('select $1::int as a')).toBe(true);
  });

  it('shows a column under its new name, and refuses a transaction used after its end', async () => {
    await db.exec('create table t_rename (x int)');
    await db.query('insert into t_rename (x) values ($1)', [1]);
    // A text that names no column, prepared before the column is renamed, answers the new name after.
    const read = 'select * from t_rename where $1::int = 1';
    expect((await db.query(read, [1])).rows).toEqual([{ x: 1 }]);
    await db.exec('alter table t_rename rename column x to y');
    expect((await db.query(read, [1])).rows).toEqual([{ y: 1 }]);
    let kept!: Parameters<Parameters<typeof db.transaction>[0]>[0];
    await db.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept.query('select $1::int as a', [1])).rejects.toThrow('Transaction is closed');
  });
});
