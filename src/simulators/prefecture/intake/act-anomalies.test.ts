// An act the préfecture cannot accept is refused alone with a 1-3 (AnomalieActe) echoing it, worded
// like the real ODT-VERIF-01; the same archive posted twice is received once; the same NumeroInterne
// in a new envelope is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  SIREN_B,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive, type TestAct } from '../test-support/test-archives.ts';

let h: Harness;
let counter = 0;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const base = { siren: SIREN_A, date: '2025-03-11', classificationDate: DEFAULT_CLASSIFICATION_DATE };

async function send(a: ReturnType<typeof buildTestAct>, siren = SIREN_A) {
  counter += 1;
  const archive = await buildTestArchive({ siren, date: '2025-03-12', counter }, [a.message], a.documents);
  expect(await h.post(archive)).toMatchObject({ status: 201 });
  return archive;
}

async function refusal(
  input: Partial<TestAct> & { numeroInterne: string },
  tweak?: (a: ReturnType<typeof buildTestAct>) => void,
) {
  const a = buildTestAct({ ...base, ...input });
  tweak?.(a);
  await send(a, input.siren ?? SIREN_A);
  const mail = await h.smtp.waitFor((m) => m.subject.includes(`n° ${input.numeroInterne}`));
  const reply = await openReply(mail);
  expect(reply.schemaErrors).toEqual([]);
  expect([...reply.files.keys()].some((n) => /^048-\d{9}----1-3_\d+\.xml$/.test(n))).toBe(true);
  const anomaly = messageOf(reply, 'AnomalieActe');
  expect(anomaly.acteRecu.numeroInterne).toBe(input.numeroInterne);
  expect(anomaly.classificationDateVersionEnCours).toBe(DEFAULT_CLASSIFICATION_DATE);
  expect(h.sim.act(a.idActe)).toBeUndefined();
  return anomaly;
}

describe('act anomalies (1-3)', () => {
  it('refuses an act coded with an out-of-date classification (ODT-VERIF-01, nature 002)', async () => {
    const anomaly = await refusal({ numeroInterne: 'CLASS_01', classificationDate: '2024-06-01' });
    expect(anomaly.nature).toBe('002');
    expect(anomaly.detail).toBe(
      "ODT-VERIF-01 : Votre acte a été transmis avec une date de classification qui n'est pas à jour (01/06/2024 au lieu du 06/01/2025)",
    );
  });

  it('refuses a document type the nature does not allow', async () => {
    const anomaly = await refusal({ numeroInterne: 'TYPO_01', annexes: [{ typology: '11_AE' }] });
    expect(anomaly.detail).toContain(
      "ODT-VERIF-04 : Le type de pièce 11_AE n'est pas autorisé pour la nature d'acte 1",
    );
  });

  it('refuses a matière the classification does not have', async () => {
    const anomaly = await refusal({ numeroInterne: 'MAT_01', codesMatiere: [5, 2, 9] });
    expect(anomaly.detail).toContain("ODT-VERIF-03 : La matière 5.2.9 n'existe pas");
  });

  it('refuses an act whose announced annex count does not match the annexes', async () => {
    const anomaly = await refusal({ numeroInterne: 'ANX_01', annexes: [{ typology: '99_AU' }] }, (a) => {
      a.message.bytes = Buffer.from(
        Buffer.from(a.message.bytes).toString('latin1').replace('actes:Nombre="1"', 'actes:Nombre="2"'),
        'latin1',
      );
    });
    expect(anomaly.detail).toContain(
      "ODT-VERIF-05 : Le nombre d'annexes annoncé (2) ne correspond pas aux annexes transmises (1 citées, 1 fichiers reçus)",
    );
  });

  it('refuses an act with an annex file it does not cite', async () => {
    const anomaly = await refusal({ numeroInterne: 'ANX_02', annexes: [{ typology: '99_AU' }] }, (a) => {
      const extra = a.documents[1]!;
      a.documents.push({ name: extra.name.replace('_2.pdf', '_3.pdf'), bytes: extra.bytes });
    });
    expect(anomaly.detail).toContain('(1 citées, 2 fichiers reçus)');
  });

  it('refuses a main document that is not a PDF', async () => {
    const anomaly = await refusal({ numeroInterne: 'PDF_01', mainBytes: Buffer.from('pas un PDF') });
    expect(anomaly.detail).toContain('ODT-VERIF-07 : Le document 99_DE-048-');
    expect(anomaly.detail).toContain("ce n'est pas un fichier PDF lisible");
  });

  it('refuses a decision dated after the receipt', async () => {
    const anomaly = await refusal({ numeroInterne: 'FUTUR_01', date: '2025-03-13' });
    expect(anomaly.detail).toContain('ODT-VERIF-08');
  });
});

describe('duplicates', () => {
  it('receives the same archive posted twice once: success both times, the AR sent again identical', async () => {
    const a = buildTestAct({ ...base, siren: SIREN_B, numeroInterne: 'DOUBLE_01' });
    counter += 1;
    const archive = await buildTestArchive(
      { siren: SIREN_B, date: '2025-03-12', counter },
      [a.message],
      a.documents,
    );
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    await h.smtp.waitFor((m) => m.subject.includes(a.idActe));
    expect(await h.post(archive)).toMatchObject({ status: 201 });
    await h.sim.flush();
    const received = h.sim.journal
      .query({ type: 'archive-received' })
      .filter((e) => e.type === 'archive-received' && e.archive === archive.name);
    expect(received.map((e) => e.type === 'archive-received' && e.outcome)).toEqual(['traite', 'doublon']);
    expect(h.sim.journal.query({ type: 'archive-received', siren: SIREN_B }).at(-1)).toMatchObject({
      archive: archive.name,
      outcome: 'doublon',
    });
    await h.smtp.waitFor(() => h.smtp.mails.filter((m) => m.subject.includes(a.idActe)).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ars = h.smtp.mails.filter((m) => m.subject.includes(a.idActe));
    expect(ars).toHaveLength(2);
    expect(ars[1]!.attachments[0]!.content.equals(ars[0]!.attachments[0]!.content)).toBe(true);
    expect(h.sim.acts().filter((x) => x.idActe === a.idActe)).toHaveLength(1);
  });

  it('refuses the same NumeroInterne sent again in a new envelope (1-3)', async () => {
    const first = buildTestAct({ ...base, numeroInterne: 'UNIQUE_01' });
    await send(first);
    await h.smtp.waitFor((m) => m.subject.includes(first.idActe));
    await send(
      buildTestAct({ ...base, numeroInterne: 'UNIQUE_01', objet: 'Le même numéro, un autre objet' }),
    );
    const mail = await h.smtp.waitFor((m) => m.subject.includes('n° UNIQUE_01'));
    const again = messageOf(await openReply(mail), 'AnomalieActe');
    expect(again.detail).toBe(
      `ODT-VERIF-02 : Un acte portant le numéro UNIQUE_01 a déjà été reçu pour votre collectivité (${first.idActe}). Le numéro interne d'un acte doit être unique.`,
    );
    expect(h.sim.act(first.idActe)?.acte.objet).toBe(first.acte.objet);
  });
});
