// `relais migrate`: brings the database schema up to date (also done at every start).
import { migrate, openDatabase } from '../../db/index.ts';
import { type CliIo, readConfig } from '../context.ts';

export async function migrateCommand(io: CliIo): Promise<number> {
  const config = readConfig(io);
  const db = await openDatabase(config);
  try {
    const report = await migrate(db);
    if (report.applied.length === 0)
      io.out(`La base est déjà à jour (${report.alreadyApplied} migration(s) appliquée(s)).`);
    else io.out(`Migrations appliquées : ${report.applied.join(', ')}.`);
    return 0;
  } finally {
    await db.close();
  }
}
