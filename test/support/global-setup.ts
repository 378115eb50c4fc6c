// Runs once before the test files: prepares a migrated template database so that each test file gets
// a fresh database in well under a second — a PGlite dump (embedded, the default), or a PostgreSQL
// template database when RELAIS_TEST_DATABASE_URL names a server (CI runs both).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrate, openPglite, openPostgres } from '../../src/db/index.ts';
import { serverUrl, TEMPLATE_DB, TEMPLATE_DUMP } from './paths.ts';

export default async function setup(): Promise<void> {
  const url = process.env.RELAIS_TEST_DATABASE_URL;
  if (url) {
    const admin = await openPostgres(serverUrl(url, 'postgres'), 2);
    await admin.exec(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.exec(`create database ${TEMPLATE_DB}`);
    const tpl = await openPostgres(serverUrl(url, TEMPLATE_DB), 2);
    await migrate(tpl);
    await tpl.close();
    await admin.close();
    return;
  }
  const db = await openPglite({});
  await migrate(db);
  const blob = await db.pglite.dumpDataDir('none');
  await db.close();
  mkdirSync(path.dirname(TEMPLATE_DUMP), { recursive: true });
  writeFileSync(TEMPLATE_DUMP, Buffer.from(await blob.arrayBuffer()));
}
