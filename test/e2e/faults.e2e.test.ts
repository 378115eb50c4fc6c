// Under injected faults — HTTP 5xx, connection resets, timeouts after the body was received, latency,
// duplicated and out-of-order reply mails — every act still ends acknowledged, none is received twice
// by the préfecture, none is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClassificationVersion } from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { backend, createTestDb } from '../support/db.ts';
import { refreshClassifications, type Stack, sendAct, startStack, waitFor } from './stack.ts';

describe(`transmission under injected faults (${backend})`, () => {
  let db: Db;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDb();
    stack = await startStack(db, { collectivites: 3, timeoutMs: 1500 });
    await refreshClassifications(stack);
    for (const c of stack.collectivites)
      await waitFor('classification', async () => (await getClassificationVersion(db, c.id)) !== null);
    stack.simulator.faults.update({
      seed: 42,
      httpError: { rate: 0.25, max: 5 },
      connectionReset: { rate: 0.2, max: 4 },
      timeoutAfterBody: { rate: 0.2, max: 4 },
      latency: { rate: 0.3, minMs: 20, maxMs: 200 },
      duplicateMail: { rate: 0.3, max: 10 },
      reorderMail: { rate: 0.2, max: 5, holdMs: 300 },
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('brings every act to its AR, each received once, through every kind of fault', async () => {
    const acts: { cid: string; id: string }[] = [];
    for (let i = 0; i < 36; i++) {
      const c = stack.collectivites[i % 3]!;
      const a = await sendAct(stack, c.id, `FAULT_${String(i).padStart(2, '0')}`);
      acts.push({ cid: c.id, id: a.id });
    }
    await waitFor(
      'all acknowledged',
      async () => {
        const r = await db.query<{ n: number }>(
          `select count(*)::int as n from acts where state = 'acknowledged' and numero_interne like 'FAULT_%'`,
        );
        return r.rows[0]!.n === 36;
      },
      180_000,
    );
    // An act can be acknowledged before the repeated deposit of its interrupted post (the AR of the first
    // one comes in while the job waits for its retry): let the sending jobs finish before counting.
    await waitFor(
      'no sending left',
      async () => {
        const r = await db.query<{ n: number }>(
          `select count(*)::int as n from jobs where kind in ('actes.build', 'actes.send')
             and state in ('pending', 'running')`,
        );
        return r.rows[0]!.n === 0;
      },
      120_000,
    );
    const counts = stack.simulator.faults.status().counts;
    for (const kind of [
      'httpError',
      'connectionReset',
      'timeoutAfterBody',
      'duplicateMail',
      'reorderMail',
    ] as const)
      expect(counts[kind], kind).toBeGreaterThan(0);

    // The préfecture holds each act once, and never saw a second envelope for the same act.
    const received = stack.simulator.acts().filter((a) => a.idActe.includes('-FAULT_'));
    expect(received).toHaveLength(36);
    const envelopes = await db.query<{ act_id: string; n: number }>(
      `select act_id, count(*)::int as n from transmissions where message_code = '1-1' group by act_id having count(*) > 1`,
    );
    expect(envelopes.rows).toEqual([]);
    // Repeated deposits after a timeout were of the same archive ("doublon"), never a second envelope.
    const deposits = stack.simulator.journal.entries().filter((e) => e.type === 'archive-received');
    const repeated = deposits.filter((e) => 'outcome' in e && e.outcome === 'doublon');
    expect(repeated.length).toBeGreaterThan(0);
    expect(
      deposits.filter((e) => 'outcome' in e && e.outcome !== 'doublon' && e.outcome !== 'traite'),
    ).toEqual([]);
    // Every archive ends recorded as sent: none is left built, waiting for a send nothing would start.
    const unsent = await db.query(
      `select t.id from transmissions t join acts a on a.id = t.act_id
       where a.numero_interne like 'FAULT_%' and t.state <> 'sent'`,
    );
    expect(unsent.rows).toEqual([]);
    // Duplicated reply mails changed nothing the second time: one AR event per act.
    const events = await db.query<{ n: number }>(
      `select count(*)::int as n from act_events e join acts a on a.id = e.act_id where e.kind = 'acknowledged' and a.numero_interne like 'FAULT_%'`,
    );
    expect(events.rows[0]!.n).toBe(36);
  }, 240_000);
});
