// Deterministic data for the demo syndicat: plausible (invented) commune names of one département,
// valid SIRENs, a few people per role. Pure: the same call always gives the same data.
import { luhnCheckDigit } from '../kernel/siren.ts';
import type { CollectiviteInput } from './collectivite.ts';

export const DEMO_DEPARTEMENT = '048';
export const DEMO_OPERATOR = {
  name: 'Syndicat mixte Lozère Numérique (démonstration)',
  siren: sirenFrom('25480001'),
  email: 'contact@lozere-numerique.example.fr',
  phone: '04 66 00 00 00',
  address: '1 place du Foirail, 48000 Mende',
};

const SAINTS = [
  'Saint-Martin',
  'Saint-Julien',
  'Saint-Privat',
  'Sainte-Colombe',
  'Saint-Étienne',
  'Saint-Sauveur',
  'Sainte-Enimie',
  'Saint-Germain',
  'Saint-Laurent',
  'Saint-Pierre',
  'Saint-Jean',
  'Sainte-Croix',
];
const LINKS = ['-de-', '-du-', '-sur-', '-en-'];
const PLACES = [
  'Tarn',
  'Lot',
  'Margeride',
  'Aubrac',
  'Causse',
  'Valdonnez',
  'Gévaudan',
  'Cévennes',
  'Mimente',
  'Colagne',
  'Truyère',
  'Bouquet',
  'Randon',
  'Chapieu',
];
const SIMPLE = [
  'Le Buisson',
  'La Fage',
  'Les Salelles',
  'Chanac',
  'Barjac',
  'Balsièges',
  'Esclanèdes',
  'Grèzes',
  'Lanuéjols',
  'Montrodat',
  'Palhers',
  'Recoules',
  'Rieutort',
  'Servières',
  'Badaroux',
  'Brenoux',
  'Cultures',
  'Allenc',
  'Arzenc',
  'Chastel',
  'Fontans',
  'Javols',
  'Prinsuéjols',
  'Ribennes',
  'Les Bessons',
  'La Panouse',
  'Le Malzieu',
  'Paulhac',
  'Estables',
  'Laval-Atger',
  'Naussac',
  'Auroux',
  'Chaudeyrac',
  'Cubières',
  'Altier',
];

export function sirenFrom(eightDigits: string): string {
  return eightDigits + luhnCheckDigit(eightDigits);
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function demoCommuneNames(count = 85): string[] {
  const names: string[] = [...SIMPLE];
  for (let i = 0; names.length < count; i++) {
    const name = `${SAINTS[i % SAINTS.length]}${LINKS[i % LINKS.length]}${PLACES[(i * 5) % PLACES.length]}`;
    if (!names.includes(name)) names.push(name);
  }
  return names.slice(0, count).sort((a, b) => a.localeCompare(b, 'fr'));
}

const CC_NAMES = [
  'Communauté de communes Cœur de Lozère',
  'Communauté de communes des Hautes Terres',
  'Communauté de communes Gorges Causses Cévennes',
  'Communauté de communes Randon Margeride',
];

export function demoCollectivites(): CollectiviteInput[] {
  const communes = demoCommuneNames().map((name, i): CollectiviteInput => {
    const arrondissement = i % 3 === 2 ? '2' : '1';
    return {
      name: `Commune de ${name}`,
      siren: sirenFrom(`21048${String(i + 1).padStart(3, '0')}`),
      type: 'commune',
      departement: DEMO_DEPARTEMENT,
      arrondissement,
      prefectureRattachement:
        arrondissement === '1' ? 'Préfecture de la Lozère' : 'Sous-préfecture de Florac',
      referentName: 'Secrétariat de mairie',
      referentPhone: `04 66 ${String(10 + (i % 80)).padStart(2, '0')} ${String(i).padStart(2, '0')} 00`,
      referentEmail: `mairie@${slug(name)}.example.fr`,
      returnEmail: `actes@${slug(name)}.example.fr`,
      conventionDate: '2024-03-01',
      conventionReference: `CONV-048-${String(i + 1).padStart(3, '0')}`,
      modules: 'actes',
    };
  });
  const ccs = CC_NAMES.map(
    (name, i): CollectiviteInput => ({
      name,
      siren: sirenFrom(`2000480${i + 1}`),
      type: 'communaute_communes',
      departement: DEMO_DEPARTEMENT,
      arrondissement: '1',
      prefectureRattachement: 'Préfecture de la Lozère',
      referentName: 'Direction générale des services',
      referentEmail: `dgs@${slug(name)}.example.fr`,
      returnEmail: `actes@${slug(name)}.example.fr`,
      conventionDate: '2023-11-15',
      conventionReference: `CONV-048-CC${i + 1}`,
      modules: 'actes,helios',
    }),
  );
  return [...ccs, ...communes];
}

export interface DemoPerson {
  name: string;
  email: string;
  function: string;
  isOperatorAdmin?: boolean;
  /** Index in demoCollectivites() and roles there. */
  memberships: { index: number; roles: string }[];
}

export function demoPeople(): DemoPerson[] {
  return [
    {
      name: 'Claire Valette',
      email: 'claire.valette@lozere-numerique.example.fr',
      function: 'Directrice du syndicat',
      isOperatorAdmin: true,
      memberships: [],
    },
    {
      name: 'Marc Roussel',
      email: 'marc.roussel@lozere-numerique.example.fr',
      function: 'Technicien support',
      isOperatorAdmin: true,
      memberships: [],
    },
    // A secrétaire de mairie shared by three villages: one person, several collectivités.
    {
      name: 'Sophie Martin',
      email: 'sophie.martin@example.fr',
      function: 'Secrétaire de mairie',
      memberships: [
        { index: 4, roles: 'transmitter,preparer' },
        { index: 5, roles: 'transmitter,preparer' },
        { index: 6, roles: 'transmitter,preparer' },
      ],
    },
    {
      name: 'Jean Dupuy',
      email: 'jean.dupuy@example.fr',
      function: 'Maire',
      memberships: [{ index: 4, roles: 'admin,transmitter' }],
    },
    {
      name: 'Lucie Bonnal',
      email: 'lucie.bonnal@example.fr',
      function: 'Agent administratif',
      memberships: [{ index: 4, roles: 'preparer' }],
    },
    {
      name: 'Henri Castan',
      email: 'henri.castan@example.fr',
      function: 'Conseiller municipal',
      memberships: [{ index: 4, roles: 'reader' }],
    },
    {
      name: 'Odile Pagès',
      email: 'odile.pages@example.fr',
      function: 'Archiviste intercommunale',
      memberships: [
        { index: 0, roles: 'archivist' },
        { index: 4, roles: 'archivist' },
      ],
    },
    {
      name: 'Paul Vidal',
      email: 'paul.vidal@example.fr',
      function: 'Directeur général des services',
      memberships: [{ index: 0, roles: 'admin,transmitter' }],
    },
    {
      name: 'Nadia Amrani',
      email: 'nadia.amrani@example.fr',
      function: 'Assistante de direction',
      memberships: [
        { index: 0, roles: 'preparer' },
        { index: 1, roles: 'preparer' },
      ],
    },
    {
      name: 'Thierry Boyer',
      email: 'thierry.boyer@example.fr',
      function: 'Maire',
      memberships: [{ index: 7, roles: 'admin,transmitter' }],
    },
  ];
}
