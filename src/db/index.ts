// Database: one schema and one migration history for embedded PGlite and a PostgreSQL server.
export { lockDataDir } from './data-dir-lock.ts';
export { listMigrations, migrate, pendingMigrations } from './migrate.ts';
export { type DatabaseSettings, openDatabase } from './open-database.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
export {
  type Db,
  isUniqueViolation,
  type Queryable,
  type QueryResult,
  type Row,
  type Sql,
  type Tx,
} from './types.ts';
