// PostgreSQL server driver (node-postgres pool). Values are parsed like the PGlite driver's.
import pg from 'pg';
import { listenPostgres } from './postgres-listener.ts';
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
 * Statements are prepared once per connection under a name, then only bound and executed: PostgreSQL
 * skips parsing and planning them again (PostgreSQL's share of an act's CPU went from 8.3–9.0 to 4.4–4.7
 * ms). After five runs PostgreSQL may keep a generic plan: statements whose best plan depends on their
 * values ask for `planEachRun` and stay unnamed. Names are given to the first texts met, up to this many
 * (a text built with a varying number of placeholders would otherwise fill every connection's memory).
 */
const MAX_NAMED = 1000;

export interface StatementNames {
  /** The name of this text's prepared statement, or undefined to run it unnamed. */
  nameOf(sql: string): string | undefined;
  /**
   * Gives every text a new name, so that each connection prepares it again, unless `stale` (the name that
   * failed) is already from an earlier renewal: the queries in flight when a schema changes all fail,
   * and one renewal is enough for all of them.
   */
  renew(stale: string): void;
}

/** Names for statement texts: the same name for the same text, none once `max` texts have one. */
export function statementNames(max = MAX_NAMED): StatementNames {
  const names = new Map<string, string>();
  let generation = 0;
  return {
    nameOf(sql) {
      let name = names.get(sql);
      if (name === undefined && names.size < max) {
        name = `r${generation}_${names.size}`;
        names.set(sql, name);
      }
      return name;
    },
    renew(stale) {
      if (!stale.startsWith(`r${generation}_`)) return;
      names.clear();
      generation++;
    },
  };
}

/**
 * A prepared statement that no longer fits: the shape of a table it reads changed under it ("cached plan
 * must not change result type", after another process migrated the schema), or the server forgot it.
 * Recognised by the server's routine, which, unlike the message, is never translated (`lc_messages`).
 */
function isStalePrepared(e: unknown): boolean {
  if (!(e instanceof pg.DatabaseError)) return false;
  return (
    e.code === '26000' ||
    (e.code === '0A000' && (e.routine === 'RevalidateCachedQuery' || /cached plan/i.test(e.message)))
  );
}

/**
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
