// A good act posted over mutual TLS is received (201) and acknowledged by mail: the AR carries the
// IDActe and the date of receipt, inside a schema-valid préfecture envelope; the archive is kept.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive } from '../test-support/test-archives.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

describe('receiving an act', () => {
  it('answers 201 and mails an AR with the IDActe, the date of receipt and a valid envelope', async () => {
    const act = buildTestAct({
      siren: SIREN_A,
      numeroInterne: 'DEL2025_001',
      date: '2025-03-10',
      classificationDate: DEFAULT_CLASSIFICATION_DATE,
      annexes: [{ typology: '99_AU' }],
    });
    const archive = await buildTestArchive(
      { siren: SIREN_A, date: '2025-03-12', counter: 1 },
      [act.message],
      act.documents,
    );
    const r = await h.post(archive);
    expect(r).toMatchObject({ status: 201 });

    const [mail] = await h.smtp.waitForMails(1);
    expect(mail!.to).toEqual(['retours-actes@relais.test', 'mairie@commune-test.fr']);
    expect(mail!.attachments.map((a) => a.filename)).toEqual([
      `TACT--SPREF0481-${SIREN_A}-20250312-1.tar.gz`,
    ]);
    const reply = await openReply(mail!);
    expect(reply.schemaErrors).toEqual([]);
    const ar = messageOf(reply, 'ARActe');
    expect(ar.idActe).toBe(`048-${SIREN_A}-20250310-DEL2025_001-DE`);
    expect(ar.idActe).toBe(act.idActe);
    expect(ar.dateReception).toBe('2025-03-12');
    expect(ar.classificationDateVersionEnCours).toBe(DEFAULT_CLASSIFICATION_DATE);
    expect(ar.acteRecu).toEqual(act.acte);
    const envelope = messageOf(reply, 'EnveloppeMISILLCL');
    expect(envelope).toMatchObject({
      destinataire: SIREN_A,
      emetteur: { type: 'SousPref', departement: '048', arrondissement: '1' },
    });
    expect(envelope.formulaires.map((f) => f.nomFichier)).toEqual(
      [...reply.messages.keys()].filter((n) => n.includes('-1-2_')),
    );

    const entries = h.sim.journal.query({ type: 'archive-received' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      archive: archive.name,
      size: archive.bytes.length,
      outcome: 'traite',
    });
    expect(h.sim.journal.query({ type: 'mail-sent', idActe: act.idActe })).toHaveLength(1);

    const sha256 = createHash('sha256').update(archive.bytes).digest('hex');
    expect(h.sim.act(act.idActe)?.archiveSha256).toBe(sha256);
    const kept = await fetch(`${h.sim.controlUrl}/files/archives/${sha256}`);
    expect(kept.status).toBe(200);
    expect(Buffer.from(await kept.arrayBuffer()).equals(archive.bytes)).toBe(true);
  });
});
