// Cancellations (6-1 → 6-2) and classification requests (7-1 → 7-2 with the current classification, or
// 7-3 when the requester's is current); publishing a new version makes acts coded with the old one fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CLASSIFICATION_DATE,
  defaultClassification,
} from '../classification/default-classification.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  SIREN_B,
  startHarness,
} from '../test-support/simulator-harness.ts';
import {
  buildTestAct,
  buildTestClassificationRequest,
  buildTestMessage,
} from '../test-support/test-archives.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('cancellation', () => {
  it('answers a 6-1 with a 6-2 and then refuses to act on the cancelled act', async () => {
    const act = await h.receiveAct(SIREN_A, 'ANNUL_01');
    await h.send(SIREN_A, [buildTestMessage({ kind: 'Annulation', idActe: act.idActe }, act.idActe, '6-1')]);
    const mail = await h.smtp.waitFor((m) => m.subject.includes(act.idActe) && m.subject.includes(' 6-2 '));
    const reply = await openReply(mail);
    expect(reply.schemaErrors).toEqual([]);
    expect(messageOf(reply, 'ARAnnulation')).toEqual({
      kind: 'ARAnnulation',
      idActe: act.idActe,
      dateReception: '2025-03-12',
    });
    expect(h.sim.act(act.idActe)?.cancelled?.dateReception).toBe('2025-03-12');
    await expect(h.sim.sendLetter(act.idActe, { code: '2-1' })).rejects.toMatchObject({ status: 409 });

    const again = await h.send(SIREN_A, [
      buildTestMessage({ kind: 'Annulation', idActe: act.idActe }, act.idActe, '6-1'),
    ]);
    const ano = await h.smtp.waitFor((m) => m.attachments[0]?.filename === `ANO_${again.envelopeName}`);
    expect(messageOf(await openReply(ano), 'AnomalieEnveloppe').detail).toContain('ODT-VERIF-21');
  });

  it('refuses the cancellation of an act it never received, or of another collectivité', async () => {
    const other = await h.receiveAct(SIREN_B, 'AUTRE_01');
    const idActe = other.idActe;
    const archive = await h.send(SIREN_A, [buildTestMessage({ kind: 'Annulation', idActe }, idActe, '6-1')]);
    const ano = await h.smtp.waitFor((m) => m.attachments[0]?.filename === `ANO_${archive.envelopeName}`);
    expect(messageOf(await openReply(ano), 'AnomalieEnveloppe').detail).toContain(
      `ODT-VERIF-20 : L'acte ${idActe} n'est pas connu`,
    );
    expect(h.sim.act(idActe)?.cancelled).toBeUndefined();
  });
});

describe('classification', () => {
  it('returns the whole current classification to a 7-1 without date', async () => {
    const archive = await h.send(SIREN_B, [buildTestClassificationRequest(SIREN_B)]);
    const mail = await h.smtp.waitFor((m) => m.subject.includes(' 7-2 ') && m.to.length > 0);
    const reply = await openReply(mail);
    expect(reply.schemaErrors).toEqual([]);
    expect(
      [...reply.files.keys()].some((n) => new RegExp(`^048-${SIREN_B}----7-2_\\d+\\.xml$`).test(n)),
    ).toBe(true);
    const { kind: _kind, ...classification } = messageOf(reply, 'RetourClassification');
    expect(classification).toEqual(defaultClassification());
    expect(classification.matieres).toHaveLength(9);
    expect(h.sim.journal.query({ type: 'archive-received' }).at(-1)).toMatchObject({
      archive: archive.name,
      outcome: 'traite',
    });
  });

  it('answers 7-3 when the requester already holds the current classification', async () => {
    await h.send(SIREN_A, [buildTestClassificationRequest(SIREN_A, DEFAULT_CLASSIFICATION_DATE)]);
    const mail = await h.smtp.waitFor((m) => m.subject.includes(' 7-3 '));
    const reply = await openReply(mail);
    expect(reply.schemaErrors).toEqual([]);
    expect(messageOf(reply, 'ReponseClassificationSansChangement').dateClassification).toBe(
      DEFAULT_CLASSIFICATION_DATE,
    );
  });

  it('publishes a new version from the control API: older acts are refused, 7-1 returns the new one', async () => {
    const res = await fetch(`${h.sim.controlUrl}/classification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2025-03-12' }),
    });
    expect(res.status).toBe(201);
    expect(await (await fetch(`${h.sim.controlUrl}/classification/versions`)).json()).toEqual([
      DEFAULT_CLASSIFICATION_DATE,
      '2025-03-12',
    ]);

    const old = buildTestAct({
      siren: SIREN_A,
      numeroInterne: 'VIEUX_01',
      date: '2025-03-12',
      classificationDate: DEFAULT_CLASSIFICATION_DATE,
    });
    await h.send(SIREN_A, [old.message], old.documents);
    const refusal = await h.smtp.waitFor((m) => m.subject.includes('n° VIEUX_01'));
    const anomaly = messageOf(await openReply(refusal), 'AnomalieActe');
    expect(anomaly.detail).toContain('ODT-VERIF-01');
    expect(anomaly.classificationDateVersionEnCours).toBe('2025-03-12');

    await h.send(SIREN_A, [buildTestClassificationRequest(SIREN_A, DEFAULT_CLASSIFICATION_DATE)]);
    const mail = await h.smtp.waitFor(
      (m) =>
        m.subject.includes(' 7-2 ') &&
        m.to.length > 0 &&
        h.smtp.mails.indexOf(m) > h.smtp.mails.indexOf(refusal),
    );
    expect(messageOf(await openReply(mail), 'RetourClassification').dateClassification).toBe('2025-03-12');

    const fresh = await h.receiveAct(SIREN_A, 'NEUF_01', { classificationDate: '2025-03-12' });
    expect(h.sim.act(fresh.idActe)).toBeDefined();
  });

  it('refuses to publish a version with the current date', async () => {
    await expect(h.sim.publishClassification({ date: '2025-03-12' })).rejects.toMatchObject({ status: 409 });
  });
});
