// PostgreSQL server driver (node-postgres pool). Values are parsed like the PGlite driver's.
import pg from 'pg';
import { listenPostgres } from './postgres-listener.ts';
import type { Db, Queryable, QueryResult } from './types.ts';

const typeParsers: Record<number, (v: string) => unknown> = {
  1082: (v) => v, // date → 'YYYY-MM-DD' (no local-time Date shift)
  20: (v) => Number(v), // int8 → number (ids and counts stay far below 2^53)
  1700: (v) => v, // numeric → string
};

const types = {
  getTypeParser: (oid: number, format?: string) =>
    typeParsers[oid] ?? (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await client.query({ text: sql, values: params as unknown[], types } as pg.QueryConfig);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const base = wrap(pool);
  const listeners = new Set<() => Promise<void>>();
  return {
    kind: 'postgres',
    pool,
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx = {
          ...wrap(client),
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
        client.release();
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
