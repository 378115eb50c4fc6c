// Test helper: fast-check generators of valid values for every message, with accents, markup
// characters and boundary lengths (objet of 1 and 500 characters, NumeroInterne of 1 and 15).
import fc from 'fast-check';
import { luhnCheckDigit } from '../../kernel/siren.ts';
import { formatIdActe } from './id-acte.ts';
import type {
  ActeData,
  ActesMessage,
  ActesMessageKind,
  EnveloppeCLMISILLData,
  MatiereNode,
} from './message-types.ts';

const LATIN1 = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => String.fromCharCode(0xa0 + i)),
];
const latin1Char = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom('é', 'è', 'à', 'ç', 'ô', '«', '»', '&', '<', '>', '"', "'", ']]>'),
  },
  { weight: 6, arbitrary: fc.constantFrom(...LATIN1) },
);

const singleChar = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.constantFrom('é', 'è', 'à', 'ç', 'ô', '«', '»', '&', '<', '>', '"', "'", ']', '\t'),
  },
  { weight: 6, arbitrary: fc.constantFrom(...LATIN1) },
);

/** Latin-1 text on one line (tabs allowed), of exactly minLength…maxLength characters. */
export const lineText = (minLength: number, maxLength: number) =>
  fc.string({ unit: singleChar, minLength, maxLength });

/** Latin-1 free text, line breaks included. */
export const freeText = fc.string({
  unit: fc.oneof(
    { weight: 20, arbitrary: latin1Char },
    { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\t') },
  ),
  maxLength: 120,
});

const objet = fc.oneof(lineText(1, 1), lineText(500, 500), lineText(1, 200));

const NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const numeroInterne = fc
  .oneof(fc.constant(1), fc.constant(15), fc.integer({ min: 2, max: 14 }))
  .chain((length) =>
    fc
      .tuple(
        fc.constantFrom(...NUM),
        fc.string({
          unit: fc.constantFrom(...NUM, '_'),
          minLength: Math.max(0, length - 2),
          maxLength: Math.max(0, length - 2),
        }),
        fc.constantFrom(...NUM),
      )
      .map(([a, middle, z]) => (length === 1 ? a : `${a}${middle}${z}`)),
  );

export const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export const siren = fc.stringMatching(/^\d{8}$/).map((body) => body + luhnCheckDigit(body));
const departement = fc.constantFrom('001', '02A', '02B', '044', '079', '095', '971', '974', '976');
const idActe = fc
  .record({
    departement,
    siren,
    date: isoDate,
    numeroInterne,
    natureAbbrev: fc.constantFrom('DE', 'AR', 'AI', 'CC', 'BF', 'AU'),
  })
  .map(formatIdActe);
const email = fc.stringMatching(
  /^[a-zA-Z0-9_-]{1,10}(\.[a-z0-9_-]{1,6})?@[a-z0-9-]{1,10}(\.[a-z0-9-]{1,6})?\.[a-z]{2,6}$/,
);
const fileName = fc
  .string({
    unit: fc.constantFrom(...LATIN1.filter((c) => c !== '/' && c !== '\\')),
    minLength: 1,
    maxLength: 60,
  })
  .filter((s) => s.trim() === s && s.length > 0);
const signature = fc
  .uint8Array({ minLength: 1, maxLength: 48 })
  .map((b) => Buffer.from(b).toString('base64'));
const fichier = fc.record({ nomFichier: fileName, signature }, { requiredKeys: ['nomFichier'] });

export const acteData: fc.Arbitrary<ActeData> = fc.record(
  {
    date: isoDate,
    numeroInterne,
    codeNatureActe: fc.integer({ min: 1, max: 6 }),
    codesMatiere: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 2, maxLength: 5 }),
    objet,
    classificationDateVersion: isoDate,
    precedentIdentifiantActe: idActe,
    document: fichier,
    annexes: fc.array(fichier, { maxLength: 3 }),
    documentPapier: fc.boolean(),
  },
  {
    requiredKeys: [
      'date',
      'numeroInterne',
      'codeNatureActe',
      'codesMatiere',
      'objet',
      'classificationDateVersion',
      'document',
      'annexes',
      'documentPapier',
    ],
  },
);

