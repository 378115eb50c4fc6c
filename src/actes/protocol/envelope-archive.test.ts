// The whole path of a transmission through the codec: metadata → files and messages → archive → what
// the préfecture reads back, named as the protocol says.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { acteDataFor, actFiles } from './act-files.ts';
import { readArchiveFiles } from './archive-reader.ts';
import { createArchiveStream } from './archive-writer.ts';
import { buildActe, buildEnveloppeCLMISILL } from './build-collectivite.ts';
import { archiveFileName, envelopeFileName, parseArchiveFileName } from './file-names.ts';
import { parseMessage } from './parse-message.ts';
import { validateActMetadata } from './validate-act-metadata.ts';

describe('an envelope archive', () => {
  it('carries the envelope, the 1-1 and the documents under their protocol names, and reads back', async () => {
    const meta = validateActMetadata(
      {
        departement: '079',
        siren: '217901230',
        decisionDate: '2024-01-15',
        numeroInterne: 'DEL2024_01',
        nature: 1,
        classification: '7.1',
        classificationDate: '2023-06-01',
        objet: 'Vote du budget primitif',
        mainDocument: { typology: '99_DE', extension: 'pdf' },
        annexes: [{ typology: '99_AU', extension: 'png' }],
      },
      { today: '2024-01-16' },
    );
    if (!meta.ok) throw new Error('invalid fixture');
    const files = actFiles(meta.value);
    const acte = buildActe(acteDataFor(meta.value));
    const envelopeName = envelopeFileName({
      quadrigramme: 'TACT',
      siren: '217901230',
      date: '2024-01-16',
      counter: 3,
    });
    const envelope = buildEnveloppeCLMISILL({
      emetteur: { siren: '217901230', departement: '079', arrondissement: '2', nature: '31' },
      adressesRetour: ['retour@relais.example.fr'],
      formulaires: [{ nomFichier: files.messageFile }],
    });
    const pdf = randomBytes(50_000);
    const png = randomBytes(20_000);
    const archive = createArchiveStream([
      { name: envelopeName, size: envelope.length, content: envelope },
      { name: files.messageFile, size: acte.length, content: acte },
      { name: files.mainDocumentFile, size: pdf.length, content: Readable.from([pdf]) },
      { name: files.annexFiles[0]!, size: png.length, content: Readable.from([png]) },
    ]);
    expect(archiveFileName('SLO', envelopeName)).toBe('SLO-TACT--217901230--20240116-3.tar.gz');
    expect(parseArchiveFileName('SLO-TACT--217901230--20240116-3.tar.gz')?.envelopeName).toBe(envelopeName);

    const read = await readArchiveFiles(archive);
    if (!read.ok) throw read.error;
    expect(read.files.map((f) => f.name)).toEqual([
      'TACT--217901230--20240116-3.xml',
      '079-217901230-20240115-DEL2024_01-DE-1-1_0.xml',
      '99_DE-079-217901230-20240115-DEL2024_01-DE-1-1_1.pdf',
      '99_AU-079-217901230-20240115-DEL2024_01-DE-1-1_2.png',
    ]);
    const parsedEnvelope = parseMessage(read.files[0]!.bytes);
    expect(parsedEnvelope.ok && parsedEnvelope.message).toMatchObject({
      kind: 'EnveloppeCLMISILL',
      formulaires: [{ nomFichier: files.messageFile }],
    });
    const parsedActe = parseMessage(read.files[1]!.bytes);
    expect(parsedActe.ok && parsedActe.message).toMatchObject({
      kind: 'Acte',
      document: { nomFichier: files.mainDocumentFile },
      annexes: [{ nomFichier: files.annexFiles[0] }],
    });
    expect(read.files[2]!.bytes.equals(pdf)).toBe(true);
  });
});
