// The real messages of the conformance folder parse to the values they hold, the golden files validate
// against the official ACTES 2.2 schema, and the archive a TdT really sent is read back.
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { conformancePath, describeConformance } from '../../../test/support/conformance.ts';
import { actesXsdErrors } from '../../../test/support/xsd.ts';
import { readArchiveFiles } from './archive-reader.ts';
import type { ActesMessage } from './message-types.ts';
import { parseMessage } from './parse-message.ts';

function sample(name: string): ActesMessage {
  const r = parseMessage(readFileSync(conformancePath('actes', 'samples', name)));
  if (!r.ok) throw new Error(r.error);
  return r.message;
}

describeConformance('conformance: official schemas', () => {
  const golden = path.join(import.meta.dirname, 'golden');
  for (const file of readdirSync(golden).filter((f) => f.endsWith('.xml'))) {
    it(`validates the golden ${file} against ACTES 2.2`, () => {
      expect(actesXsdErrors(readFileSync(path.join(golden, file)))).toEqual([]);
    });
  }

  it('accepts the real 2.2 samples and refuses the two documented exceptions', () => {
    const dir = conformancePath('actes', 'samples');
    const invalid = readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .filter((f) => actesXsdErrors(readFileSync(path.join(dir, f))).length > 0)
      .sort();
    expect(invalid).toEqual([
      '034-000000000-20170701-20170721D-AI-1-2_0.xml',
      '034-000000000-20170701-20170721D-AI-1-3_0.xml',
      '045-214502494-20170717-D201717-DE-1-1_0.xml',
      'ANO_EACT--214400152--20180925-1.xml',
      'classification.xml',
    ]);
  });

  it('validates the old-shape samples against ACTES 1.x', () => {
    for (const f of [
      '045-214502494-20170717-D201717-DE-1-1_0.xml',
      'classification.xml',
      '034-000000000-20170701-20170721D-AI-1-2_0.xml',
    ]) {
      expect(actesXsdErrors(readFileSync(conformancePath('actes', 'samples', f)), '1.x')).toEqual([]);
    }
  });
});

