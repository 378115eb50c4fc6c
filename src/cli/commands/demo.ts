// `relais demo seed`: creates the demo syndicat (85 communes, 4 communautés de communes, people).
import { seedDemo } from '../../tenants/index.ts';
import { type CliIo, readConfig, withDatabase } from '../context.ts';

export async function demoSeed(io: CliIo): Promise<number> {
  const config = readConfig(io);
  if (config.mode === 'production') {
    io.err('Les données de démonstration sont refusées en mode production (RELAIS_MODE=production).');
    return 1;
  }
  const r = await withDatabase(config, (db) => seedDemo({ db }));
  io.out(
    r.created
      ? `Syndicat de démonstration créé : ${r.collectivites} collectivités, ${r.users} personnes.`
      : 'La base contient déjà un syndicat : rien n’a été ajouté.',
  );
  return 0;
}