const referent = fc.record(
  { nom: lineText(0, 40), telephone: fc.stringMatching(/^[0-9 +.]{0,14}$/), email },
  { requiredKeys: [] },
);
const enveloppeCL: fc.Arbitrary<EnveloppeCLMISILLData> = fc.record(
  {
    emetteur: fc.record({
      siren,
      departement,
      arrondissement: fc.stringMatching(/^\d$/),
      nature: fc.stringMatching(/^\d{2}$/),
    }),
    referent,
    adressesRetour: fc.array(email, { minLength: 1, maxLength: 3 }),
    formulaires: fc.array(fichier, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['emetteur', 'adressesRetour', 'formulaires'] },
);

const courrier = { idActe, dateCourrierPref: isoDate };
const libelle = fc.string({
  unit: fc.oneof(
    { weight: 30, arbitrary: latin1Char },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\n') },
  ),
  maxLength: 60,
});

function matiere(level: number): fc.Arbitrary<MatiereNode> {
  const children =
    level === 5
      ? fc.constant([])
      : fc.array(matiere(level + 1), { minLength: level === 1 ? 1 : 0, maxLength: level < 3 ? 3 : 1 });
  return fc.record({ codeMatiere: fc.integer({ min: 0, max: 999 }), libelle, children });
}

type ArbitraryOf = { [K in ActesMessageKind]: fc.Arbitrary<Extract<ActesMessage, { kind: K }>> };
const k = <K extends ActesMessageKind>(kind: K) => fc.constant(kind);

export const messageArbitraries: ArbitraryOf = {
  Acte: acteData.map((a) => ({ kind: 'Acte' as const, ...a })),
  ReponseCourrierSimple: fc.record({ kind: k('ReponseCourrierSimple'), ...courrier, document: fichier }),
  ARDemandePieceComplementaire: fc.record({ kind: k('ARDemandePieceComplementaire'), ...courrier }),
  RefusPieceComplementaire: fc.record({
    kind: k('RefusPieceComplementaire'),
    ...courrier,
    document: fichier,
  }),
  PieceComplementaire: fc.record({
    kind: k('PieceComplementaire'),
    ...courrier,
    documents: fc.array(fichier, { minLength: 1, maxLength: 4 }),
  }),
  ARLettreObservations: fc.record({ kind: k('ARLettreObservations'), ...courrier }),
  RejetLettreObservations: fc.record({ kind: k('RejetLettreObservations'), ...courrier, document: fichier }),
  ReponseLettreObservations: fc.record({
    kind: k('ReponseLettreObservations'),
    ...courrier,
    document: fichier,
  }),
  Annulation: fc.record({ kind: k('Annulation'), idActe }),
  DemandeClassification: fc.record(
    { kind: k('DemandeClassification'), dateClassification: isoDate },
    { requiredKeys: ['kind'] },
  ),
  EnveloppeCLMISILL: enveloppeCL.map((e) => ({ kind: 'EnveloppeCLMISILL' as const, ...e })),
  ARActe: fc.record({
    kind: k('ARActe'),
    idActe,
    dateReception: isoDate,
    acteRecu: acteData,
    classificationDateVersionEnCours: isoDate,
  }),
  AnomalieActe: fc.record(
    {
      kind: k('AnomalieActe'),
      date: isoDate,
      nature: fc.stringMatching(/^\d{3}$/),
      detail: freeText,
      acteRecu: acteData,
      classificationDateVersionEnCours: isoDate,
    },
    { requiredKeys: ['kind', 'date', 'nature', 'acteRecu', 'classificationDateVersionEnCours'] },
  ),
  AnomalieEnveloppe: fc.record(
    {
      kind: k('AnomalieEnveloppe'),
      date: isoDate,
      nature: fc.constantFrom('001', '002', '003', '004', '005', '100'),
      detail: freeText,
      enveloppeRecue: enveloppeCL,
    },
    { requiredKeys: ['kind', 'date', 'nature', 'enveloppeRecue'] },
  ),
  CourrierSimple: fc.record({ kind: k('CourrierSimple'), ...courrier, document: fichier }),
  DemandePieceComplementaire: fc.record({
    kind: k('DemandePieceComplementaire'),
    ...courrier,
    descriptionPieces: freeText,
    document: fichier,
  }),
  ARPieceComplementaire: fc.record({
    kind: k('ARPieceComplementaire'),
    dateReception: isoDate,
    infosCourrierPref: fc.record(courrier),
  }),
  LettreObservations: fc.record({
    kind: k('LettreObservations'),
    ...courrier,
    motif: freeText,
    document: fichier,
  }),
  ARReponseRejetLettreObservations: fc.record({
    kind: k('ARReponseRejetLettreObservations'),
    dateReception: isoDate,
    infosCourrierPref: fc.record(courrier),
  }),
  DefereTA: fc.record({
    kind: k('DefereTA'),
    idActe,
    dateDepot: isoDate,
    natureIllegalite: freeText,
    piecesJointes: fc.array(fichier, { maxLength: 3 }),
  }),
  ARAnnulation: fc.record({ kind: k('ARAnnulation'), idActe, dateReception: isoDate }),
  RetourClassification: fc.record({
    kind: k('RetourClassification'),
    dateClassification: isoDate,
    naturesActes: fc.array(
      fc.record({
        codeNatureActe: fc.integer({ min: 1, max: 6 }),
        libelle,
        typeAbrege: fc.stringMatching(/^[A-Z]{2}$/),
        typesPJ: fc.array(fc.record({ codeTypePJ: fc.stringMatching(/^[A-Z0-9_]{5}$/), libelle }), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    matieres: fc.array(matiere(1), { minLength: 1, maxLength: 3 }),
  }),
  ReponseClassificationSansChangement: fc.record({
    kind: k('ReponseClassificationSansChangement'),
    dateClassification: isoDate,
  }),
  EnveloppeMISILLCL: fc.record(
    {
      kind: k('EnveloppeMISILLCL'),
      emetteur: fc.oneof(
        fc.record({ type: fc.constant('SGAR' as const), departement }),
        fc.record({ type: fc.constant('Pref' as const), departement }),
        fc.record({
          type: fc.constant('SousPref' as const),
          departement,
          arrondissement: fc.stringMatching(/^\d$/),
        }),
      ),
      referent,
      formulaires: fc.array(fichier, { minLength: 1, maxLength: 3 }),
      destinataire: siren,
    },
    { requiredKeys: ['kind', 'emetteur', 'formulaires', 'destinataire'] },
  ),
};
