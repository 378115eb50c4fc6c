// A transmission service on a test database: a document store in a temporary folder, a fixed clock,
// one collectivité with a current classification, and the real PDF check.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  classificationFromMessage,
  createClassificationCache,
} from '../../src/actes/classification/index.ts';
import type { RetourClassificationData } from '../../src/actes/protocol/index.ts';
import { saveClassification } from '../../src/actes/transmission/classification-store.ts';
import {
  type MinistryGateway,
  pdfDocumentChecker,
  type TransmissionDeps,
  type TransmissionSettings,
} from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createFsDocumentStore } from '../../src/documents/index.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import { sirenFrom } from '../../src/tenants/demo-data.ts';
import { addCollectivite } from '../../src/tenants/index.ts';

export const TEST_CLASSIFICATION: RetourClassificationData = {
  dateClassification: '2026-01-15',
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
      codeNatureActe: 2,
      libelle: 'Actes réglementaires',
      typeAbrege: 'AR',
      typesPJ: [
        { codeTypePJ: '99_AR', libelle: 'Arrêté réglementaire' },
        { codeTypePJ: '99_AU', libelle: 'Autre document' },
      ],
    },
    {
      codeNatureActe: 3,
      libelle: 'Actes individuels',
      typeAbrege: 'AI',
      typesPJ: [
        { codeTypePJ: '99_AI', libelle: 'Acte individuel' },
        { codeTypePJ: '99_AU', libelle: 'Autre document' },
      ],
    },
    {
      codeNatureActe: 4,
      libelle: 'Contrats, conventions et avenants',
      typeAbrege: 'CC',
      typesPJ: [
        { codeTypePJ: '99_DC', libelle: 'Document contractuel' },
        { codeTypePJ: '99_AU', libelle: 'Autre document' },
      ],
    },
    {
      codeNatureActe: 5,
      libelle: 'Documents budgétaires et financiers',
      typeAbrege: 'BF',
      typesPJ: [
        { codeTypePJ: '99_BU', libelle: 'Document budgétaire' },
        { codeTypePJ: '99_AU', libelle: 'Autre document' },
      ],
    },
    {
      codeNatureActe: 6,
      libelle: 'Autres',
      typeAbrege: 'AU',
      typesPJ: [{ codeTypePJ: '99_AU', libelle: 'Autre document' }],
    },
  ],
  matieres: [
    {
      codeMatiere: 1,
      libelle: 'Commande publique',
      children: [{ codeMatiere: 1, libelle: 'Marchés publics', children: [] }],
    },
    {
      codeMatiere: 5,
      libelle: 'Institutions et vie politique',
      children: [{ codeMatiere: 2, libelle: 'Fonctionnement des assemblées', children: [] }],
    },
    {
      codeMatiere: 7,
      libelle: 'Finances locales',
      children: [{ codeMatiere: 1, libelle: 'Décisions budgétaires', children: [] }],
    },
  ],
};

export const TEST_SIREN = '214800344';

/** Transmission settings of the tests: test codes, no window, no ceiling, stamps marked simulated. */
export const TEST_SETTINGS: TransmissionSettings = {
  trigramme: 'TST',
  quadrigramme: 'TACT',
  replyAddress: 'retours@relais.test',
  maxArchiveBytes: 150_000_000,
  simulated: true,
  window: { from: 0, to: 1440 },
  maxBytesPerHour: 0,
};

/**
 * `count` communes of the Lozère with valid SIRENs (21048NNN + key, NNN from `first`), for end-to-end
 * tests and benchmarks.
 */
export async function addTestCommunes(
  db: Db,
  count: number,
  first: number,
  label = 'Commune de test',
): Promise<{ id: string; siren: string }[]> {
  const out: { id: string; siren: string }[] = [];
  for (let i = 0; i < count; i++) {
    const siren = sirenFrom(`21048${String(first + i).padStart(3, '0')}`);
    const c = await addCollectivite(
      { db },
      {
        name: `${label} ${i + 1}`,
        siren,
        type: 'commune',
        departement: '48',
        arrondissement: '1',
        prefectureRattachement: 'Préfecture de la Lozère',
        returnEmail: `mairie${i}@commune.example.fr`,
      },
    );
    out.push({ id: c.id, siren });
  }
  return out;
}

export async function setUpTransmission(
  db: Db,
  gateway: MinistryGateway,
  now = '2026-11-27T10:00:00Z',
): Promise<{ deps: TransmissionDeps; collectiviteId: string; clock: ReturnType<typeof fixedClock> }> {
  const c = await addCollectivite(
    { db },
    {
      name: 'Commune de Chanac',
      siren: TEST_SIREN,
      type: 'commune',
      departement: '48',
      arrondissement: '1',
      prefectureRattachement: 'Préfecture de la Lozère',
      returnEmail: 'mairie@chanac.example.fr',
    },
  );
  await saveClassification(db, c.id, classificationFromMessage(TEST_CLASSIFICATION), '0'.repeat(64));
  const documents = createFsDocumentStore(mkdtempSync(path.join(tmpdir(), 'relais-docs-')));
  const clock = fixedClock(now);
  const deps: TransmissionDeps = {
    db,
    documents,
    clock,
    gateway,
    settings: TEST_SETTINGS,
    checkDocument: pdfDocumentChecker(documents),
    classifications: createClassificationCache(),
  };
  return { deps, collectiviteId: c.id, clock };
}
