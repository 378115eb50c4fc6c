// Embedded PostgreSQL (PGlite, WASM). One process per data directory: callers take the lock first.
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, Tx } from './types.ts';

// Same value shapes as the PostgreSQL driver (see postgres.ts): dates as strings, int8 as numbers.
const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => v,
};

function wrap(q: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

export async function openPglite(options: {
  dataDir?: string;
  loadDataDir?: Blob;
}): Promise<Db & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers,
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    pglite,
    query: base.query,
    transaction: (fn) =>
      pglite.transaction((tx) => {
        const t: Tx = {
          ...wrap(tx),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(t);
      }),
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    // One process, one instance: NOTIFY reaches the listeners of this instance when its transaction commits.
    listen: async (channel, onNotify) => {
      const unlisten = await pglite.listen(channel, onNotify);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    close: () => pglite.close(),
  };
}
