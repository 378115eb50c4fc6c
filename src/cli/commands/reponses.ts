// `relais reponses list|retraiter`: the inbox of préfecture replies that matched no act, and their
// re-processing once the cause is fixed (a missing collectivité, an act created afterwards…).
import { reprocessInboundMail, unsafeListUnmatchedMails } from '../../actes/transmission/index.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

export async function reponsesList(io: CliIo): Promise<number> {
  const mails = await withDatabase(readConfig(io), (db) => unsafeListUnmatchedMails(db));
  if (mails.length === 0) {
    io.out('Aucune réponse de la préfecture en attente : toutes ont trouvé leur acte.');
    return 0;
  }
  for (const l of table(
    ['Identifiant', 'Reçu le', 'Messages', 'Raison'],
    mails.map((m) => [
      m.id,
      m.receivedAt.toISOString().slice(0, 16).replace('T', ' '),
      m.messages.map((x) => x.code).join(', '),
      (m.error ?? '').slice(0, 100),
    ]),
  ))
    io.out(l);
  io.out(
    `${mails.length} réponse(s) sans acte. Corrigez la cause puis : relais reponses retraiter IDENTIFIANT`,
  );
  return 0;
}

export async function reponsesReprocess(io: CliIo, id: string): Promise<number> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) {
    io.err('Indiquez l’identifiant d’une réponse (voir « relais reponses list »).');
    return 1;
  }
  const ok = await withDatabase(readConfig(io), (db) => reprocessInboundMail(db, id));
  if (!ok) {
    io.err(`La réponse ${id} n’existe pas ou a déjà été traitée.`);
    return 1;
  }
  io.out(`La réponse ${id} sera traitée de nouveau dès qu’un processus « worker » sera disponible.`);
  return 0;
}
