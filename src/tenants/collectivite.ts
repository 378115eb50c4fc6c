// A member collectivité: its fields, the @CTES nature codes, and the validation of what an operator types.
import type { FieldProblem } from '../kernel/errors.ts';
import {
  departementProblem,
  normaliseDepartement,
  normaliseDigits,
  sirenProblem,
  siretProblem,
} from '../kernel/siren.ts';
import { emailProblem, parseFrenchDate } from './fields.ts';

export const COLLECTIVITE_TYPES = {
  commune: 'Commune',
  communaute_communes: 'Communauté de communes',
  communaute_agglomeration: "Communauté d'agglomération",
  communaute_urbaine: 'Communauté urbaine',
  metropole: 'Métropole',
  syndicat: 'Syndicat',
  departement: 'Département',
  region: 'Région',
  etablissement_public: 'Établissement public',
  autre: 'Autre',
} as const;

export type CollectiviteType = keyof typeof COLLECTIVITE_TYPES;

/** The @CTES collectivité nature code implied by a type, where there is one. */
export const DEFAULT_NATURE_CODE: Partial<Record<CollectiviteType, string>> = {
  commune: '31',
  communaute_communes: '44',
  communaute_urbaine: '45',
  communaute_agglomeration: '46',
  departement: '21',
  region: '11',
};

export const MODULES = ['actes', 'helios'] as const;
export type Module = (typeof MODULES)[number];

export interface Collectivite {
  id: string;
  name: string;
  siren: string;
  siret: string | null;
  type: CollectiviteType;
  departement: string;
  arrondissement: number;
  natureCode: string;
  prefectureRattachement: string;
  referentName: string | null;
  referentPhone: string | null;
  referentEmail: string | null;
  returnEmail: string | null;
  conventionDate: string | null;
  conventionReference: string | null;
  modules: Module[];
  createdAt: Date;
}

export type NewCollectivite = Omit<Collectivite, 'id' | 'createdAt'>;

/** Raw input as typed in a form, a CLI option or a CSV cell: everything is text, anything may be missing. */
export type CollectiviteInput = Partial<Record<keyof NewCollectivite, string | undefined>>;

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const opt = (v: string | undefined) => (blank(v) ? null : v!.trim());

export function validateCollectivite(input: CollectiviteInput): Validated<NewCollectivite> {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string | null) => {
    if (message) problems.push({ field, message });
  };

  const name = (input.name ?? '').trim();
  if (!name) add('name', 'Le nom de la collectivité est obligatoire.');
  else if (name.length > 200) add('name', 'Le nom de la collectivité ne doit pas dépasser 200 caractères.');

  const siren = normaliseDigits(input.siren ?? '');
  add('siren', siren ? sirenProblem(siren) : 'Le SIREN est obligatoire (9 chiffres).');

  const siret = blank(input.siret) ? null : normaliseDigits(input.siret!);
  if (siret) add('siret', siretProblem(siret, sirenProblem(siren) ? undefined : siren));

  const type = (input.type ?? '').trim() as CollectiviteType;
  if (!(type in COLLECTIVITE_TYPES))
    add(
      'type',
      `Le type « ${input.type ?? ''} » est inconnu. Types possibles : ${Object.keys(COLLECTIVITE_TYPES).join(', ')}.`,
    );

  const dep = (input.departement ?? '').trim();
  add(
    'departement',
    dep ? departementProblem(dep) : 'Le département est obligatoire (par exemple 48, 2A, 974).',
  );

  const arr = (input.arrondissement ?? '').trim();
  const arrondissement = Number(arr);
  if (!/^\d$/.test(arr))
    add('arrondissement', `L'arrondissement « ${arr} » doit être un chiffre de 0 à 9 (1 pour le chef-lieu).`);

  const natureCode = (input.natureCode ?? '').trim() || DEFAULT_NATURE_CODE[type] || '';
  if (!/^\d{2}$/.test(natureCode))
    add(
      'natureCode',
      natureCode
        ? `Le code nature @CTES « ${natureCode} » doit comporter 2 chiffres (31 commune, 44 communauté de communes…).`
        : 'Le code nature @CTES est obligatoire pour ce type de collectivité (2 chiffres, voir la convention avec la préfecture).',
    );

  const prefectureRattachement = (input.prefectureRattachement ?? '').trim();
  if (!prefectureRattachement)
    add(
      'prefectureRattachement',
      'Indiquez la préfecture ou sous-préfecture de rattachement (par exemple « Préfecture de la Lozère »).',
    );

  for (const f of ['referentEmail', 'returnEmail'] as const) {
    const v = opt(input[f]);
    if (v) add(f, emailProblem(v));
  }

  let conventionDate: string | null = null;
  if (!blank(input.conventionDate)) {
    conventionDate = parseFrenchDate(input.conventionDate!.trim());
    if (!conventionDate)
      add(
        'conventionDate',
        `La date de convention « ${input.conventionDate} » n'est pas une date : écrivez-la JJ/MM/AAAA.`,
      );
  }

  const modules = (blank(input.modules) ? 'actes' : input.modules!)
    .split(/[,\s|]+/)
    .filter(Boolean)
    .map((m) => m.toLowerCase());
  const unknownModules = modules.filter((m) => !(MODULES as readonly string[]).includes(m));
  if (unknownModules.length)
    add(
      'modules',
      `Module inconnu : ${unknownModules.join(', ')}. Modules possibles : ${MODULES.join(', ')}.`,
    );

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      siren,
      siret,
      type,
      departement: normaliseDepartement(dep)!,
      arrondissement,
      natureCode,
      prefectureRattachement,
      referentName: opt(input.referentName),
      referentPhone: opt(input.referentPhone),
      referentEmail: opt(input.referentEmail),
      returnEmail: opt(input.returnEmail),
      conventionDate,
      conventionReference: opt(input.conventionReference),
      modules: [...new Set(modules)] as Module[],
    },
  };
}
