// A whole envelope is refused with an AnomalieEnveloppe mailed as ANO_{envelope}.xml, worded like the
// real ones, when the schema, the naming rules, the SIREN or the size are wrong; an archive nobody can
// be answered about is refused over HTTP. A refused archive never produces an AR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../../actes/protocol/index.ts';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import { postBody } from '../test-support/post-archive.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  SIREN_B,
  SIREN_UNKNOWN,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive, type TestArchive } from '../test-support/test-archives.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const act = (siren: string, numeroInterne: string) =>
  buildTestAct({ siren, numeroInterne, date: '2025-03-11', classificationDate: DEFAULT_CLASSIFICATION_DATE });

async function anomalyFor(archive: TestArchive) {
  expect(await h.post(archive)).toMatchObject({ status: 201 });
  const mail = await h.smtp.waitFor((m) =>
    m.attachments.some((a) => a.filename === `ANO_${archive.envelopeName}`),
  );
  const reply = await openReply(mail);
  expect(reply.schemaErrors).toEqual([]);
  expect(h.sim.journal.query({ type: 'archive-received' }).at(-1)).toMatchObject({
    archive: archive.name,
    outcome: 'refuse',
  });
  return messageOf(reply, 'AnomalieEnveloppe');
}

describe('envelope anomalies', () => {
  it('refuses a SIREN not registered with the préfecture (PREF-VERIF-02, nature 5)', async () => {
    const a = act(SIREN_UNKNOWN, 'ARR2025_01');
    const archive = await buildTestArchive(
      { siren: SIREN_UNKNOWN, date: '2025-03-12', counter: 1 },
      [a.message],
      a.documents,
    );
    const anomaly = await anomalyFor(archive);
    expect(anomaly.nature).toBe('5');
    expect(anomaly.detail).toBe(
      `${archive.name} -> PREF-VERIF-02 : Votre numéro de SIREN n'est pas encore enregistré dans l'application ACTES. Veuillez réessayez ultérieurement. Si le même problème persiste, veuillez contacter votre préfecture pour vérification.`,
    );
    expect(anomaly.enveloppeRecue.emetteur.siren).toBe(SIREN_UNKNOWN);
    expect(anomaly.enveloppeRecue.formulaires).toEqual([{ nomFichier: a.message.name }]);
  });

  it('refuses an envelope that does not follow the schema', async () => {
    const a = act(SIREN_A, 'SCHEMA_01');
    const good = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 2 },
      [a.message],
      a.documents,
    );
    const envelope = buildMessage({
      kind: 'EnveloppeCLMISILL',
      emetteur: { siren: SIREN_A, departement: '048', arrondissement: '1', nature: '31' },
      adressesRetour: ['retours-actes@relais.test'],
      formulaires: [{ nomFichier: a.message.name }],
    })
      .toString('latin1')
      .replace('</actes:AdressesRetour>', '</actes:AdressesRetour><actes:Inattendu/>');
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 2 },
      [a.message],
      a.documents,
      {
        envelopeBytes: Buffer.from(envelope, 'latin1'),
      },
    );
    expect(archive.name).toBe(good.name);
    const anomaly = await anomalyFor(archive);
    expect(anomaly.nature).toBe('001');
    expect(anomaly.detail).toMatch(
      /ODT-VERIF-10 : Le fichier TACT--\d+--20250312-2\.xml n'est pas conforme au schéma ACTES/,
    );
  });

  it('refuses an archive whose name is not made from its envelope name', async () => {
    const a = act(SIREN_A, 'NOM_01');
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 3 },
      [a.message],
      a.documents,
      {
        archiveName: 'depot.tar.gz',
      },
    );
    const anomaly = await anomalyFor(archive);
    expect(anomaly.nature).toBe('002');
    expect(anomaly.detail).toContain(
      'ODT-VERIF-11 : Le nommage des fichiers ne respecte pas les règles ACTES',
    );
  });

  it('refuses a message whose file name does not match its act', async () => {
    const a = act(SIREN_A, 'NOM_02');
    const renamed = { ...a.message, name: a.message.name.replace('NOM_02', 'AUTRE') };
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 4 },
      [renamed],
      a.documents,
    );
    const anomaly = await anomalyFor(archive);
    expect(anomaly.detail).toContain(`devrait s'appeler ${a.message.name}`);
  });

  it('refuses a document not named after its act and its position in the act', async () => {
    for (const [counter, from, to] of [
      [10, '_1.pdf', '_3.pdf'],
      [11, 'DOCNOM_01', 'DOCNOM_02'],
    ] as const) {
      const a = act(SIREN_B, 'DOCNOM_01');
      const main = a.documents[0]!;
      const renamed = main.name.replace(from, to);
      a.message.bytes = Buffer.from(
        Buffer.from(a.message.bytes).toString('latin1').replace(main.name, renamed),
        'latin1',
      );
      const archive = await buildTestArchive(
        { siren: SIREN_B, date: '2025-03-12', counter },
        [a.message],
        [{ name: renamed, bytes: main.bytes }],
      );
      const anomaly = await anomalyFor(archive);
      const base = a.message.name.replace(/_0\.xml$/, '');
      expect(anomaly.detail).toContain(
        `le document ${renamed} devrait s'appeler {typologie}-${base}_1.{extension}.`,
      );
    }
  });

  it('refuses a transaction a collectivité cannot send (ODT-VERIF-17)', async () => {
    const ar = buildMessage({
      kind: 'ARAnnulation',
      idActe: `048-${SIREN_B}-20250311-X1-DE`,
      dateReception: '2025-03-12',
    });
    const archive = await buildTestArchive({ siren: SIREN_B, date: '2025-03-12', counter: 1 }, [
      { name: `048-${SIREN_B}-20250311-X1-DE-6-2_0.xml`, bytes: ar },
    ]);
    const anomaly = await anomalyFor(archive);
    expect(anomaly.nature).toBe('100');
    expect(anomaly.detail).toContain("ODT-VERIF-17 : La transaction que vous avez envoyé n'est pas reconnu");
  });

  it('refuses over HTTP, without any mail, an archive that holds no envelope', async () => {
    const before = h.smtp.mails.length;
    const r = await h.post({
      name: 'TST-TACT--214800344--20250312-9.tar.gz',
      envelopeName: '',
      bytes: Buffer.from('pas une archive'),
    });
    expect(r).toMatchObject({ status: 400 });
    expect((r as { body: string }).body).toContain("ne contient pas d'enveloppe lisible");
    expect(h.sim.journal.query({ type: 'archive-received' }).at(-1)).toMatchObject({ outcome: 'rejete' });
    await h.sim.flush();
    expect(h.smtp.mails.length).toBe(before);
  });

  it('never sends an AR for a refused archive', async () => {
    await h.sim.flush();
    const sent = h.sim.journal.query({ type: 'mail-scheduled' });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((e) => e.type === 'mail-scheduled' && e.mail.codes.every((c) => c === 'ANO'))).toBe(
      true,
    );
    expect(h.sim.acts()).toEqual([]);
  });
});

