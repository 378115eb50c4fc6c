// Database: one schema and one migration history for embedded PGlite and a PostgreSQL server.
export { lockDataDir } from './data-dir-lock.ts';
export { listMigrations, migrate, pendingMigrations } from './migrate.ts';
export { type DatabaseSettings, openDatabase } from './open-database.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
export type { Db, Queryable, QueryResult, Row, Sql, Tx } from './types.ts';
