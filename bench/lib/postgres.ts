// The PostgreSQL server for the benchmarks: RELAIS_BENCH_DATABASE_URL when given, else a throw-away
// server started with .ci/start-postgres.sh (and stopped at the end); null when the binaries are missing.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openPostgres } from '../../src/db/index.ts';
import type { Db } from '../../src/db/types.ts';
import { freePort } from './ports.ts';

export interface BenchPostgres {
  url: string;
  /** A new, migrated database on the server; dropped by its close(). */
  freshDb(poolSize?: number): Promise<Db & { url: string }>;
  /** The server's main process when the bench started it (to count its CPU time), else null. */
  serverPid(): number | null;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function hasBinaries(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v initdb && command -v pg_ctl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startBenchPostgres(): Promise<BenchPostgres | { skipped: string }> {
  let url = process.env.RELAIS_BENCH_DATABASE_URL ?? '';
  let dir: string | null = null;
  if (!url) {
    if (!hasBinaries()) return { skipped: 'initdb/pg_ctl introuvables : mesures PostgreSQL sautées' };
    dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-pg-'));
    const script = path.resolve(import.meta.dirname, '../../.ci/start-postgres.sh');
    try {
      url = execFileSync(script, [dir, String(await freePort())], { encoding: 'utf8' }).trim();
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      return { skipped: `le serveur PostgreSQL n’a pas démarré : ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const serverDir = dir;
  return {
    url,
    async freshDb(poolSize = 20) {
      const name = `relais_bench_${randomBytes(5).toString('hex')}`;
      const admin = await openPostgres(withDatabase(url, 'postgres'), 1);
      await admin.exec(`create database ${name}`);
      await admin.close();
      const dbUrl = withDatabase(url, name);
      const db = await openPostgres(dbUrl, poolSize);
      await migrate(db);
      return {
        ...db,
        url: dbUrl,
        close: async () => {
          await db.close();
          const a = await openPostgres(withDatabase(url, 'postgres'), 1);
          await a.exec(`drop database if exists ${name} with (force)`);
          await a.close();
        },
      };
    },
    serverPid() {
      if (!serverDir) return null;
      try {
        return (
          Number(readFileSync(path.join(serverDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || null
        );
      } catch {
        return null;
      }
    },
    async stop() {
      if (!serverDir) return;
      const stop = `pg_ctl -D '${serverDir}/data' stop -m fast`;
      try {
        if (process.getuid?.() === 0)
          execFileSync('su', ['nobody', '-s', '/bin/sh', '-c', stop], { stdio: 'ignore' });
        else execFileSync('sh', ['-c', stop], { stdio: 'ignore' });
      } catch {}
      rmSync(serverDir, { recursive: true, force: true });
    },
  };
}
