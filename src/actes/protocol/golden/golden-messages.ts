// One realistic message of every kind, with accents and the optional parts, whose built bytes are kept
// as golden files beside this module (compared byte for byte by golden.test.ts).
import type { ActeData, ActesMessage, EnveloppeCLMISILLData } from '../message-types.ts';

const base = '079-217901230-20240115-DEL2024_01-DE';
const idActe = base;

export const GOLDEN_ACTE: ActeData = {
  date: '2024-01-15',
  numeroInterne: 'DEL2024_01',
  codeNatureActe: 1,
  codesMatiere: [7, 1, 2],
  objet: "Budget primitif 2024 : vote des taux d'imposition & création d'une régie « cantine » à Échiré",
  classificationDateVersion: '2023-06-01',
  precedentIdentifiantActe: '079-217901230-20231201-DEL2023_40-DE',
  document: { nomFichier: `99_DE-${base}-1-1_1.pdf`, signature: 'MIIBszCCAVmgAwIBAgIUe3Jl' },
  annexes: [{ nomFichier: `99_AU-${base}-1-1_2.pdf` }, { nomFichier: `99_AU-${base}-1-1_3.jpg` }],
  documentPapier: false,
};

const enveloppe: EnveloppeCLMISILLData = {
  emetteur: { siren: '217901230', departement: '079', arrondissement: '2', nature: '31' },
  referent: { nom: 'Hélène Müller', telephone: '05 49 00 00 00', email: 'secretariat@mairie-echire.fr' },
  adressesRetour: ['retour-actes@relais.example.fr', 'secretariat@mairie-echire.fr'],
  formulaires: [{ nomFichier: `${base}-1-1_0.xml` }],
};

const courrier = { idActe, dateCourrierPref: '2024-02-20' };
const document = (code: string, n: number) => ({ nomFichier: `${base}-${code}_${n}.pdf` });

export const GOLDEN_MESSAGES: Record<string, ActesMessage> = {
  '1-1-Acte': { kind: 'Acte', ...GOLDEN_ACTE },
  '2-2-ReponseCourrierSimple': { kind: 'ReponseCourrierSimple', ...courrier, document: document('2-2', 1) },
  '3-2-ARDemandePieceComplementaire': { kind: 'ARDemandePieceComplementaire', ...courrier },
  '3-3-RefusPieceComplementaire': {
    kind: 'RefusPieceComplementaire',
    ...courrier,
    document: document('3-3', 1),
  },
  '3-4-PieceComplementaire': {
    kind: 'PieceComplementaire',
    ...courrier,
    documents: [document('3-4', 1), { nomFichier: `${base}-3-4_2.pdf`, signature: 'QUJDRA==' }],
  },
  '4-2-ARLettreObservations': { kind: 'ARLettreObservations', ...courrier },
  '4-3-RejetLettreObservations': {
    kind: 'RejetLettreObservations',
    ...courrier,
    document: document('4-3', 1),
  },
  '4-4-ReponseLettreObservations': {
    kind: 'ReponseLettreObservations',
    ...courrier,
    document: document('4-4', 1),
  },
  '6-1-Annulation': { kind: 'Annulation', idActe },
  '7-1-DemandeClassification': { kind: 'DemandeClassification', dateClassification: '2023-06-01' },
  EnveloppeCLMISILL: { kind: 'EnveloppeCLMISILL', ...enveloppe },
  '1-2-ARActe': {
    kind: 'ARActe',
    idActe,
    dateReception: '2024-01-16',
    acteRecu: GOLDEN_ACTE,
    classificationDateVersionEnCours: '2023-06-01',
  },
  '1-3-AnomalieActe': {
    kind: 'AnomalieActe',
    date: '2024-01-16',
    nature: '002',
    detail: "ODT-VERIF-01 : Votre acte a été transmis avec une date de classification qui n'est pas à jour",
    acteRecu: GOLDEN_ACTE,
    classificationDateVersionEnCours: '2023-12-01',
  },
  AnomalieEnveloppe: {
    kind: 'AnomalieEnveloppe',
    date: '2024-01-16',
    nature: '005',
    detail: "PREF-VERIF-02 : Votre numéro de SIREN n'est pas encore enregistré dans l'application ACTES.",
    enveloppeRecue: enveloppe,
  },
  '2-1-CourrierSimple': { kind: 'CourrierSimple', ...courrier, document: document('2-1', 1) },
  '3-1-DemandePieceComplementaire': {
    kind: 'DemandePieceComplementaire',
    ...courrier,
    descriptionPieces: "Merci de transmettre le rapport de présentation\net l'avis du comité technique.",
    document: document('3-1', 1),
  },
  '3-5-ARPieceComplementaire': {
    kind: 'ARPieceComplementaire',
    dateReception: '2024-03-01',
    infosCourrierPref: courrier,
  },
  '4-1-LettreObservations': {
    kind: 'LettreObservations',
    ...courrier,
    motif: "Incompétence de l'autorité signataire : la délégation n'a pas été publiée.",
    document: document('4-1', 1),
  },
  '4-5-ARReponseRejetLettreObservations': {
    kind: 'ARReponseRejetLettreObservations',
    dateReception: '2024-03-05',
    infosCourrierPref: courrier,
  },
  '5-1-DefereTA': {
    kind: 'DefereTA',
    idActe,
    dateDepot: '2024-03-15',
    natureIllegalite: 'Méconnaissance des règles de la commande publique (article L. 2122-1).',
    piecesJointes: [document('5-1', 1), document('5-1', 2)],
  },
  '6-2-ARAnnulation': { kind: 'ARAnnulation', idActe, dateReception: '2024-01-17' },
  '7-2-RetourClassification': {
    kind: 'RetourClassification',
    dateClassification: '2023-06-01',
    naturesActes: [
      {
        codeNatureActe: 1,
        libelle: 'Délibérations',
        typeAbrege: 'DE',
        typesPJ: [
          { codeTypePJ: '99_DE', libelle: 'Délibération' },
          { codeTypePJ: '99_AU', libelle: 'Autre document' },
        ],
      },
      {
        codeNatureActe: 4,
        libelle: 'Contrats, conventions et avenants',
        typeAbrege: 'CC',
        typesPJ: [{ codeTypePJ: '11_AE', libelle: "Acte d'engagement" }],
      },
    ],
    matieres: [
      {
        codeMatiere: 1,
        libelle: 'Commande publique',
        children: [
          {
            codeMatiere: 1,
            libelle: 'Marchés publics',
            children: [
              {
                codeMatiere: 9,
                libelle: 'Marchés passés selon une procédure adaptée (MAPA)',
                children: [
                  {
                    codeMatiere: 1,
                    libelle: 'Travaux',
                    children: [{ codeMatiere: 2, libelle: 'Voirie', children: [] }],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        codeMatiere: 7,
        libelle: 'Finances locales',
        children: [{ codeMatiere: 1, libelle: 'Décisions budgétaires', children: [] }],
      },
    ],
  },
  '7-3-ReponseClassificationSansChangement': {
    kind: 'ReponseClassificationSansChangement',
    dateClassification: '2023-06-01',
  },
  EnveloppeMISILLCL: {
    kind: 'EnveloppeMISILLCL',
    emetteur: { type: 'SousPref', departement: '079', arrondissement: '2' },
    referent: { nom: 'Sous-préfecture de Bressuire', email: 'pref-actes@deux-sevres.gouv.fr' },
    formulaires: [{ nomFichier: `${base}-1-2_0.xml` }],
    destinataire: '217901230',
  },
};
