// The process's cache of classification models on a real database (both backends): a check uses the
// model of its own collectivité, in the version the database holds now — after a 7-2, a re-save under
// the same date and hash, a rolled-back save — and the model crosses the wire only when it changed.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Classification,
  classificationFromMessage,
  createClassificationCache,
} from '../../src/actes/classification/index.ts';
import {
  buildMessage,
  type RetourClassificationData,
  unattachedMessageFileName,
} from '../../src/actes/protocol/index.ts';
import { saveClassification } from '../../src/actes/transmission/classification-store.ts';
import {
  type Act,
  checkActForSending,
  createAct,
  getClassificationVersion,
  processInboundMail,
  storeInboundMail,
  type TransmissionDeps,
} from '../../src/actes/transmission/index.ts';
import type { Db, Queryable, Tx } from '../../src/db/types.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { replyArchive, replyMail } from '../support/reply-mail.ts';
import {
  addTestCommunes,
  setUpTransmission,
  TEST_CLASSIFICATION,
  TEST_SIREN,
} from '../support/transmission.ts';

const transmitter = { userId: null, canTransmit: true };

/** TEST_CLASSIFICATION without matière 7 (the acts here are classed 7.1), under another date. */
function without7(date: string): RetourClassificationData {
  return {
    ...TEST_CLASSIFICATION,
    dateClassification: date,
    matieres: TEST_CLASSIFICATION.matieres.filter((m) => m.codeMatiere !== 7),
  };
}

const model = (data: RetourClassificationData): Classification => classificationFromMessage(data);

/** `db` handing every row read from classifications to `seen`. */
function watching(db: Db, seen: Record<string, unknown>[]): Db {
  const wrap = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, key) {
        if (key === 'query')
          return async (sql: string, params?: readonly unknown[]) => {
            const r = await target.query(sql, params);
            if (/from classifications/.test(sql)) seen.push(...(r.rows as Record<string, unknown>[]));
            return r;
          };
        if (key === 'transaction')
          return <T>(fn: (tx: Tx) => Promise<T>) => db.transaction((tx) => fn(wrap(tx)));
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  return wrap(db);
}

describe(`classification cache (${backend})`, () => {
  let db: Db;
  let deps: TransmissionDeps;
  let a: string;
  let b: { id: string; siren: string };
  let actA: Act;
  let actB: Act;

  async function draft(collectiviteId: string, numero: string): Promise<Act> {
    return createAct(
      deps,
      collectiviteId,
      transmitter,
      {
        numeroInterne: numero,
        nature: 'DE',
        decisionDate: '2026-11-20',
        objet: 'Tarifs',
        classification: '7.1',
      },
      [{ typology: '99_DE', originalName: 'deliberation.pdf', content: Readable.from([await makePdf()]) }],
    );
  }

  /** The problems a check finds with the act, as field: message (empty when it may leave). */
  async function problems(act: Act, d: Pick<TransmissionDeps, 'clock' | 'classifications'> = deps) {
    const check = await checkActForSending(db, d, act);
    return check.ok ? [] : check.problems.map((p) => `${p.field}: ${p.message}`);
  }

  beforeAll(async () => {
    db = await createTestDb();
    ({ deps, collectiviteId: a } = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    }));
    [b] = (await addTestCommunes(db, 1, 600)) as [{ id: string; siren: string }];
    await saveClassification(db, b.id, model(without7('2026-01-15')), '1'.repeat(64));
    actA = await draft(a, 'CACHE_A');
    actB = await draft(b.id, 'CACHE_B');
  });
  afterAll(async () => {
    await db.close();
  });

  it('never serves a collectivité the model held for another, even with room for one model only', async () => {
    const one = { ...deps, classifications: createClassificationCache(1) };
    for (const d of [deps, one])
      for (let i = 0; i < 3; i++) {
        expect(await problems(actA, d)).toEqual([]);
        expect(await problems(actB, d)).toEqual([
          expect.stringMatching(/^classification: Le classement 7\.1 n'existe pas/),
        ]);
      }
    expect(one.classifications.size).toBe(1);
    expect(deps.classifications?.size).toBe(2);
  });

  it('reads the model only when the cache does not hold the stored version', async () => {
    const rows: Record<string, unknown>[] = [];
    const d = { ...deps, db: watching(db, rows), classifications: createClassificationCache() };
    for (let i = 0; i < 3; i++) expect(await checkActForSending(d.db, d, actA)).toMatchObject({ ok: true });
    expect(rows).toHaveLength(3);
    expect(rows[0]!.model).toMatchObject({ date: '2026-01-15' });
    expect(rows.slice(1).map((r) => r.model)).toEqual([null, null]);
  });

  it('uses the new classification for the next check once a 7-2 has replaced it', async () => {
    expect(await problems(actA)).toEqual([]);
    const bytes = buildMessage({ kind: 'RetourClassification', ...without7('2026-11-01') });
    const name = unattachedMessageFileName('048', TEST_SIREN, '7-2', 1);
    const mail = await replyMail(await replyArchive(TEST_SIREN, [{ name, bytes }], 7));
    const mailId = await storeInboundMail(deps, mail, { source: 'smtp' });
    await processInboundMail(deps, { mailId });
    expect(await getClassificationVersion(db, a)).toBe('2026-11-01');

    expect(await problems(actA)).toEqual([
      expect.stringMatching(
        /^classification: Le classement 7\.1 n'existe pas dans la classification de la préfecture du 01\/11\/2026/,
      ),
    ]);
    // The other collectivité's model is still its own.
    expect(await problems(actB)).toEqual([expect.stringMatching(/du 15\/01\/2026/)]);
  });

  it('uses a model saved again under the same date and hash', async () => {
    const date = (await getClassificationVersion(db, a))!;
    await saveClassification(
      db,
      a,
      model({ ...TEST_CLASSIFICATION, dateClassification: date }),
      '0'.repeat(64),
    );
    expect(await problems(actA)).toEqual([]);
    await saveClassification(db, a, model(without7(date)), '0'.repeat(64));
    expect(await problems(actA)).toEqual([expect.stringMatching(/^classification: Le classement 7\.1/)]);
  });

  it('forgets a model seen inside a transaction that was rolled back', async () => {
    const date = (await getClassificationVersion(db, a))!;
    await saveClassification(db, a, model(without7(date)), '0'.repeat(64));
    expect(await problems(actA)).not.toEqual([]);
    await expect(
      db.transaction(async (tx) => {
        await saveClassification(
          tx,
          a,
          model({ ...TEST_CLASSIFICATION, dateClassification: date }),
          '2'.repeat(64),
        );
        expect((await checkActForSending(tx, deps, actA)).ok).toBe(true);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await problems(actA)).toEqual([expect.stringMatching(/^classification: Le classement 7\.1/)]);
  });
});