describe('archive size', () => {
  it('refuses an archive over the limit with an anomaly, keeping only what fits', async () => {
    const small = await startHarness({ maxArchiveBytes: 20_000 });
    try {
      const big = buildTestAct({
        siren: SIREN_A,
        numeroInterne: 'GROS_01',
        date: '2025-03-11',
        classificationDate: DEFAULT_CLASSIFICATION_DATE,
        annexes: [
          {
            typology: '99_AU',
            extension: 'jpg',
            bytes: Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(60_000, 7)]),
          },
        ],
      });
      const archive = await buildTestArchive(
        { siren: SIREN_A, date: '2025-03-12', counter: 1 },
        [big.message],
        big.documents,
      );
      expect(archive.bytes.length).toBeGreaterThan(20_000);
      expect(await small.post(archive)).toMatchObject({ status: 201 });
      const mail = await small.smtp.waitFor(
        (m) => m.attachments[0]?.filename === `ANO_${archive.envelopeName}`,
      );
      const anomaly = messageOf(await openReply(mail), 'AnomalieEnveloppe');
      expect(anomaly.nature).toBe('004');
      expect(anomaly.detail).toContain('ODT-VERIF-14');
      expect(small.sim.acts()).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});

describe('malformed deposits', () => {
  const raw = (body: Buffer, contentType: string, url = h.sim.intakeUrl) =>
    postBody({
      url,
      body,
      contentType,
      ca: h.pki.ca.certPem,
      cert: h.pki.client.certPem,
      key: h.pki.client.keyPem,
    });

  it('refuses in French a deposit that is not multipart, or has no file', async () => {
    expect(await raw(Buffer.from('{}'), 'application/json')).toMatchObject({
      status: 400,
      body: expect.stringContaining('formulaire multipart'),
    });
    const empty = Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n');
    expect(await raw(empty, 'multipart/form-data; boundary=x')).toMatchObject({
      status: 400,
      body: expect.stringContaining('Aucun fichier reçu'),
    });
  });

  it('answers an unknown address in French', async () => {
    const r = await raw(Buffer.from(''), 'text/plain', h.sim.intakeUrl.replace('/depot', '/ailleurs'));
    expect(r).toMatchObject({
      status: 404,
      body: expect.stringContaining('déposez les archives par POST /depot'),
    });
  });
});
