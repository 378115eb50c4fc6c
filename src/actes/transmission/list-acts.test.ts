// listActs gives the same pages whichever query shape it picks (one collectivité, several merged per
// collectivité, several through the word index): newest first, ties broken by id, each act once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../../test/support/db.ts';
import type { Db } from '../../db/types.ts';
import { type ActFilters, listActs } from './list-acts.ts';

describe(`listActs (${backend})`, () => {
  let db: Db;
  let ids: string[];
  // Every act as [collectivité, created_at, id, state, nature, matière, objet], for the expected answers.
  let all: {
    cid: string;
    at: number;
    id: string;
    state: string;
    nature: string;
    m1: number;
    objet: string;
    decided: string;
  }[];

  beforeAll(async () => {
    db = await createTestDb();
    await db.exec(`
      insert into collectivites (name, siren, type, departement, arrondissement, nature_code, prefecture_rattachement)
      select 'Commune ' || g, lpad((310000000 + g)::text, 9, '0'), 'commune', '048', 1, '32', 'Préfecture'
      from generate_series(1, 3) g`);
    ids = (
      await db.query<{ id: string }>(`select id from collectivites where siren like '31%' order by siren`)
    ).rows.map((r) => r.id);
    // 60 acts; created_at repeats (g / 2) so that ties between collectivités and within one are exercised.
    await db.query(
      `insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
         classification_date, state, created_at)
       select ($1::uuid[])[1 + g % 3], 'L' || g, (array['DE','BF'])[1 + g % 2], date '2026-01-01' + g,
         case when g % 4 = 0 then 'Subvention à une association' else 'Tarifs municipaux' end,
         array[1 + g % 7, 1]::smallint[], date '2025-01-06', (array['sent','draft','acknowledged'])[1 + g % 5 % 3],
         timestamptz '2026-01-01' + (g / 2) * interval '1 hour'
       from generate_series(1, 60) g`,
      [ids],
    );
    const r = await db.query<{
      collectivite_id: string;
      created_at: Date;
      id: string;
      state: string;
      nature: string;
      matiere_codes: number[];
      objet: string;
      decision_date: string;
    }>(
      `select collectivite_id, created_at, id, state, nature, matiere_codes, objet, decision_date from acts`,
    );
    all = r.rows.map((x) => ({
      cid: x.collectivite_id,
      at: x.created_at.getTime(),
      id: x.id,
      state: x.state,
      nature: x.nature.trim(),
      m1: x.matiere_codes[0]!,
      objet: x.objet,
      decided: x.decision_date,
    }));
  });
  afterAll(() => db?.close());

  /** Every page, following the cursor: the ids in order. */
  async function walk(scope: string[], f: ActFilters): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await listActs(db, scope, { ...f, limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.id));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('pagination does not end');
  }

  function expected(scope: string[], keep: (a: (typeof all)[number]) => boolean): string[] {
    return all
      .filter((a) => scope.includes(a.cid) && keep(a))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((a) => a.id);
  }

  it('pages through one collectivité newest first, each act once', async () => {
    expect(await walk([ids[0]!], {})).toEqual(expected([ids[0]!], () => true));
  });

  it('merges several collectivités into one order, with and without filters', async () => {
    expect(await walk(ids, {})).toEqual(expected(ids, () => true));
    expect(await walk(ids.slice(1), { state: 'sent' })).toEqual(
      expected(ids.slice(1), (a) => a.state === 'sent'),
    );
    expect(await walk(ids, { nature: 'BF', matiere: '3' })).toEqual(
      expected(ids, (a) => a.nature === 'BF' && a.m1 === 3),
    );
  });

  it('searches words across several collectivités', async () => {
    expect(await walk(ids, { q: 'associations' })).toEqual(
      expected(ids, (a) => a.objet.includes('association')),
    );
  });

  it('sorts by decision date, latest first, page after page, in one or several collectivités', async () => {
    const byDecision = (scope: string[]) =>
      all
        .filter((a) => scope.includes(a.cid))
        .sort((a, b) => b.decided.localeCompare(a.decided) || b.at - a.at || (a.id < b.id ? 1 : -1))
        .map((a) => a.id);
    expect(await walk([ids[1]!], { sort: 'decision' })).toEqual(byDecision([ids[1]!]));
    expect(await walk(ids, { sort: 'decision' })).toEqual(byDecision(ids));
    await expect(listActs(db, ids, { sort: 'titre' as 'decision' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('finds nothing for no collectivité', async () => {
    expect((await listActs(db, [], {})).items).toEqual([]);
  });
});