describeConformance('conformance: real messages', () => {
  it('reads the 2018 ARActe (ISO-8859-1, accents, DocumentPapier 0)', () => {
    const m = sample('006-210600235-20180522-684-AI-1-2_5279.xml');
    expect(m).toMatchObject({
      kind: 'ARActe',
      idActe: '006-210600235-20180522-684-AI',
      dateReception: '2018-05-28',
      classificationDateVersionEnCours: '2017-04-19',
      acteRecu: {
        date: '2018-05-22',
        numeroInterne: '684',
        codeNatureActe: 3,
        codesMatiere: [4, 2],
        objet: 'Contrat à durée déterminée - Jean Dupont',
        document: { nomFichier: '99_DE-006-210600235-20180522-684-AI-1-1_1.pdf' },
        annexes: [],
        documentPapier: false,
      },
    });
  });

  it('reads the 1.x ARActe without DocumentPapier', () => {
    const m = sample('034-000000000-20170701-20170721D-AI-1-2_0.xml');
    expect(m.kind === 'ARActe' && m.acteRecu.documentPapier).toBeUndefined();
    expect(m).toMatchObject({
      idActe: '034-000000000-20170701-20170721D-AI',
      dateReception: '2017-07-21',
      classificationDateVersionEnCours: '2008-12-31',
    });
  });

  it('reads the AnomalieActe of the old shape', () => {
    expect(sample('034-000000000-20170701-20170721D-AI-1-3_0.xml')).toMatchObject({
      kind: 'AnomalieActe',
      date: '2017-07-01',
      nature: '042',
      detail: 'Ca ne fonctionne pas',
      acteRecu: { numeroInterne: '20170721D', objet: 'TESTD' },
    });
  });

  it('reads the out-of-date classification anomaly with its skipped level 4', () => {
    expect(sample('044-214400152----1-3_1.xml')).toMatchObject({
      kind: 'AnomalieActe',
      date: '2018-10-12',
      nature: '002',
      detail: "ODT-VERIF-01 : Votre acte a été transmis avec une date de classification qui n'est pas à jour",
      classificationDateVersionEnCours: '2018-10-10',
      acteRecu: {
        numeroInterne: '123456',
        codeNatureActe: 1,
        codesMatiere: [1, 1, 1, null, 1],
        annexes: [{ nomFichier: '01_01-044-214400152-20181012-123456-DE-1-1_2.xml' }],
        documentPapier: false,
      },
    });
  });

  it('reads the CourrierSimple', () => {
    expect(sample('034-000000000-20170701-20170725A-AI-2-1_0.xml')).toEqual({
      kind: 'CourrierSimple',
      idActe: '034-000000000-20170701-20170725A-AI',
      dateCourrierPref: '2017-07-25',
      document: { nomFichier: '034-000000000-20170701-20170725A-AI-2-1_1.pdf' },
    });
  });

  it('reads the ARAnnulation', () => {
    expect(sample('044-214400152-20181106-TEST_DGCL_4-DE-6-2_10.xml')).toEqual({
      kind: 'ARAnnulation',
      idActe: '044-214400152-20181106-TEST_DGCL_4-DE',
      dateReception: '2018-11-28',
    });
  });

  it('reads the old Acte whose nature and file name disagree', () => {
    expect(sample('045-214502494-20170717-D201717-DE-1-1_0.xml')).toEqual({
      kind: 'Acte',
      date: '2017-07-17',
      numeroInterne: 'D201717',
      codeNatureActe: 4,
      codesMatiere: [1, 1],
      objet: 'test',
      classificationDateVersion: '2017-04-19',
      document: { nomFichier: '045-214502494-20170717-D201717-DE-1-1_1.pdf' },
      annexes: [],
    });
  });

  it('reads the envelope anomalies, including the nature 999 the schema does not allow', () => {
    expect(sample('ANO_EACT--210703385--20170612-2.xml')).toMatchObject({
      kind: 'AnomalieEnveloppe',
      date: '2017-06-12',
      nature: '5',
      detail: expect.stringContaining('-> PREF-VERIF-02 : Votre numéro de SIREN'),
      enveloppeRecue: {
        emetteur: { siren: '210703385', departement: '007', arrondissement: '2', nature: '31' },
        referent: { nom: 'Robert Petitpoid', telephone: '555-555', email: 'robert@petit.poid.fr' },
        adressesRetour: ['robert@petit.poid.fr'],
        formulaires: [{ nomFichier: '007-210703385-20170519-2017_048-DE-1-1_0.xml' }],
      },
    });
    expect(sample('ANO_EACT--214400152--20180925-1.xml')).toMatchObject({
      kind: 'AnomalieEnveloppe',
      nature: '999',
      detail: expect.stringMatching(/^ODT-VERIF-17 /),
    });
  });

  it('reads the envelopes in both directions', () => {
    expect(sample('EACT--214502494--20170717-6.xml')).toEqual({
      kind: 'EnveloppeCLMISILL',
      emetteur: { siren: '214502494', departement: '045', arrondissement: '1', nature: '31' },
      referent: { nom: 'ETest', telephone: '', email: 'test@test.fr' },
      adressesRetour: ['totoo@toto.org'],
      formulaires: [{ nomFichier: '045-214502494-20170717-D201717-DE-1-1_0.xml' }],
    });
    expect(sample('EACT--SPREF0441-214400152-20181012-9.xml')).toEqual({
      kind: 'EnveloppeMISILLCL',
      emetteur: { type: 'SousPref', departement: '044', arrondissement: '1' },
      referent: { nom: 'Demat SICTIAM', telephone: '0101010101', email: 'steladevsictiam@gmail.com' },
      formulaires: [{ nomFichier: '044-214400152----1-3_1.xml' }],
      destinataire: '214400152',
    });
    expect(sample('TACT--SPREF0011-000000000-20170721-4.xml')).toMatchObject({
      emetteur: { type: 'SousPref', departement: '001', arrondissement: '1' },
      destinataire: '000000000',
    });
  });

  it('reads both classifications: 1.x without typology, 2.2 in UTF-8 without prolog', () => {
    const old = sample('classification.xml');
    expect(old.kind === 'RetourClassification' && old.dateClassification).toBe('2004-04-01');
    expect(
      old.kind === 'RetourClassification' && old.naturesActes.map((n) => [n.typeAbrege, n.typesPJ.length]),
    ).toEqual([
      ['DE', 0],
      ['AR', 0],
      ['AI', 0],
      ['CC', 0],
      ['BF', 0],
      ['AU', 0],
    ]);
    const r = parseMessage(readFileSync(conformancePath('actes', 'samples', 'exemple_codes_matieres.xml')));
    expect(r.ok && r.encoding).toBe('UTF-8');
    const m = sample('exemple_codes_matieres.xml');
    if (m.kind !== 'RetourClassification') throw new Error(m.kind);
    expect(m.dateClassification).toBe('2017-12-08');
    expect(m.naturesActes.find((n) => n.codeNatureActe === 5)?.typesPJ).toEqual([
      { codeTypePJ: '70_DE', libelle: 'Délibération' },
      { codeTypePJ: '99_BU', libelle: 'Document budgétaire' },
      { codeTypePJ: '99_SE', libelle: 'Fichier de signature électronique' },
    ]);
    expect(m.matieres.map((x) => x.codeMatiere)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(m.matieres[0]?.children[0]?.children.map((x) => x.codeMatiere)).toEqual([
      1, 10, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('reads the archive a TdT sent: its envelope (ns1 prefixes, UTF-8), its Acte and its JPG', async () => {
    const r = await readArchiveFiles(
      createReadStream(conformancePath('actes', 'samples', 'SIC-EACT--210600730--20180115-1.tar.gz')),
    );
    if (!r.ok) throw r.error;
    expect(r.files.map((f) => [f.name, f.bytes.length])).toEqual([
      ['EACT--210600730--20180115-1.xml', 696],
      ['006-210600730-20180115-007-AR-1-1_0.xml', 649],
      ['CO_DE-006-210600730-20180115-007-AR-1-1_1.jpg', 37602],
    ]);
    const envelope = parseMessage(r.files[0]!.bytes);
    expect(envelope.ok && envelope.message).toMatchObject({
      kind: 'EnveloppeCLMISILL',
      emetteur: { siren: '210600730', departement: '006', arrondissement: '2', nature: '02' },
      formulaires: [{ nomFichier: '006-210600730-20180115-007-AR-1-1_0.xml' }],
    });
    const acte = parseMessage(r.files[1]!.bytes);
    expect(acte.ok && acte.message).toMatchObject({
      kind: 'Acte',
      date: '2018-01-15',
      numeroInterne: '007',
      codeNatureActe: 2,
      objet: 'wolo',
      documentPapier: false,
    });
    expect(r.files[2]!.bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });
});
