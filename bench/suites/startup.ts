// Start-up: from `node bin/relais.mjs start` (what `npm start` runs) to /readyz answering 200, on an
// existing data directory (the first start, which creates and seeds it, is reported apart).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeLater } from '../lib/cleanup.ts';
import { freePort } from '../lib/ports.ts';
import { round, summary } from '../lib/stats.ts';

export interface StartupResult {
  database: string;
  firstStartS: number;
  /** Median, best and worst of the restarts on the existing data directory. */
  startS: { p50: number; min: number; max: number };
  runs: number;
}

async function startOnce(env: Record<string, string>, port: number): Promise<number> {
  const root = path.resolve(import.meta.dirname, '../..');
  const t = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['bin/relais.mjs', 'start'], {
    cwd: root,
    env: { ...process.env, ...env, RELAIS_HTTP_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`relais start s’est arrêté : ${stderr.slice(0, 1000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return (performance.now() - t) / 1000;
      if (performance.now() - t > 120_000) throw new Error('relais start : pas prêt en 120 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    if (!exited) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    }
  }
}

export async function measureStartup(o: { runs: number; databaseUrl?: string }): Promise<StartupResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-start-'));
  const env: Record<string, string> = {
    RELAIS_DATA_DIR: dataDir,
    RELAIS_HTTP_HOST: '127.0.0.1',
    RELAIS_TLS: 'off',
    RELAIS_LOG_LEVEL: 'warn',
    RELAIS_SMTP_RECEIVER_PORT: '0',
    RELAIS_SIMULATOR_CONSOLE_PORT: '0',
    DATABASE_URL: o.databaseUrl ?? '',
  };
  try {
    const port = await freePort();
    const first = await startOnce(env, port);
    const times: number[] = [];
    for (let i = 0; i < o.runs; i++) times.push(await startOnce(env, port));
    const s = summary(times);
    return {
      database: o.databaseUrl ? 'PostgreSQL' : 'PGlite',
      firstStartS: round(first),
      startS: { p50: round(s.p50), min: round(Math.min(...times)), max: round(s.max) },
      runs: o.runs,
    };
  } finally {
    removeLater(dataDir);
  }
}
