// Builds what a collectivité's platform sends, with the codec's own builders: envelopes, 1-1 acts with
// their documents, cancellations, classification requests and answers to letters, packed as tar.gz.
import { Writable } from 'node:stream';
import {
  type ActeData,
  actBaseName,
  archiveFileName,
  buildActe,
  buildEnveloppeCLMISILL,
  buildMessage,
  type CollectiviteMessage,
  classificationRequestFileName,
  documentFileName,
  envelopeFileName,
  findActNature,
  formatIdActe,
  messageFileName,
  writeArchive,
} from '../../../actes/protocol/index.ts';

export const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface NamedFile {
  name: string;
  bytes: Uint8Array;
}

export interface TestEnvelope {
  siren: string;
  departement?: string;
  arrondissement?: string;
  nature?: string;
  /** Day of sending (YYYY-MM-DD). */
  date: string;
  counter: number;
  quadrigramme?: string;
  trigramme?: string;
  returnAddresses?: string[];
}

export interface TestArchive {
  name: string;
  envelopeName: string;
  bytes: Buffer;
}

async function tarGz(files: NamedFile[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeArchive(
    files.map((f) => ({ name: f.name, size: f.bytes.byteLength, content: f.bytes })),
    sink,
  );
  return Buffer.concat(chunks);
}

/** Packs the envelope citing `messages`, the messages and the documents, named as the protocol says. */
export async function buildTestArchive(
  env: TestEnvelope,
  messages: NamedFile[],
  documents: NamedFile[] = [],
  extra: { envelopeBytes?: Buffer; archiveName?: string } = {},
): Promise<TestArchive> {
  const envelopeName = envelopeFileName({
    quadrigramme: env.quadrigramme ?? 'TACT',
    siren: env.siren,
    date: env.date,
    counter: env.counter,
  });
  const envelope =
    extra.envelopeBytes ??
    buildEnveloppeCLMISILL({
      emetteur: {
        siren: env.siren,
        departement: env.departement ?? '048',
        arrondissement: env.arrondissement ?? '1',
        nature: env.nature ?? '31',
      },
      referent: { nom: 'Secrétariat de mairie', email: 'mairie@commune-test.fr' },
      adressesRetour: env.returnAddresses ?? ['retours-actes@relais.test', 'mairie@commune-test.fr'],
      formulaires: messages.map((m) => ({ nomFichier: m.name })),
    });
  const bytes = await tarGz([{ name: envelopeName, bytes: envelope }, ...messages, ...documents]);
  return {
    name: extra.archiveName ?? archiveFileName(env.trigramme ?? 'TST', envelopeName),
    envelopeName,
    bytes,
  };
}

export interface TestAct {
  siren: string;
  departement?: string;
  numeroInterne: string;
  date: string;
  codeNatureActe?: number;
  codesMatiere?: number[];
  classificationDate: string;
  objet?: string;
  mainTypology?: string;
  annexes?: { typology: string; extension?: string; bytes?: Buffer }[];
  mainBytes?: Buffer;
}

const MAIN_TYPOLOGY: Record<string, string> = {
  DE: '99_DE',
  AR: '99_AR',
  AI: '99_AI',
  CC: '99_DC',
  BF: '99_BU',
  AU: '99_AU',
};

/** The 1-1 message and its documents; the IDActe the préfecture will give it. */
export function buildTestAct(a: TestAct): {
  idActe: string;
  acte: ActeData;
  message: NamedFile;
  documents: NamedFile[];
} {
  const nature = findActNature(a.codeNatureActe ?? 1)!;
  const departement = a.departement ?? '048';
  const parts = {
    departement,
    siren: a.siren,
    decisionDate: a.date,
    numeroInterne: a.numeroInterne,
    natureAbbrev: nature.abbrev,
  };
  const base = actBaseName(parts, '1-1');
  const main = documentFileName(a.mainTypology ?? MAIN_TYPOLOGY[nature.abbrev]!, base, 1, 'pdf');
  const annexes = (a.annexes ?? []).map((x, i) => ({
    name: documentFileName(x.typology, base, i + 2, x.extension ?? 'pdf'),
    bytes: x.bytes ?? MINIMAL_PDF,
  }));
  const acte: ActeData = {
    date: a.date,
    numeroInterne: a.numeroInterne,
    codeNatureActe: nature.code,
    codesMatiere: a.codesMatiere ?? [5, 2, 1],
    objet: a.objet ?? 'Délibération de test : règlement intérieur du conseil municipal',
    classificationDateVersion: a.classificationDate,
    document: { nomFichier: main },
    annexes: annexes.map((x) => ({ nomFichier: x.name })),
    documentPapier: false,
  };
  return {
    idActe: formatIdActe({ ...parts, date: a.date }),
    acte,
    message: { name: messageFileName(base), bytes: buildActe(acte) },
    documents: [{ name: main, bytes: a.mainBytes ?? MINIMAL_PDF }, ...annexes],
  };
}

/** A message about an act (6-1, 2-2, 3-x, 4-x), named {IDActe}-{code}_0.xml. */
export function buildTestMessage(message: CollectiviteMessage, idActe: string, code: string): NamedFile {
  return { name: `${idActe}-${code}_0.xml`, bytes: buildMessage(message) };
}

export function buildTestClassificationRequest(siren: string, dateClassification?: string): NamedFile {
  return {
    name: classificationRequestFileName('048', siren),
    bytes: buildMessage({
      kind: 'DemandeClassification',
      ...(dateClassification ? { dateClassification } : {}),
    }),
  };
}
