// Embedded PostgreSQL (PGlite, WASM). One process per data directory: callers take the lock first.
import { PGlite, types } from '@electric-sql/pglite';
import { type PgliteStatements, pgliteStatements } from './pglite-prepared.ts';
import type { Db, Queryable, QueryOptions, QueryResult, Tx } from './types.ts';

// Same value shapes as the PostgreSQL driver (see postgres.ts): dates as strings, int8 as numbers.
const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => v,
};

/**
 * Statements with parameters are prepared once (pglite-prepared.ts), as on a server; those that ask for a
 * plan at each run, and those without parameters (possibly several statements), go through query().
 */
function wrap(
  q: Pick<PGlite, 'query'> & { closed?: boolean },
  statements: PgliteStatements,
  inTransaction: boolean,
): Queryable {
  return {
    async query<T>(
      sql: string,
      params: readonly unknown[] = [],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const r =
        // A transaction already ended is left to query(), which refuses it ("Transaction is closed").
        params.length > 0 && !options?.planEachRun && statements.accepts(sql) && !q.closed
          ? await statements.run<T>(sql, params, inTransaction)
          : await q.query<T>(sql, params as unknown[]);
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
  const statements = pgliteStatements(pglite);
  const base = wrap(pglite, statements, false);
  return {
    kind: 'pglite',
    pglite,
    query: base.query,
    transaction: (fn) =>
      pglite.transaction((tx) => {
        const t: Tx = {
          ...wrap(tx, statements, true),
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
