// Each fault the simulator injects, over real HTTPS and SMTP: the deposit faults (latency, HTTP 5xx,
// connection reset — act NOT received —, timeout after the body — act received, the same archive sent
// again is not received twice but gets its AR again) and the mail faults (dropped, duplicated, out of
// order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import { type Harness, SIREN_A, startHarness } from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive } from '../test-support/test-archives.ts';

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

async function archiveOf(numeroInterne: string) {
  const act = buildTestAct({
    siren: SIREN_A,
    numeroInterne,
    date: '2025-03-12',
    classificationDate: DEFAULT_CLASSIFICATION_DATE,
  });
  counter += 1;
  return {
    act,
    archive: await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter },
      [act.message],
      act.documents,
    ),
  };
}

const arMails = (idActe: string) =>
  h.smtp.mails.filter((m) => m.subject.includes(idActe) && m.subject.includes(' 1-2 '));
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('deposit faults', () => {
  it('resets the connection before reading: the act is not received, sending it again works', async () => {
    await faults({ connectionReset: { rate: 1, max: 1 } });
    const { act, archive } = await archiveOf('RESET_01');
    expect(await h.post(archive)).toHaveProperty('error');
    expect(h.sim.act(act.idActe)).toBeUndefined();
    expect(h.sim.journal.query({ type: 'fault' }).at(-1)).toMatchObject({ fault: 'connectionReset' });
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    expect(h.sim.act(act.idActe)).toBeDefined();
  });

  it('answers an HTTP error: the act is not received, sending it again works', async () => {
    await faults({ httpError: { rate: 1, max: 1, status: 502 } });
    const { act, archive } = await archiveOf('HTTP_01');
    expect(await h.post(archive)).toMatchObject({
      status: 502,
      body: expect.stringContaining('indisponible'),
    });
    expect(h.sim.act(act.idActe)).toBeUndefined();
    expect(await h.post(archive)).toMatchObject({ status: 201 });
  });

  it('receives the act but never answers; the same archive sent again is received once, its AR sent again', async () => {
    await faults({ timeoutAfterBody: { rate: 1, max: 1 } });
    const { act, archive } = await archiveOf('TIMEOUT_01');
    expect(await h.post(archive, { timeoutMs: 400 })).toEqual({ error: 'TIMEOUT' });
    expect(h.sim.act(act.idActe)).toBeDefined();
    await h.smtp.waitFor((m) => m.subject.includes(act.idActe));
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    const outcomes = h.sim.journal
      .query({ type: 'archive-received' })
      .filter((e) => e.type === 'archive-received' && e.archive === archive.name)
      .map((e) => e.type === 'archive-received' && e.outcome);
    expect(outcomes).toEqual(['traite', 'doublon']);
    await h.smtp.waitFor(() => arMails(act.idActe).length === 2);
    await settle();
    const [a, b] = arMails(act.idActe);
    expect(arMails(act.idActe)).toHaveLength(2);
    expect(b!.attachments[0]!.content.equals(a!.attachments[0]!.content)).toBe(true);
    expect(h.sim.acts().filter((x) => x.idActe === act.idActe)).toHaveLength(1);
  });

  it('delays the answer', async () => {
    await faults({ latency: { rate: 1, max: 1, minMs: 300, maxMs: 300 } });
    const { archive } = await archiveOf('LENT_01');
    const start = Date.now();
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
  });
});

describe('mail faults', () => {
  it('drops a reply mail: the journal says so and the next one arrives', async () => {
    await faults({ dropMail: { rate: 1, max: 1 } });
    const lost = await archiveOf('PERDU_01');
    const next = await archiveOf('PERDU_02');
    expect(await h.post(lost.archive)).toMatchObject({ status: 201 });
    expect(await h.post(next.archive)).toMatchObject({ status: 201 });
    await h.smtp.waitFor((m) => m.subject.includes(next.act.idActe));
    await settle();
    expect(arMails(lost.act.idActe)).toHaveLength(0);
    expect(h.sim.journal.query({ type: 'mail-dropped', idActe: lost.act.idActe })).toHaveLength(1);
  });

  it('sends a reply mail twice, with the same Message-ID', async () => {
    await faults({ duplicateMail: { rate: 1, max: 1 } });
    const { act, archive } = await archiveOf('DOUBLE_01');
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    await h.smtp.waitFor(() => arMails(act.idActe).length === 2);
    const [a, b] = arMails(act.idActe);
    expect(a!.messageId).toBe(b!.messageId);
    expect(a!.attachments[0]!.content.equals(b!.attachments[0]!.content)).toBe(true);
  });

  it('holds a reply mail back until the next one has left', async () => {
    await faults({ reorderMail: { rate: 1, max: 1, holdMs: 60_000 } });
    const first = await archiveOf('ORDRE_01');
    const second = await archiveOf('ORDRE_02');
    expect(await h.post(first.archive)).toMatchObject({ status: 201 });
    await h.sim.flush();
    expect(arMails(first.act.idActe)).toHaveLength(0);
    expect(await h.post(second.archive)).toMatchObject({ status: 201 });
    await h.smtp.waitFor(() => arMails(first.act.idActe).length === 1);
    const order = h.smtp.mails.map((m) => m.subject).filter((s) => s.includes('ORDRE_'));
    expect(order.map((s) => /ORDRE_0\d/.exec(s)![0])).toEqual(['ORDRE_02', 'ORDRE_01']);
  });

  it('reports the faults injected and their settings', async () => {
    const status = (await (await fetch(`${h.sim.controlUrl}/faults`)).json()) as {
      counts: Record<string, number>;
    };
    expect(status.counts).toMatchObject({ reorderMail: 1 });
    const bad = await fetch(`${h.sim.controlUrl}/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dropMail: { rate: 'souvent' } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      erreur: 'dropMail.rate doit être un nombre entre 0 et 1 (probabilité de la panne).',
    });
  });
});
