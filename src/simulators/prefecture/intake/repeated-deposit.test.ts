// A repeated deposit of an archive already received gets again the replies already given for it — the
// AR or 1-3 of each act, the AnomalieEnveloppe of a refused envelope — identical, without the act being
// received twice: the only way for a TdT to recover a reply mail lost on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import type { JournalEntry } from '../journal/journal-entry.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  SIREN_UNKNOWN,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive, type TestArchive } from '../test-support/test-archives.ts';

let h: Harness;
let counter = 0;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

async function faults(body: unknown) {
  const res = await fetch(`${h.sim.controlUrl}/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function archiveOf(siren: string, numeroInterne: string, date = '2025-03-12') {
  const act = buildTestAct({ siren, numeroInterne, date, classificationDate: DEFAULT_CLASSIFICATION_DATE });
  counter += 1;
  const archive = await buildTestArchive(
    { siren, date: '2025-03-12', counter },
    [act.message],
    act.documents,
  );
  return { act, archive };
}

async function deposit(archive: TestArchive) {
  expect(await h.post(archive)).toMatchObject({ status: 201 });
  await h.sim.flush();
}

const mailsAbout = (words: string, code: string) =>
  h.smtp.mails.filter((m) => m.subject.includes(words) && m.subject.includes(` ${code} `));
const anoMails = (archive: TestArchive) =>
  h.smtp.mails.filter((m) => m.attachments.some((a) => a.filename === `ANO_${archive.envelopeName}`));
const depositsOf = (archive: TestArchive) =>
  h.sim.journal
    .query({ type: 'archive-received' })
    .filter(
      (e): e is Extract<JournalEntry, { type: 'archive-received' }> =>
        e.type === 'archive-received' && e.archive === archive.name,
    );

describe('repeated deposit of an archive already received', () => {
  it('sends the lost AR again, with the same IDActe and DateReception, the act received once', async () => {
    h.clock.set('2025-03-12T10:00:00+01:00');
    await faults({ dropMail: { rate: 1, max: 1 } });
    const { act, archive } = await archiveOf(SIREN_A, 'PERDU_01');
    await deposit(archive);
    expect(h.sim.journal.query({ type: 'mail-dropped', idActe: act.idActe })).toHaveLength(1);
    expect(mailsAbout(act.idActe, '1-2')).toHaveLength(0);

    // The watchdog of the TdT posts the same archive again, the next day.
    h.clock.set('2025-03-13T10:00:00+01:00');
    await deposit(archive);
    const mail = await h.smtp.waitFor((m) => m.subject.includes(act.idActe) && m.subject.includes(' 1-2 '));
    const ar = messageOf(await openReply(mail), 'ARActe');
    expect(ar.idActe).toBe(act.idActe);
    expect(ar.dateReception).toBe('2025-03-12');
    expect(h.sim.act(act.idActe)?.dateReception).toBe('2025-03-12');
    expect(h.sim.acts().filter((a) => a.idActe === act.idActe)).toHaveLength(1);

    const [first, again] = depositsOf(archive);
    expect(first).toMatchObject({ outcome: 'traite' });
    expect(again).toMatchObject({ outcome: 'doublon', detail: expect.stringContaining('renvoyées') });
    const copies = h.sim.journal
      .query({ type: 'mail-scheduled', idActe: act.idActe })
      .filter((e) => e.type === 'mail-scheduled' && e.mail.copyOf !== undefined);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ mail: { copyOf: h.sim.act(act.idActe)!.arMailId, codes: ['1-2'] } });
  });

  it('sends the AR again each time, byte for byte, once it has left', async () => {
    h.clock.set('2025-03-12T10:00:00+01:00');
    const { act, archive } = await archiveOf(SIREN_A, 'ENCORE_01');
    await deposit(archive);
    await deposit(archive);
    await deposit(archive);
    await h.smtp.waitFor(() => mailsAbout(act.idActe, '1-2').length === 3);
    const [a, b, c] = mailsAbout(act.idActe, '1-2').map((m) => m.attachments[0]!);
    expect(b!.content.equals(a!.content)).toBe(true);
    expect(c!.content.equals(a!.content)).toBe(true);
    expect(b!.filename).toBe(a!.filename);
    expect(depositsOf(archive).map((e) => e.outcome)).toEqual(['traite', 'doublon', 'doublon']);
    expect(h.sim.acts().filter((x) => x.idActe === act.idActe)).toHaveLength(1);
  });

  it('sends the 1-3 of a refused act again, and the act is still not received', async () => {
    h.clock.set('2025-03-12T10:00:00+01:00');
    const { act, archive } = await archiveOf(SIREN_A, 'FUTUR_09', '2025-03-13');
    await deposit(archive);
    await deposit(archive);
    await h.smtp.waitFor(() => mailsAbout('n° FUTUR_09', '1-3').length === 2);
    const [a, b] = mailsAbout('n° FUTUR_09', '1-3');
    expect(b!.attachments[0]!.content.equals(a!.attachments[0]!.content)).toBe(true);
    expect(messageOf(await openReply(b!), 'AnomalieActe').detail).toContain('ODT-VERIF-08');
    expect(h.sim.act(act.idActe)).toBeUndefined();
  });

  it('sends the AnomalieEnveloppe of a refused envelope again', async () => {
    const { archive } = await archiveOf(SIREN_UNKNOWN, 'INCONNU_01');
    await deposit(archive);
    await h.smtp.waitFor(() => anoMails(archive).length === 1);
    await deposit(archive);
    await h.smtp.waitFor(() => anoMails(archive).length === 2);
    const [a, b] = anoMails(archive);
    expect(b!.attachments[0]!.content.equals(a!.attachments[0]!.content)).toBe(true);
    expect(messageOf(await openReply(b!), 'AnomalieEnveloppe').detail).toContain('PREF-VERIF-02');
    expect(depositsOf(archive).map((e) => e.outcome)).toEqual(['refuse', 'doublon']);
  });

  it('never sends a letter again: a letter is not a reply to the deposit', async () => {
    h.clock.set('2025-03-12T10:00:00+01:00');
    const { act, archive } = await archiveOf(SIREN_A, 'LETTRE_09');
    await deposit(archive);
    await h.smtp.waitFor(() => mailsAbout(act.idActe, '1-2').length === 1);
    const res = await fetch(`${h.sim.controlUrl}/acts/${act.idActe}/letters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: '2-1', texte: 'Merci de préciser les visas.' }),
    });
    expect(res.status).toBeLessThan(300);
    await h.smtp.waitFor(() => mailsAbout(act.idActe, '2-1').length === 1);
    await deposit(archive);
    await h.smtp.waitFor(() => mailsAbout(act.idActe, '1-2').length === 2);
    expect(mailsAbout(act.idActe, '2-1')).toHaveLength(1);
  });

  it('still knows the replies after a restart: the journal is the source of truth', async () => {
    h.clock.set('2025-03-12T10:00:00+01:00');
    await faults({ dropMail: { rate: 1, max: 1 } });
    const { act, archive } = await archiveOf(SIREN_A, 'REDEMARRE_01');
    await deposit(archive);
    expect(h.sim.journal.query({ type: 'mail-dropped', idActe: act.idActe })).toHaveLength(1);
    await h.restart();
    await deposit(archive);
    const mail = await h.smtp.waitFor((m) => m.subject.includes(act.idActe) && m.subject.includes(' 1-2 '));
    expect(messageOf(await openReply(mail), 'ARActe').dateReception).toBe('2025-03-12');
    expect(h.sim.acts().filter((a) => a.idActe === act.idActe)).toHaveLength(1);
  });
});

describe('repeated deposit before the replies have left', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({ replyDelayMs: 60_000 });
  });
  afterAll(() => slow.stop());

  it('does not double a reply still waiting: it leaves once, when due', async () => {
    const act = buildTestAct({
      siren: SIREN_A,
      numeroInterne: 'ATTENTE_01',
      date: '2025-03-12',
      classificationDate: DEFAULT_CLASSIFICATION_DATE,
    });
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 1 },
      [act.message],
      act.documents,
    );
    expect(await slow.post(archive)).toMatchObject({ status: 201 });
    expect(await slow.post(archive)).toMatchObject({ status: 201 });
    expect(slow.sim.journal.query({ type: 'archive-received' }).at(-1)).toMatchObject({
      outcome: 'doublon',
      detail: expect.stringContaining('pas encore parties'),
    });
    slow.clock.advance(60_000);
    await slow.sim.flush();
    await slow.smtp.waitFor((m) => m.subject.includes(act.idActe));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slow.smtp.mails.filter((m) => m.subject.includes(act.idActe))).toHaveLength(1);
  });
});
