// moveAct: the guarded state change and its timeline event in one statement — the event is written
// only when the state did change, scoped by collectivité.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../../test/support/db.ts';
import type { Db } from '../../db/types.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import {
  findActBySirenAndNumero,
  getAct,
  getActWithCollectivite,
  listActEvents,
  moveAct,
} from './act-store.ts';

describe(`moveAct (${backend})`, () => {
  let db: Db;
  let cids: string[];
  let actId: string;

  beforeAll(async () => {
    db = await createTestDb();
    await db.exec(`
      insert into collectivites (name, siren, type, departement, arrondissement, nature_code, prefecture_rattachement)
      select 'Commune ' || g, lpad((320000000 + g)::text, 9, '0'), 'commune', '048', 1, '32', 'Préfecture'
      from generate_series(1, 2) g`);
    cids = (
      await db.query<{ id: string }>(`select id from collectivites where siren like '32%' order by siren`)
    ).rows.map((r) => r.id);
    const r = await db.query<{ id: string }>(
      `insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
         classification_date, state)
       values ($1, 'M1', 'DE', '2026-11-20', 'Tarifs', array[7, 1]::smallint[], '2026-01-15', 'built')
       returning id`,
      [cids[0]],
    );
    actId = r.rows[0]!.id;
  });
  afterAll(() => db.close());

  const state = async () =>
    (
      await db.query<{ state: string; last_error: string | null }>(
        'select state, last_error from acts where id = $1',
        [actId],
      )
    ).rows[0]!;

  it('changes the state with its fields and records the event, once', async () => {
    const event = { kind: 'sent', actorId: null, detail: { envelope: 'E-1', status: 201 } };
    expect(await moveAct(db, cids[0]!, actId, ['built', 'error'], 'sent', { last_error: null }, event)).toBe(
      true,
    );
    expect(await state()).toEqual({ state: 'sent', last_error: null });
    // Not from 'sent' any more: nothing changes, no second event.
    expect(await moveAct(db, cids[0]!, actId, ['built', 'error'], 'sent', { last_error: 'x' }, event)).toBe(
      false,
    );
    expect(await state()).toEqual({ state: 'sent', last_error: null });
    const events = await listActEvents(db, cids[0]!, actId);
    expect(events.map((e) => [e.kind, e.detail])).toEqual([['sent', { envelope: 'E-1', status: 201 }]]);
  });

  it('does nothing for another collectivité', async () => {
    const moved = await moveAct(
      db,
      cids[1]!,
      actId,
      ['sent'],
      'acknowledged',
      {},
      { kind: 'acknowledged', actorId: null },
    );
    expect(moved).toBe(false);
    expect((await state()).state).toBe('sent');
    expect((await listActEvents(db, cids[0]!, actId)).map((e) => e.kind)).toEqual(['sent']);
  });

  it('makes the write given along in the same statement, its placeholders renumbered, moved or not', async () => {
    const t = await db.query<{ id: string }>(
      `insert into transmissions (collectivite_id, act_id, message_code, envelope_name, archive_name)
       values ($1, $2, '1-1', 'E-2', 'A-2') returning id`,
      [cids[0], actId],
    );
    const along = (outcome: string) => ({
      sql: 'update transmissions set last_outcome = $2, attempts = attempts + $3 where id = $1',
      params: [t.rows[0]!.id, outcome, 1],
    });
    const read = async () =>
      (
        await db.query<{ last_outcome: string; attempts: number }>(
          'select last_outcome, attempts from transmissions where id = $1',
          [t.rows[0]!.id],
        )
      ).rows[0];
    const event = { kind: 'acknowledged', actorId: null, detail: { n: 1 } };
    expect(
      await moveAct(
        db,
        cids[0]!,
        actId,
        ['sent'],
        'acknowledged',
        { last_error: null },
        event,
        along('first'),
      ),
    ).toBe(true);
    expect(await read()).toEqual({ last_outcome: 'first', attempts: 1 });
    expect((await state()).state).toBe('acknowledged');
    // The act is no longer 'sent': it stays, the write along is made all the same.
    expect(await moveAct(db, cids[0]!, actId, ['sent'], 'acknowledged', {}, event, along('second'))).toBe(
      false,
    );
    expect(await read()).toEqual({ last_outcome: 'second', attempts: 2 });
    expect((await listActEvents(db, cids[0]!, actId)).map((e) => e.kind)).toEqual(['sent', 'acknowledged']);
  });

  it('reads an act with its collectivité in one statement, exactly as read apart', async () => {
    const both = await getActWithCollectivite(db, cids[0]!, actId);
    expect(both?.act).toEqual(await getAct(db, cids[0]!, actId));
    expect(both?.collectivite).toEqual(await getCollectivite(db, cids[0]!));
    expect(both?.collectivite.createdAt).toBeInstanceOf(Date);
    // Scoped by collectivité, as getAct is.
    expect(await getActWithCollectivite(db, cids[1]!, actId)).toBeNull();
    expect(await db.transaction((tx) => getActWithCollectivite(tx, cids[0]!, actId, true))).toEqual(both);
  });

  it('finds a SIREN’s collectivité and its act of a number in one statement', async () => {
    const siren = (await getCollectivite(db, cids[0]!))!.siren;
    const found = await findActBySirenAndNumero(db, siren, 'M1');
    expect(found?.collectivite).toEqual(await getCollectivite(db, cids[0]!));
    expect(found?.act).toEqual(await getAct(db, cids[0]!, actId));
    // The collectivité without such an act; another collectivité's act is not found by this SIREN.
    expect(await findActBySirenAndNumero(db, siren, 'M2')).toEqual({
      collectivite: found!.collectivite,
      act: null,
    });
    const other = (await getCollectivite(db, cids[1]!))!.siren;
    expect((await findActBySirenAndNumero(db, other, 'M1'))?.act).toBeNull();
    expect(await findActBySirenAndNumero(db, '999999999', 'M1')).toBeNull();
  });
});
