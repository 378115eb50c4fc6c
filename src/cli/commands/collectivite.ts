// `relais collectivite add|list|import`: register and list the member collectivités.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  addCollectivite,
  COLLECTIVITE_TYPES,
  type CollectiviteInput,
  importCollectivites,
  unsafeListAllCollectivites,
} from '../../tenants/index.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

/** CLI option (French, like the CSV columns) → field. */
export const COLLECTIVITE_OPTIONS: [string, keyof CollectiviteInput, string][] = [
  ['nom', 'name', 'nom de la collectivité'],
  ['siren', 'siren', 'SIREN (9 chiffres)'],
  ['siret', 'siret', 'SIRET (14 chiffres)'],
  ['type', 'type', `type : ${Object.keys(COLLECTIVITE_TYPES).join(', ')}`],
  ['departement', 'departement', 'département (48, 2A, 974…)'],
  ['arrondissement', 'arrondissement', 'arrondissement (un chiffre)'],
  ['code-nature', 'natureCode', 'code nature @CTES à 2 chiffres (31 commune, 44 communauté de communes…)'],
  ['prefecture', 'prefectureRattachement', 'préfecture ou sous-préfecture de rattachement'],
  ['referent-nom', 'referentName', 'nom du référent'],
  ['referent-telephone', 'referentPhone', 'téléphone du référent'],
  ['referent-email', 'referentEmail', 'courriel du référent'],
  ['email-retour', 'returnEmail', 'courriel de retour des messages de la préfecture'],
  ['convention-date', 'conventionDate', 'date de la convention avec le préfet (JJ/MM/AAAA)'],
  ['convention-reference', 'conventionReference', 'référence de la convention'],
  ['modules', 'modules', 'modules activés : actes, helios'],
];

export async function collectiviteAdd(
  io: CliIo,
  options: Record<string, string | undefined>,
): Promise<number> {
  const input: CollectiviteInput = {};
  for (const [, field] of COLLECTIVITE_OPTIONS) input[field] = options[field];
  const config = readConfig(io);
  const c = await withDatabase(config, (db) => addCollectivite({ db }, input));
  io.out(`Collectivité enregistrée : ${c.name} (SIREN ${c.siren}, département ${c.departement}).`);
  return 0;
}

export async function collectiviteList(io: CliIo, options: { json?: boolean }): Promise<number> {
  const list = await withDatabase(readConfig(io), (db) => unsafeListAllCollectivites(db));
  if (options.json) {
    io.out(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) {
    io.out('Aucune collectivité enregistrée. Ajoutez-en avec « relais collectivite add » ou « import ».');
    return 0;
  }
  for (const l of table(
    ['SIREN', 'Dépt', 'Type', 'Nom'],
    list.map((c) => [c.siren, c.departement, COLLECTIVITE_TYPES[c.type], c.name]),
  ))
    io.out(l);
  io.out(`${list.length} collectivité(s).`);
  return 0;
}

export async function collectiviteImport(io: CliIo, file: string): Promise<number> {
  let csv: string;
  try {
    csv = readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch {
    io.err(`Le fichier « ${file} » est illisible : vérifiez son chemin.`);
    return 1;
  }
  const report = await withDatabase(readConfig(io), (db) => importCollectivites({ db }, csv));
  for (const a of report.accepted) io.out(`Ligne ${a.line} : acceptée — ${a.name} (${a.siren}).`);
  for (const r of report.refused) io.out(`Ligne ${r.line} : refusée — ${r.reasons.join(' ')}`);
  io.out(`${report.accepted.length} ligne(s) acceptée(s), ${report.refused.length} refusée(s).`);
  return report.refused.length ? 1 : 0;
}
