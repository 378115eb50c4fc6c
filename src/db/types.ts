// The database port: one small interface that both drivers (embedded PGlite, PostgreSQL server) fill.
// SQL is written as SQL, parameters are always bound ($1, $2…), never interpolated.

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Plan the statement for the values of each run. On a PostgreSQL server, statements are otherwise
   * prepared once per connection and may then run with a generic plan: right for the platform's
   * statements by key, wrong where the best plan depends on the values (which collectivités, which
   * words), as in the lists of acts.
   */
  planEachRun?: boolean;
}

export interface Queryable {
  /** One statement with bound parameters. */
  query<T = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
}

/** An open transaction: queries, plus several statements at once (migrations). */
export interface Tx extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Calls `onNotify` with the payload of each NOTIFY on `channel`, once its transaction has committed,
   * until the returned function is called. Best effort: while a server connection is lost, notifications
   * are lost too, and `onNotify('')` is called once it is back. Callers still poll.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Either the database or an open transaction: what repositories take. */
export type Sql = Queryable;

/** True when a statement failed on a unique constraint (same SQLSTATE on both drivers). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}
