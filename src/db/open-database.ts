// Opens the database the configuration names: a PostgreSQL server (DATABASE_URL) or the embedded
// PGlite under the data directory, locked against a second process.
import path from 'node:path';
import { AppError } from '../kernel/errors.ts';
import { maskUrl } from '../kernel/logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export interface DatabaseSettings {
  databaseUrl: string;
  dataDirAbs: string;
  databasePoolSize: number;
}

export async function openDatabase(settings: DatabaseSettings): Promise<Db> {
  if (settings.databaseUrl) {
    const db = await openPostgres(settings.databaseUrl, settings.databasePoolSize);
    try {
      await db.query('select 1');
    } catch (e) {
      await db.close().catch(() => {});
      throw new AppError(
        'DATABASE_UNAVAILABLE',
        `Impossible de joindre le serveur PostgreSQL ${maskUrl(settings.databaseUrl)} : ${(e as Error).message}. ` +
          'Vérifiez DATABASE_URL, que le serveur tourne et qu’il accepte les connexions.',
      );
    }
    return db;
  }
  const lock = lockDataDir(settings.dataDirAbs);
  try {
    const db = await openPglite({ dataDir: path.join(settings.dataDirAbs, 'db') });
    return {
      ...db,
      close: async () => {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
