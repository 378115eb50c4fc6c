// End to end against the préfecture simulator over real HTTPS (mutual TLS) and SMTP: a classification
// refresh, 200 acts from several collectivités all acknowledged with the right IDActe and date, every
// refusal path in the préfecture's words, letters answered, a cancellation.

import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerPrefectureMessage,
  cancelAct,
  getAct,
  getClassificationVersion,
  listPrefectureMessagesOfAct,
  reopenRefusedAct,
  submitAct,
} from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { parisDate } from '../../src/kernel/clock.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { refreshClassifications, type Stack, sendAct, startStack, TRANSMITTER, waitFor } from './stack.ts';

describe(`end to end with the préfecture simulator (${backend})`, () => {
  let db: Db;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDb();
    stack = await startStack(db, { collectivites: 5, unregistered: 1 });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('receives every collectivité’s classification (7-1 → 7-2)', async () => {
    await refreshClassifications(stack);
    const date = stack.simulator.classification().dateClassification;
    for (const c of stack.collectivites.slice(0, 5))
      await waitFor(
        `classification of ${c.siren}`,
        async () => (await getClassificationVersion(db, c.id)) === date,
      );
    // The unregistered collectivité's envelope is refused: it has none.
    expect(await getClassificationVersion(db, stack.collectivites[5]!.id)).toBeNull();
  }, 60_000);

  it('transmits 200 acts from five collectivités, each acknowledged once with its IDActe and date', async () => {
    const registered = stack.collectivites.slice(0, 5);
    // The préfecture dates each AR with its own day (Paris): the run may cross midnight.
    const firstDay = parisDate(new Date());
    const acts: { cid: string; id: string; numero: string; siren: string }[] = [];
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const c = registered[i % 5]!;
      const numero = `E2E_${String(i).padStart(3, '0')}`;
      jobs.push(
        sendAct(stack, c.id, numero).then(
          (a) => void acts.push({ cid: c.id, id: a.id, numero, siren: c.siren }),
        ),
      );
      if (jobs.length >= 8) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
    await waitFor(
      '200 ARs',
      async () => {
        const r = await db.query<{ n: number }>(
          `select count(*)::int as n from acts where numero_interne like 'E2E_%' and state = 'acknowledged'`,
        );
        return r.rows[0]!.n === 200;
      },
      240_000,
    );
    const days = [firstDay, parisDate(new Date())];
    for (const a of acts) {
      const act = (await getAct(db, a.cid, a.id))!;
      expect(act.idActe).toBe(`048-${a.siren}-20261120-${a.numero}-DE`);
      expect(days).toContain(act.receivedDate);
      expect(act.deferralDeadline).not.toBeNull();
    }
    const received = stack.simulator.acts().filter((x) => x.idActe.includes('-E2E_'));
    expect(received).toHaveLength(200);
  }, 300_000);

  it('shows the préfecture’s words when it refuses an envelope (unregistered SIREN)', async () => {
    const c = stack.collectivites[5]!;
    // Give it a classification by hand so that the platform lets the act leave.
    await db.query(
      `insert into classifications (collectivite_id, date_version, raw_sha256, model)
      select $1, date_version, raw_sha256, model from classifications where collectivite_id = $2`,
      [c.id, stack.collectivites[0]!.id],
    );
    const act = await sendAct(stack, c.id, 'INCONNU_1');
    const refused = await waitFor('refusal', async () => {
      const a = await getAct(db, c.id, act.id);
      return a?.state === 'refused' ? a : null;
    });
    expect(refused.refusalDetail).toMatch(/PREF-VERIF-02/);
  }, 60_000);

  it('is refused for an out-of-date classification (1-3 ODT-VERIF-01), refreshes it, and passes once resent', async () => {
    const c = stack.collectivites[0]!;
    const published = await stack.simulator.publishClassification({ date: '2026-11-25' });
    expect(published.dateClassification).toBe('2026-11-25');
    const act = await sendAct(stack, c.id, 'ODT_1');
    const refused = await waitFor('ODT refusal', async () => {
      const a = await getAct(db, c.id, act.id);
      return a?.state === 'refused' ? a : null;
    });
    expect(refused.refusalDetail).toMatch(/ODT-VERIF-01/);
    await waitFor(
      'refreshed classification',
      async () => (await getClassificationVersion(db, c.id)) === '2026-11-25',
    );
    await reopenRefusedAct(stack.deps, c.id, TRANSMITTER, act.id);
    await submitAct(stack.deps, c.id, TRANSMITTER, act.id);
    const ok = await waitFor('AR after resend', async () => {
      const a = await getAct(db, c.id, act.id);
      return a?.state === 'acknowledged' ? a : null;
    });
    expect(ok.idActe).toBe(`048-${c.siren}-20261120-ODT_1-DE`);
    await refreshClassifications(stack);
    for (const x of stack.collectivites.slice(1, 5))
      await waitFor(
        'others refreshed',
        async () => (await getClassificationVersion(db, x.id)) === '2026-11-25',
      );
  }, 90_000);

  it('answers letters: 3-1 acknowledged (3-2), documents sent (3-4) and acknowledged (3-5); 4-1 → 4-2 → 4-4 → 4-5; 2-1; 5-1', async () => {
    const c = stack.collectivites[1]!;
    const act = await sendAct(stack, c.id, 'COURRIERS_1');
    const acked = await waitFor('AR', async () => {
      const a = await getAct(db, c.id, act.id);
      return a?.state === 'acknowledged' ? a : null;
    });
    const idActe = acked.idActe!;
    const pdf = await makePdf('Réponse');
    for (const [code, request, answer] of [
      ['3-1', { code: '3-1', descriptionPieces: 'Le plan de situation.' }, '3-4'],
      ['4-1', { code: '4-1', motif: 'Incompétence de l’auteur de l’acte.' }, '4-4'],
    ] as const) {
      await stack.simulator.sendLetter(idActe, request);
      const letter = await waitFor(`${code} acknowledged`, async () => {
        const m = (await listPrefectureMessagesOfAct(db, c.id, act.id)).find((x) => x.code === code);
        return m?.state === 'acknowledged' ? m : null;
      });
      expect(letter.documents.length).toBeGreaterThan(0);
      await answerPrefectureMessage(stack.deps, c.id, TRANSMITTER, letter.id, answer, [
        { typology: '99_AU', originalName: 'reponse.pdf', content: Readable.from([pdf]) },
      ]);
      await waitFor(`${code} answer acknowledged`, async () => {
        const m = (await listPrefectureMessagesOfAct(db, c.id, act.id)).find((x) => x.code === code);
        return m?.state === 'answer_acknowledged';
      });
    }
    await stack.simulator.sendLetter(idActe, { code: '2-1', texte: 'Pour information.' });
    await stack.simulator.sendLetter(idActe, { code: '5-1', natureIllegalite: 'Vice de procédure.' });
    const all = await waitFor('2-1 and 5-1', async () => {
      const ms = await listPrefectureMessagesOfAct(db, c.id, act.id);
      return ms.length === 4 ? ms : null;
    });
    expect(all.map((m) => m.code).sort()).toEqual(['2-1', '3-1', '4-1', '5-1']);
    const journal = stack.simulator.journal.entries().map((e) => JSON.stringify(e));
    expect(journal.some((e) => e.includes('3-2'))).toBe(true);
    expect(journal.some((e) => e.includes('4-2'))).toBe(true);
  }, 90_000);

  it('cancels an acknowledged act (6-1 → 6-2)', async () => {
    const c = stack.collectivites[2]!;
    const act = await sendAct(stack, c.id, 'ANNUL_1');
    await waitFor('AR', async () => (await getAct(db, c.id, act.id))?.state === 'acknowledged');
    await cancelAct(stack.deps, c.id, TRANSMITTER, act.id);
    await waitFor('cancelled', async () => (await getAct(db, c.id, act.id))?.state === 'cancelled');
    expect(stack.simulator.act(`048-${c.siren}-20261120-ANNUL_1-DE`)).toMatchObject({
      cancelled: expect.anything(),
    });
  }, 60_000);
});
