// What every CLI command needs: the configuration, a quiet logger, the database opened and closed,
// and French output on the terminal.
import { type Config, loadConfig } from '../config/index.ts';
import { migrate, openDatabase } from '../db/index.ts';
import type { Db } from '../db/types.ts';
import { createLogger, type Logger } from '../kernel/logger.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  env: process.env,
  cwd: process.cwd(),
};

export function readConfig(io: CliIo): Readonly<Config> {
  return loadConfig({ env: io.env, cwd: io.cwd });
}

export function cliLogger(config: Config): Logger {
  // Commands talk to people; technical logs go to stderr and only when asked for.
  return createLogger(config.sources.logLevel === 'défaut' ? 'warn' : config.logLevel, process.stderr);
}

/** Opens the database, brings its schema up to date, runs `fn`, and always closes it. */
export async function withDatabase<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Fixed-width text table for terminal listings. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
