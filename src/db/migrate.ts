// Numbered SQL migrations (migrations/NNNN_name.sql), one history for both backends. All pending
// migrations run in one transaction under an advisory lock, so several processes starting together
// against one PostgreSQL server apply each migration exactly once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_310_421; // arbitrary, constant: "relais migrations"

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(path.join(dir, f), 'utf8');
      return {
        version: Number(f.slice(0, 4)),
        name: f.slice(5, -4),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(db: Db, migrations = listMigrations()): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = await tx.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from schema_migrations order by version',
    );
    const known = new Map(done.rows.map((r) => [r.version, r]));
    for (const [version, row] of known) {
      const m = migrations.find((x) => x.version === version);
      if (!m)
        throw new Error(
          `La base contient la migration ${version} (${row.name}) que cette version de Relais ne connaît pas : installez une version de Relais au moins aussi récente que celle qui a migré la base.`,
        );
      if (m.checksum !== row.checksum)
        throw new Error(
          `La migration ${version} (${row.name}) a été modifiée après avoir été appliquée : restaurez son fichier d’origine.`,
        );
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (known.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (version, name, checksum) values ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    return { applied, alreadyApplied: known.size };
  });
}

export async function pendingMigrations(db: Db): Promise<Migration[]> {
  const exists = await db.query<{ t: string | null }>("select to_regclass('schema_migrations')::text as t");
  if (!exists.rows[0]?.t) return listMigrations();
  const done = await db.query<{ version: number }>('select version from schema_migrations');
  const versions = new Set(done.rows.map((r) => r.version));
  return listMigrations().filter((m) => !versions.has(m.version));
}
