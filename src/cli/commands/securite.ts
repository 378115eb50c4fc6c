// `relais securite journal`: the security journal (sign-ins, refusals, denied accesses, tokens,
// administrative changes) for the operator.
import { SECURITY_EVENTS, unsafeListSecurityEvents } from '../../auth/journal/security-journal.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

export async function securiteJournal(
  io: CliIo,
  o: { limite?: string; type?: string; json?: boolean },
): Promise<number> {
  const limit = o.limite ? Number(o.limite) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    io.err('--limite doit être un nombre entier entre 1 et 1000.');
    return 1;
  }
  if (o.type && !/^[a-z.-]{1,40}$/.test(o.type)) {
    io.err(`Type inconnu. Types possibles : ${Object.keys(SECURITY_EVENTS).join(', ')}.`);
    return 1;
  }
  const events = await withDatabase(readConfig(io), (db) =>
    unsafeListSecurityEvents(db, { kind: o.type, limit }),
  );
  if (o.json) {
    io.out(JSON.stringify(events, null, 2));
    return 0;
  }
  if (events.length === 0) {
    io.out('Aucun évènement.');
    return 0;
  }
  for (const l of table(
    ['Date', 'Évènement', 'Personne', 'Collectivité', 'Détail', 'IP'],
    events.map((e) => [
      e.at.toISOString(),
      e.kind,
      e.userName ?? '',
      e.collectiviteName ?? '',
      (e.reason ?? '').slice(0, 90),
      e.ip ?? '',
    ]),
  ))
    io.out(l);
  return 0;
}
