// Use case: import the members of a syndicat from a CSV file (columns documented in the README).
// Every row is validated; each accepted row is written on its own, so a refused row never leaves
// half-written data and never blocks the others.
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/types.ts';
import { isAppError } from '../kernel/errors.ts';
import { addCollectivite } from './add-collectivite.ts';
import type { CollectiviteInput } from './collectivite.ts';

/** CSV header (accents and case ignored) → field. The first column names are the documented ones. */
export const CSV_COLUMNS: Record<string, keyof CollectiviteInput> = {
  nom: 'name',
  siren: 'siren',
  siret: 'siret',
  type: 'type',
  departement: 'departement',
  arrondissement: 'arrondissement',
  code_nature: 'natureCode',
  prefecture: 'prefectureRattachement',
  referent_nom: 'referentName',
  referent_telephone: 'referentPhone',
  referent_email: 'referentEmail',
  email_retour: 'returnEmail',
  convention_date: 'conventionDate',
  convention_reference: 'conventionReference',
  modules: 'modules',
};

export interface ImportReport {
  accepted: { line: number; name: string; siren: string }[];
  refused: { line: number; reasons: string[] }[];
}

const normaliseHeader = (h: string) =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export async function importCollectivites(deps: { db: Db }, csv: string): Promise<ImportReport> {
  const report: ImportReport = { accepted: [], refused: [] };
  let records: string[][];
  try {
    records = parse(csv, {
      bom: true,
      delimiter: [';', ',', '\t'],
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (e) {
    report.refused.push({
      line: 0,
      reasons: [
        `Le fichier n’est pas un CSV lisible (${(e as Error).message}). Enregistrez-le au format CSV UTF-8.`,
      ],
    });
    return report;
  }
  const [header, ...rows] = records;
  if (!header) return report;
  const fields = header.map((h) => CSV_COLUMNS[normaliseHeader(h)]);
  const unknown = header.filter((_, i) => !fields[i]);
  if (unknown.length || !fields.includes('siren') || !fields.includes('name')) {
    report.refused.push({
      line: 1,
      reasons: [
        ...(unknown.length ? [`Colonnes inconnues : ${unknown.join(', ')}.`] : []),
        `Colonnes attendues : ${Object.keys(CSV_COLUMNS).join(';')} (au moins nom et siren).`,
      ],
    });
    return report;
  }

  for (const [i, cells] of rows.entries()) {
    const line = i + 2;
    const input: CollectiviteInput = {};
    fields.forEach((f, j) => {
      if (f) input[f] = cells[j];
    });
    try {
      const c = await deps.db.transaction((tx) => addCollectivite({ db: tx }, input));
      report.accepted.push({ line, name: c.name, siren: c.siren });
    } catch (e) {
      if (!isAppError(e)) throw e;
      report.refused.push({
        line,
        reasons: e.problems.length ? e.problems.map((p) => p.message) : [e.message],
      });
    }
  }
  return report;
}
