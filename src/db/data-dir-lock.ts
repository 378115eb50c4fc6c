// Exclusive lock on the embedded data directory. PGlite has no lock between processes: two processes
// on one directory silently lose rows. The lock file holds the owner's pid; a lock whose process is
// gone (crash, kill -9) is taken over, so a restart after a crash needs no manual step.

import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AppError } from '../kernel/errors.ts';

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): Owner | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Owner;
  } catch {
    return null;
  }
}

export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'relais.lock');
  const me: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        file,
        release: () => {
          const owner = readOwner(file);
          if (owner?.pid === me.pid && owner.since === me.since) rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readOwner(file);
    // Our own pid in a lock written before this process started: a previous life (containers reuse pids).
    const previousLife =
      owner?.pid === process.pid && Date.parse(owner.since) < Date.now() - process.uptime() * 1000;
    const stale = owner !== null && owner.host === me.host && (previousLife || !isAlive(owner.pid));
    if (owner && !stale) {
      throw new AppError(
        'DATA_DIR_LOCKED',
        `Le répertoire de données « ${dir} » est déjà utilisé par un autre processus Relais (pid ${owner.pid}, démarré le ${owner.since}). ` +
          'Arrêtez-le avant d’en lancer un second, ou utilisez un serveur PostgreSQL (DATABASE_URL) pour faire tourner plusieurs processus.',
      );
    }
    if (owner === null) {
      // Being written by another process right now, or unreadable: wait a moment and look again.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      if (attempt < 4) continue;
      throw new AppError(
        'DATA_DIR_LOCKED',
        `Le verrou « ${file} » est illisible. Si aucun processus Relais ne tourne, supprimez ce fichier puis relancez.`,
      );
    }
    // Stale lock: move it aside atomically, then try again to create ours.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      rmSync(`${file}.stale-${process.pid}`, { force: true });
    } catch {
      // another process took it over first; loop and look again
    }
  }
  throw new AppError('DATA_DIR_LOCKED', `Impossible de prendre le verrou « ${file} ». Réessayez.`);
}
