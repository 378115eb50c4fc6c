// PostgreSQL server driver (node-postgres pool). Values are parsed like the PGlite driver's.
import pg from 'pg';
import { listenPostgres } from './postgres-listener.ts';
import { isStalePrepared, type StatementNames, statementNames } from './statement-names.ts';
import type { Db, Queryable, QueryOptions, QueryResult } from './types.ts';

const typeParsers: Record<number, (v: string) => unknown> = {
  1082: (v) => v, // date → 'YYYY-MM-DD' (no local-time Date shift)
  20: (v) => Number(v), // int8 → number (ids and counts stay far below 2^53)
  1700: (v) => v, // numeric → string
};

const types = {
  getTypeParser: (oid: number, format?: string) =>
    typeParsers[oid] ?? (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
};

/**
 * Statements are prepared once per connection under a name (statement-names.ts), then only bound and
 * executed: PostgreSQL skips parsing and planning them again (PostgreSQL's share of an act's CPU went from
 * 8.3–9.0 to 4.4–4.7 ms). After five runs PostgreSQL may keep a generic plan: statements whose best plan
 * depends on their values ask for `planEachRun` and stay unnamed.
 *
 * Inside a transaction, `broken` is called when a named statement failed on our side (a value that
 * cannot be encoded): node-postgres then closes the statement on the server but still counts it as
 * prepared on that connection, which must not go back to the pool.
 */
function wrap(
  client: pg.Pool | pg.PoolClient,
  names: StatementNames,
  inTransaction: { broken: () => void } | null,
): Queryable {
  const run = async (sql: string, params: readonly unknown[], name: string | undefined) =>
    client.query({
      ...(name !== undefined ? { name } : {}),
      text: sql,
      values: params as unknown[],
      types,
    } as pg.QueryConfig);
  return {
    async query<T>(
      sql: string,
      params: readonly unknown[] = [],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      // A text without parameters may hold several statements, which only the simple protocol runs.
      const name = params.length > 0 && !options?.planEachRun ? names.nameOf(sql) : undefined;
      let r: pg.QueryResult;
      try {
        r = await run(sql, params, name);
      } catch (e) {
        if (name !== undefined && inTransaction && !(e instanceof pg.DatabaseError)) inTransaction.broken();
        if (name === undefined || !isStalePrepared(e)) throw e;
        // New names everywhere: each connection prepares its statements again at their next use. Outside
        // a transaction the statement is simply run again; inside one, the transaction is already
        // aborted: the caller's retry (a job's next attempt, the user's next click) finds the new names.
        names.renew(name);
        if (inTransaction) throw e;
        r = await run(sql, params, names.nameOf(sql));
      }
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const names = statementNames();
  const base = wrap(pool, names, null);
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    pool,
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx = {
          ...wrap(client, names, { broken: () => (broken = true) }),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        // A connection whose prepared statements we can no longer trust is closed, not reused.
        client.release(broken);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async listen(channel, onNotify) {
      const stop = await listenPostgres(url, channel, onNotify);
      const unlisten = async () => {
        listeners.delete(unlisten);
        await stop();
      };
      listeners.add(unlisten);
      return unlisten;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}
