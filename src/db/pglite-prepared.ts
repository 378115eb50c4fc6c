// Named prepared statements on PGlite, through its wire protocol. PGlite's own query() parses, describes
// and plans every statement again, in five calls into the WASM database: ~350 µs of CPU for an act's
// read with its documents, against ~70 µs to bind and execute the same statement prepared once
// (this file). PGlite is one session for the whole process, so a statement is prepared once for good.
// What query() does around that is kept: the same locks (a statement outside a transaction waits for
// any transaction to end), parameters serialised by the types the server describes, rows parsed by the
// instance's parsers, the data directory synced after a statement outside a transaction.
import { type PGlite, parse, protocol } from '@electric-sql/pglite';
import { isStalePrepared, MAX_NAMED, statementNames } from './statement-names.ts';

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

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Several sets of statements may share one session (tests): each names its own. */
let sets = 0;

export function pgliteStatements(pglite: PGlite, max = MAX_NAMED): PgliteStatements {
  const names = statementNames(max, `p${sets++}_`);
  /** Parameter types of each statement prepared in the session, by name. */
  const prepared = new Map<string, number[]>();

  async function prepare(name: string, sql: string): Promise<number[]> {
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const paramTypes = parse.parseDescribeStatementResults(messages);
    prepared.set(name, paramTypes);
    return paramTypes;
  }

  async function runPrepared<T>(
    sql: string,
    params: readonly unknown[],
    inTransaction: boolean,
  ): Promise<PreparedResult<T>> {
    // Accepted texts have a name: a renewal empties the names, so one is given again.
    const name = names.nameOf(sql)!;
    const paramTypes = prepared.get(name) ?? (await prepare(name, sql));
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = pglite.serializers[paramTypes[i]!];
      return serializer ? serializer(v) : String(v);
    });
    // The portal is described at each run (no planning): a column renamed since the statement was
    // prepared keeps the same row type, so the plan stays, but its new name must show.
    const messages = await pglite.execProtocolStream(
      concat([
        serialize.bind({ statement: name, values }),
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
    const name = names.nameOf(sql)!;
    try {
      return await runPrepared<T>(sql, params, inTransaction);
    } catch (e) {
      if (!isStalePrepared(e)) throw e;
      // Prepared again under new names; inside a transaction, that transaction is already aborted. The
      // old statements stay in the session (a schema change under a running instance: migrations, tests).
      if (names.renew(name)) prepared.clear();
      if (inTransaction) throw e;
      return runPrepared<T>(sql, params, inTransaction);
    }
  }

  return {
    // Read outside the locks: statements prepared at the same moment may pass `max` by a few.
    accepts: (sql) => names.nameOf(sql) !== undefined,
    run<T>(sql: string, params: readonly unknown[], inTransaction: boolean) {
      const locked = () => pglite.runExclusive(() => runLocked<T>(sql, params, inTransaction));
      return inTransaction ? locked() : pglite._runExclusiveTransaction(locked);
    },
  };
}
