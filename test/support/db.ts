// A fresh, migrated database for one test file, on the backend the run selected:
// PGlite by default, the PostgreSQL server named by RELAIS_TEST_DATABASE_URL otherwise.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Db, openPglite, openPostgres } from '../../src/db/index.ts';
import { serverUrl, TEMPLATE_DB, TEMPLATE_DUMP } from './paths.ts';

export const backend: 'pglite' | 'postgres' = process.env.RELAIS_TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function createTestDb(): Promise<Db> {
  const url = process.env.RELAIS_TEST_DATABASE_URL;
  if (!url) {
    const dump = readFileSync(TEMPLATE_DUMP);
    return openPglite({ loadDataDir: new Blob([dump]) });
  }
  const name = `relais_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(serverUrl(url, 'postgres'), 1);
  await admin.exec(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.close();
  const db = await openPostgres(serverUrl(url, name), 10);
  return {
    ...db,
    close: async () => {
      await db.close();
      const a = await openPostgres(serverUrl(url, 'postgres'), 1);
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}

/**
 * Environment variables giving a program a fresh database of its own on the selected backend:
 * an empty embedded data directory (PGlite), or a new database on the PostgreSQL server.
 */
export async function createTestDatabaseEnv(): Promise<{
  env: Record<string, string>;
  cleanup(): Promise<void>;
}> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-test-'));
  const url = process.env.RELAIS_TEST_DATABASE_URL;
  if (!url)
    return {
      env: { RELAIS_DATA_DIR: dataDir },
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 }),
    };
  const name = `relais_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(serverUrl(url, 'postgres'), 1);
  await admin.exec(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.close();
  return {
    env: { RELAIS_DATA_DIR: dataDir, DATABASE_URL: serverUrl(url, name) },
    cleanup: async () => {
      const a = await openPostgres(serverUrl(url, 'postgres'), 1);
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}
