// The outbox delivers the due mails started in due order, up to its concurrency at once (as a mail server
// over several connections), strictly one after the other with a concurrency of 1; a failed mail is tried
// again later without holding up the others.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultClassification } from '../classification/default-classification.ts';
import { FaultInjector } from '../faults/fault-injector.ts';
import type { JournalEvent, OutgoingMail } from '../journal/journal-entry.ts';
import { applyEntry, emptyState } from '../journal/simulator-state.ts';
import type { MailToSend } from './mailer.ts';
import { Outbox } from './outbox.ts';
import { OutboxFiles } from './outbox-files.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 10 });
});

const NOW = new Date('2026-11-27T10:00:00Z');

function mail(n: number): OutgoingMail {
  return {
    id: `m${String(n).padStart(3, '0')}`,
    dueAt: new Date(NOW.getTime() - 1000 + n).toISOString(),
    to: ['retours@relais.test'],
    subject: `Réponse ${n}`,
    text: 'Bonjour',
    attachments: [],
    siren: '214800344',
    codes: ['1-2'],
    numbersUsed: 1,
  };
}

/** An outbox whose transport holds each mail until released, recording what is in flight. */
function setUp(concurrency: number, failFirstOf?: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-outbox-'));
  dirs.push(dir);
  const state = emptyState(defaultClassification(), ['214800344']);
  const events: JournalEvent[] = [];
  let seq = 0;
  const record = (event: JournalEvent) => {
    events.push(event);
    applyEntry(state, { ...event, seq: ++seq, at: NOW.toISOString() });
  };
  const started: string[] = [];
  let inFlight = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  let failed = false;
  const outbox = new Outbox({
    state,
    record,
    clock: { now: () => NOW },
    faults: new FaultInjector(),
    files: new OutboxFiles(dir),
    mailFrom: 'pref@simulateur.test',
    concurrency,
    transport: {
      async send(m: MailToSend) {
        started.push(m.subject);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => waiting.push(resolve));
        inFlight--;
        if (failFirstOf === m.subject && !failed) {
          failed = true;
          throw new Error('451 plus tard');
        }
      },
    },
  });
  /** Lets every mail in flight finish, as long as some are, then waits for the outbox to be done. */
  const drain = async (done: Promise<void>) => {
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      await new Promise((r) => setTimeout(r, 1));
      for (const go of waiting.splice(0)) go();
    }
  };
  return { outbox, record, started, events, most: () => most, drain, state };
}

describe('Outbox', () => {
  it('delivers up to its concurrency at once, started in due order', async () => {
    const t = setUp(3);
    for (let n = 1; n <= 7; n++) t.record({ type: 'mail-scheduled', siren: '214800344', mail: mail(n) });
    await t.drain(t.outbox.flush());
    expect(t.most()).toBe(3);
    expect(t.started).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Réponse ${n}`));
    expect(t.events.filter((e) => e.type === 'mail-sent')).toHaveLength(7);
    expect(t.state.outbox.size).toBe(0);
  });

  it('sends one mail at a time with a concurrency of 1', async () => {
    const t = setUp(1);
    for (let n = 1; n <= 4; n++) t.record({ type: 'mail-scheduled', siren: '214800344', mail: mail(n) });
    await t.drain(t.outbox.flush());
    expect(t.most()).toBe(1);
    expect(t.started).toEqual([1, 2, 3, 4].map((n) => `Réponse ${n}`));
  });

  it('keeps a mail that failed for later without holding up the others', async () => {
    const t = setUp(2, 'Réponse 2');
    for (let n = 1; n <= 4; n++) t.record({ type: 'mail-scheduled', siren: '214800344', mail: mail(n) });
    await t.drain(t.outbox.flush());
    expect(t.events.filter((e) => e.type === 'mail-sent').map((e) => 'mailId' in e && e.mailId)).toEqual(
      expect.arrayContaining(['m001', 'm003', 'm004']),
    );
    expect(t.events.some((e) => e.type === 'mail-failed' && e.mailId === 'm002')).toBe(true);
    // Still in the outbox, due again after its back-off.
    expect([...t.state.outbox.keys()]).toEqual(['m002']);
    expect(Date.parse(t.state.outbox.get('m002')!.dueAt)).toBeGreaterThan(NOW.getTime());
    await t.outbox.stop();
  });
});
