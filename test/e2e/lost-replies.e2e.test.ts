// Reply mails lost for good (and others duplicated): the AR watchdog posts the same archive again, the
// préfecture answers that repeated deposit with the replies it already gave, and every act still ends
// acknowledged — received once, never sent in a second envelope, none lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClassificationVersion, resendOverdueArchives } from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { backend, createTestDb } from '../support/db.ts';
import { refreshClassifications, type Stack, sendAct, startStack, waitFor } from './stack.ts';

const ACTS = 20;
/** The watchdog as configured in production, but in milliseconds instead of minutes. */
const WATCHDOG = { afterMs: 300, maxResends: 5 };

describe(`lost reply mails (${backend})`, () => {
  let db: Db;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDb();
    stack = await startStack(db, { collectivites: 2 });
    await refreshClassifications(stack);
    for (const c of stack.collectivites)
      await waitFor('classification', async () => (await getClassificationVersion(db, c.id)) !== null);
    stack.simulator.faults.update({
      seed: 7,
      dropMail: { rate: 0.5, max: 6 },
      duplicateMail: { rate: 0.3, max: 6 },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('brings every act to its AR through lost mails, each received once, in one envelope', async () => {
    for (let i = 0; i < ACTS; i++) {
      const c = stack.collectivites[i % 2]!;
      await sendAct(stack, c.id, `LOST_${String(i).padStart(2, '0')}`);
    }
    let lastRound = 0;
    await waitFor(
      'all acknowledged',
      async () => {
        // The platform's watchdog, run often with a tiny delay instead of every few minutes.
        if (Date.now() - lastRound > 200) {
          await resendOverdueArchives(stack.deps, WATCHDOG);
          lastRound = Date.now();
        }
        const r = await db.query<{ n: number }>(
          `select count(*)::int as n from acts
           where state = 'acknowledged' and id_acte is not null and numero_interne like 'LOST_%'`,
        );
        return r.rows[0]!.n === ACTS;
      },
      120_000,
    );

    const sim = stack.simulator;
    expect(sim.faults.status().counts.dropMail).toBeGreaterThan(0);
    // The lost replies came back through repeated deposits of the same archive.
    const deposits = sim.journal.entries().filter((e) => e.type === 'archive-received');
    expect(deposits.filter((e) => e.outcome === 'doublon').length).toBeGreaterThan(0);
    expect(deposits.filter((e) => e.outcome !== 'doublon' && e.outcome !== 'traite')).toEqual([]);
    const copies = sim.journal
      .query({ type: 'mail-scheduled' })
      .filter((e) => e.type === 'mail-scheduled' && e.mail.copyOf !== undefined);
    expect(copies.length).toBeGreaterThan(0);

    // The préfecture holds each act once and never refused one as already received (1-3).
    const received = sim.acts().filter((a) => a.numeroInterne.startsWith('LOST_'));
    expect(received).toHaveLength(ACTS);
    const anomalies = sim.journal
      .query({ type: 'mail-scheduled' })
      .filter((e) => e.type === 'mail-scheduled' && e.mail.codes.includes('1-3'));
    expect(anomalies).toEqual([]);
    const acts = await db.query<{ id_acte: string }>(
      `select id_acte from acts where numero_interne like 'LOST_%' order by id_acte`,
    );
    expect(acts.rows.map((r) => r.id_acte)).toEqual(received.map((a) => a.idActe).sort());

    // One envelope per act, whatever the number of deposits; one AR applied per act.
    const envelopes = await db.query<{ act_id: string; n: number }>(
      `select act_id, count(*)::int as n from transmissions
       where message_code = '1-1' group by act_id having count(*) > 1`,
    );
    expect(envelopes.rows).toEqual([]);
    const events = await db.query<{ n: number }>(
      `select count(*)::int as n from act_events e join acts a on a.id = e.act_id
       where e.kind = 'acknowledged' and a.numero_interne like 'LOST_%'`,
    );
    expect(events.rows[0]!.n).toBe(ACTS);
  }, 180_000);
});
