// The journal is kept on disk and read back at start: a restarted simulator still knows the acts it
// received (duplicates are still detected), the classification it published and the mails it still
// owes; the journal is queryable from the control API. A line torn by a crash is ignored.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  SIREN_B,
  sirenOf,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive } from '../test-support/test-archives.ts';
import { openJournal } from './journal.ts';

const NEW_SIREN = sirenOf('21480012');

describe('journal file', () => {
  it('appends JSON lines, reads them back, and ignores a torn last line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-journal-'));
    try {
      const j = openJournal(dir);
      j.append({ type: 'siren-registered', siren: SIREN_A }, new Date('2025-03-12T09:00:00Z'));
      j.append({ type: 'siren-registered', siren: SIREN_B }, new Date('2025-03-12T09:00:01Z'));
      j.close();
      appendFileSync(path.join(dir, 'journal.jsonl'), '{"seq":3,"at":"2025-');
      const again = openJournal(dir);
      expect(again.entries().map((e) => e.seq)).toEqual([1, 2]);
      expect(again.query({ siren: SIREN_B })).toEqual([
        { seq: 2, at: '2025-03-12T09:00:01.000Z', type: 'siren-registered', siren: SIREN_B },
      ]);
      again.close();
      expect(readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').split('\n')[0]).toBe(
        `{"seq":1,"at":"2025-03-12T09:00:00.000Z","type":"siren-registered","siren":"${SIREN_A}"}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    }
  });
});

describe('restart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ durable: true });
  });
  afterAll(() => h.stop());

  it('keeps the registry of acts, the classification and the journal across a restart', async () => {
    const act = await h.receiveAct(SIREN_A, 'AVANT_01');
    await h.sim.publishClassification({ date: '2025-03-12' });
    await h.sim.registerSiren(NEW_SIREN);
    const before = h.sim.journal.entries().length;

    await h.restart();
    expect(h.sim.journal.entries().length).toBeGreaterThanOrEqual(before);
    expect(h.sim.act(act.idActe)?.dateReception).toBe('2025-03-12');
    expect(h.sim.classification().dateClassification).toBe('2025-03-12');
    expect(h.sim.sirens()).toContain(NEW_SIREN);

    const again = buildTestAct({
      siren: SIREN_A,
      numeroInterne: 'AVANT_01',
      date: '2025-03-12',
      classificationDate: '2025-03-12',
    });
    await h.send(SIREN_A, [again.message], again.documents);
    const mail = await h.smtp.waitFor((m) => m.subject.includes('n° AVANT_01'));
    expect(messageOf(await openReply(mail), 'AnomalieActe').detail).toContain('ODT-VERIF-02');

    const res = await fetch(`${h.sim.controlUrl}/journal?type=act-received&siren=${SIREN_A}`);
    const entries = (await res.json()) as { idActe: string }[];
    expect(entries.map((e) => e.idActe)).toEqual([act.idActe]);
  });

  it('detects the same archive after a restart, and sends the mails it still owed', async () => {
    await h.restart({ replyDelayMs: 3_600_000 });
    const act = buildTestAct({
      siren: SIREN_B,
      numeroInterne: 'DIFFERE_01',
      date: '2025-03-12',
      classificationDate: '2025-03-12',
    });
    const archive = await buildTestArchive(
      { siren: SIREN_B, date: '2025-03-12', counter: 50 },
      [act.message],
      act.documents,
    );
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    expect(h.sim.journal.query({ type: 'mail-sent', idActe: act.idActe })).toEqual([]);

    await h.restart({ replyDelayMs: 3_600_000 });
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    expect(h.sim.journal.query({ type: 'archive-received' }).at(-1)).toMatchObject({
      archive: archive.name,
      outcome: 'doublon',
    });
    h.clock.advance(3_600_000);
    await h.sim.flush();
    const mail = await h.smtp.waitFor((m) => m.subject.includes(act.idActe));
    expect(messageOf(await openReply(mail), 'ARActe').idActe).toBe(act.idActe);
    expect(h.sim.journal.query({ type: 'mail-sent', idActe: act.idActe })).toHaveLength(1);
  });
});
