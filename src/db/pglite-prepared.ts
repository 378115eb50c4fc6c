// Named prepared statements on PGlite, through its wire protocol. PGlite's own query() parses, describes
// and plans every statement again, in five calls into the WASM database: ~350 µs of CPU for an act's
// read with its documents, against ~70 µs to bind and execute the same statement prepared once
// (this file). PGlite is one session for the whole process, so a statement is prepared once for good.
// What query() does around that is kept: the same locks (a statement outside a transaction waits for
// any transaction to end), parameters serialised by the types the server describes, rows parsed by the
// instance's parsers, the data directory synced after a statement outside a transaction.
import { type PGlite, parse, protocol } from '@electric-sql/pglite';

interface Prepared {
  name: string;
  paramTypes: number[];
}

export interface PreparedResult<T> {
  rows: T[];
  affectedRows?: number;
}

export interface PgliteStatements {
  /** False once `max` texts are prepared and this one is not: run it with PGlite's query() instead. */
  accepts(sql: string): boolean;
  /** Runs a statement with parameters, prepared at its first run; `inTransaction`: inside `transaction`. */
  run<T>(sql: string, params: readonly unknown[], inTransaction: boolean): Promise<PreparedResult<T>>;
}

/** Texts prepared at most (a text built with a varying number of placeholders would grow for ever). */
const MAX_NAMED = 1000;

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Same test as the server driver: a statement made stale by a schema change, or forgotten. */
function isStale(e: unknown): boolean {
  const { code, routine } = (e ?? {}) as { code?: string; routine?: string };
  return code === '26000' || (code === '0A000' && routine === 'RevalidateCachedQuery');
}

/** Several sets of statements may share one session (tests): each names its own. */
let sets = 0;

export function pgliteStatements(pglite: PGlite, max = MAX_NAMED): PgliteStatements {
  const statements = new Map<string, Prepared>();
  const set = sets++;
  let generation = 0;
  const prefix = () => `p${set}_${generation}_`;

  async function prepare(sql: string): Promise<Prepared> {
    const name = `${prefix()}${statements.size}`;
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    statements.set(sql, prepared);
    return prepared;
  }

  async function runPrepared<T>(
    p: Prepared,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<PreparedResult<T>> {
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = pglite.serializers[p.paramTypes[i]!];
      return serializer ? serializer(v) : String(v);
    });
    // The portal is described at each run (no planning): a column renamed since the statement was
    // prepared keeps the same row type, so the plan stays, but its new name must show.
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.bind({ statement: p.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: !inTransaction },
    );
    const [r] = parse.parseResults(messages, pglite.parsers);
    return {
      rows: (r?.rows ?? []) as T[],
      ...(r?.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}),
    };
  }

  async function runLocked<T>(
    sql: string,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<PreparedResult<T>> {
    // As query(): a statement that comes while the instance closes is refused, not sent to the WASM.
    await pglite._checkReady();
    const p = statements.get(sql) ?? (await prepare(sql));
    try {
      return await runPrepared<T>(p, params, inTransaction);
    } catch (e) {
      if (!isStale(e)) throw e;
      // Prepared again under new names; inside a transaction, that transaction is already aborted. The
      // old ones stay in the session (a schema change under a running instance: migrations, tests).
      if (p.name.startsWith(prefix())) {
        statements.clear();
        generation++;
      }
      if (inTransaction) throw e;
      return runPrepared<T>(await prepare(sql), params, inTransaction);
    }
  }

  return {
    // Read outside the locks: statements prepared at the same moment may pass `max` by a few.
    accepts: (sql) => statements.has(sql) || statements.size < max,
    run<T>(sql: string, params: readonly unknown[], inTransaction: boolean) {
      const locked = () => pglite.runExclusive(() => runLocked<T>(sql, params, inTransaction));
      return inTransaction ? locked() : pglite._runExclusiveTransaction(locked);
    },
  };
}
