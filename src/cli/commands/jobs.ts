// `relais jobs list|retry`: the operator's view of the job queue and replay of dead letters.
import { listJobs, retryAllDead, retryJob } from '../../jobs/index.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

const STATES: Record<string, string> = {
  pending: 'en attente',
  running: 'en cours',
  done: 'terminée',
  dead: 'en échec définitif',
};

export async function jobsList(
  io: CliIo,
  o: { etat?: string; type?: string; limite?: string },
): Promise<number> {
  if (o.etat && !(o.etat in STATES)) {
    io.err(`État inconnu « ${o.etat} ». États possibles : ${Object.keys(STATES).join(', ')}.`);
    return 1;
  }
  const limit = o.limite ? Number(o.limite) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    io.err('--limite doit être un nombre entier entre 1 et 10000.');
    return 1;
  }
  const jobs = await withDatabase(readConfig(io), (db) =>
    listJobs(db, { state: o.etat as 'pending' | undefined, kind: o.type, limit }),
  );
  if (jobs.length === 0) {
    io.out('Aucune tâche ne correspond.');
    return 0;
  }
  for (const l of table(
    ['N°', 'Type', 'État', 'Essais', 'Prochaine exécution', 'Dernière erreur'],
    jobs.map((j) => [
      String(j.id),
      j.kind,
      STATES[j.state] ?? j.state,
      `${j.attempts}/${j.maxAttempts}`,
      j.state === 'pending' ? j.runAt.toISOString() : '',
      (j.lastError ?? '').slice(0, 80),
    ]),
  ))
    io.out(l);
  return 0;
}

export async function jobsRetry(
  io: CliIo,
  id: string | undefined,
  o: { toutes?: boolean; type?: string },
): Promise<number> {
  const config = readConfig(io);
  if (o.toutes) {
    const n = await withDatabase(config, (db) => retryAllDead(db, { kind: o.type }));
    io.out(`${n} tâche(s) en échec définitif relancée(s).`);
    return 0;
  }
  if (!id || !/^\d+$/.test(id)) {
    io.err('Indiquez le numéro de la tâche à relancer (voir « relais jobs list --etat dead »), ou --toutes.');
    return 1;
  }
  await withDatabase(config, (db) => retryJob(db, Number(id)));
  io.out(`Tâche ${id} relancée : elle sera exécutée dès qu’un processus « worker » sera disponible.`);
  return 0;
}
