// Reads: listing and searching acts (listActs, as the API and the pages call it) on a large table —
// 1,000,000 acts over 90 collectivités, made with `insert … select … from generate_series` — p50/p95/p99
// per query shape, and the plan of the slowest shape (EXPLAIN ANALYZE) for the report.

import { listActs } from '../../src/actes/transmission/list-acts.ts';
import type { Db } from '../../src/db/types.ts';
import { round, summary } from '../lib/stats.ts';

const WORDS = [
  'tarifs',
  'municipaux',
  'budget',
  'primitif',
  'subvention',
  'association',
  'voirie',
  'travaux',
  'personnel',
  'recrutement',
  'urbanisme',
  'cantine',
  'école',
  'assainissement',
  'eau',
  'forêt',
  'cimetière',
  'convention',
  'marché',
  'éclairage',
];
const STATES = [
  'acknowledged',
  'acknowledged',
  'acknowledged',
  'acknowledged',
  'sent',
  'draft',
  'refused',
  'cancelled',
];

/** Inserts `total` acts spread over `collectivites` new collectivités; returns their ids. */
export async function generateActs(db: Db, total: number, collectivites: number): Promise<string[]> {
  await db.exec(`
    insert into collectivites (name, siren, type, departement, arrondissement, nature_code, prefecture_rattachement)
    select 'Commune ' || g, lpad((300000000 + g)::text, 9, '0'), 'commune', '048', 1, '32', 'Préfecture de la Lozère'
    from generate_series(1, ${collectivites}) g`);
  const ids = (
    await db.query<{ id: string }>(`select id from collectivites where siren like '3000%' order by siren`)
  ).rows.map((r) => r.id);
  const words = `array['${WORDS.join("','")}']`;
  const states = `array['${STATES.join("','")}']`;
  // One statement per slice: PGlite runs one statement per call, and slices show progress.
  const slice = 200_000;
  for (let from = 0; from < total; from += slice) {
    const to = Math.min(total, from + slice) - 1;
    await db.exec(`
      insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
        classification_date, state, created_at, updated_at)
      select c.ids[1 + (g % ${collectivites})], 'N' || g,
        (array['DE','DE','DE','AR','AI','CC','BF','AU'])[1 + floor(random() * 8)::int],
        date '2020-01-01' + (g % 2190),
        'Délibération ' || (${words})[1 + floor(random() * 20)::int] || ' ' ||
          (${words})[1 + floor(random() * 20)::int] || ' ' || (${words})[1 + floor(random() * 20)::int] || ' n° ' || g,
        array[1 + floor(random() * 9)::int, 1 + floor(random() * 5)::int]::smallint[],
        date '2025-01-06',
        (${states})[1 + floor(random() * 8)::int],
        timestamptz '2020-01-01' + (g * interval '2 minutes'),
        timestamptz '2020-01-01' + (g * interval '2 minutes')
      from generate_series(${from}, ${to}) g,
        (select array_agg(id order by siren) as ids from collectivites where siren like '3000%') c`);
  }
  await db.exec('analyze acts');
  return ids;
}

export interface ReadShape {
  name: string;
  filters: Parameters<typeof listActs>[2];
  /** All collectivités at once (the syndicat's view), else one. */
  all?: boolean;
  /** Follow the cursor to the second page. */
  secondPage?: boolean;
}

export const SHAPES: ReadShape[] = [
  { name: 'liste, 1re page', filters: {} },
  { name: 'liste, 2e page (curseur)', filters: {}, secondPage: true },
  { name: 'état = transmis', filters: { state: 'sent' } },
  { name: 'nature + matière 7', filters: { nature: 'BF', matiere: '7' } },
  { name: 'dates de décision (un mois)', filters: { decidedFrom: '2023-03-01', decidedTo: '2023-03-31' } },
  { name: 'recherche « subvention association »', filters: { q: 'subvention association' } },
  { name: 'recherche rare « cimetière forêt école »', filters: { q: 'cimetière forêt école' } },
  { name: 'syndicat : 90 collectivités, 1re page', filters: {}, all: true },
  { name: 'syndicat : état = refusé', filters: { state: 'refused' }, all: true },
  { name: 'syndicat : recherche « voirie travaux »', filters: { q: 'voirie travaux' }, all: true },
];

export interface ReadsResult {
  acts: number;
  collectivites: number;
  queriesPerShape: number;
  shapes: { name: string; p50: number; p95: number; p99: number; rows: number }[];
  worstP99Ms: number;
  worstShape: string;
  worstPlan: string;
}

export async function measureReads(
  db: Db,
  ids: string[],
  o: { acts: number; queries: number },
): Promise<ReadsResult> {
  const shapes: ReadsResult['shapes'] = [];
  for (const shape of SHAPES) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < o.queries; i++) {
      const scope = shape.all ? ids : [ids[i % ids.length]!];
      const t = performance.now();
      let page = await listActs(db, scope, shape.filters);
      if (shape.secondPage && page.nextCursor)
        page = await listActs(db, scope, { ...shape.filters, cursor: page.nextCursor });
      times.push(performance.now() - t);
      rows = page.items.length;
    }
    const s = summary(times);
    shapes.push({ name: shape.name, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), rows });
  }
  const worst = shapes.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  const shape = SHAPES.find((s) => s.name === worst.name)!;
  return {
    acts: o.acts,
    collectivites: ids.length,
    queriesPerShape: o.queries,
    shapes,
    worstP99Ms: worst.p99,
    worstShape: worst.name,
    worstPlan: await explain(db, shape.all ? ids : [ids[0]!], shape.filters),
  };
}

/** EXPLAIN ANALYZE of the query listActs runs, captured through a wrapping Sql. */
export async function explain(
  db: Db,
  ids: string[],
  filters: Parameters<typeof listActs>[2],
): Promise<string> {
  let plan = '';
  await listActs(
    {
      query: async <T>(sql: string, params?: readonly unknown[]) => {
        const r = await db.query<Record<string, string>>(`explain (analyze, buffers) ${sql}`, params);
        plan = r.rows.map((x) => Object.values(x)[0]).join('\n');
        return { rows: [] as T[], rowCount: 0 };
      },
    },
    ids,
    filters,
  );
  return plan;
}
