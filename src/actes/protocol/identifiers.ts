// Validators for the collectivité's identifiers and the act's number: SIREN, département,
// arrondissement, nature of collectivité, NumeroInterne (protocol §1 and §3).
import { normaliseDepartement, normaliseDigits, sirenProblem } from '../../kernel/siren.ts';
import { invalid, type Validation, valid } from './validation.ts';

/** 9 digits with a valid Luhn key; spaces and dots people type are removed (and said so). */
export function validateSiren(input: string, field = 'siren'): Validation<string> {
  const value = normaliseDigits(input.trim());
  const problem = sirenProblem(value);
  if (problem) return invalid([{ field, message: problem }]);
  const notices =
    value !== input ? [{ field, message: `Le SIREN a été écrit sans espaces ni points : ${value}.` }] : [];
  return valid(value, notices);
}

/** The 3-character @CTES form: "48" → "048", "2a" → "02A", "974". */
export function validateDepartement(input: string, field = 'departement'): Validation<string> {
  const value = normaliseDepartement(input);
  if (!value) {
    return invalid([
      {
        field,
        message: `Le département « ${input} » n'existe pas : indiquez son numéro sur 2 ou 3 caractères (01 à 95, 2A, 2B, 971 à 976).`,
      },
    ]);
  }
  const notices =
    value !== input
      ? [{ field, message: `Le département a été écrit sous la forme attendue : ${value}.` }]
      : [];
  return valid(value, notices);
}

/** One digit, as the préfecture numbers the arrondissements of a département. */
export function validateArrondissement(input: string | number, field = 'arrondissement'): Validation<string> {
  const value = String(input).trim();
  if (!/^\d$/.test(value)) {
    return invalid([
      {
        field,
        message: `L'arrondissement « ${value} » doit être un seul chiffre (0 à 9) : reprenez le numéro d'arrondissement indiqué par la préfecture.`,
      },
    ]);
  }
  return valid(value);
}

/** The 2-digit nature code of the collectivité (31 commune, 44 communauté de communes…). */
export function validateNatureCollectivite(
  input: string | number,
  field = 'natureCollectivite',
): Validation<string> {
  const raw = String(input).trim();
  if (!/^\d{1,2}$/.test(raw)) {
    return invalid([
      {
        field,
        message: `Le code nature de la collectivité « ${raw} » doit comporter 2 chiffres (31 pour une commune, 44 pour une communauté de communes…).`,
      },
    ]);
  }
  return valid(raw.padStart(2, '0'));
}

export const NUMERO_INTERNE_PATTERN = /^([A-Z0-9][A-Z0-9_]{0,13})?[A-Z0-9]$/;

/**
 * 1–15 characters among A–Z, 0–9 and "_", not starting or ending with "_" — the intersection of the
 * schemas and of what S²LOW and Pastell accept. Lowercase letters are upper-cased (and said so).
 */
export function validateNumeroInterne(input: string, field = 'numeroInterne'): Validation<string> {
  const trimmed = input.trim();
  const value = trimmed.toUpperCase();
  const problems: { field: string; message: string }[] = [];
  if (value.length === 0) {
    return invalid([
      {
        field,
        message: "Le numéro de l'acte est vide : indiquez le numéro interne donné par la collectivité.",
      },
    ]);
  }
  if (value.length > 15) {
    problems.push({
      field,
      message: `Le numéro de l'acte « ${trimmed} » fait ${value.length} caractères : 15 au plus sont acceptés, raccourcissez-le.`,
    });
  }
  const forbidden = [...new Set([...value].filter((c) => !/[A-Z0-9_]/.test(c)))];
  if (forbidden.length > 0) {
    const list = forbidden.map((c) => (c === ' ' ? 'les espaces' : `« ${c} »`)).join(', ');
    problems.push({
      field,
      message: `Le numéro de l'acte « ${trimmed} » contient des caractères refusés par la préfecture (${list}) : utilisez seulement des lettres sans accent, des chiffres et « _ ».`,
    });
  }
  if (value.startsWith('_') || value.endsWith('_')) {
    problems.push({
      field,
      message: `Le numéro de l'acte « ${trimmed} » ne peut pas commencer ni finir par « _ » : retirez ce caractère.`,
    });
  }
  if (problems.length > 0) return invalid(problems);
  const notices =
    value !== trimmed
      ? [
          {
            field,
            message: `Le numéro de l'acte a été mis en majuscules, comme l'exige la préfecture : ${value}.`,
          },
        ]
      : [];
  return valid(value, notices);
}

/** The operator's 3-letter code assigned by the ministry (first part of the archive name, e.g. SLO). */
export function validateTrigramme(input: string, field = 'trigramme'): Validation<string> {
  const value = input.trim().toUpperCase();
  if (/^[A-Z0-9]{3}$/.test(value)) return valid(value);
  return invalid([
    {
      field,
      message: `Le trigramme « ${input} » doit compter 3 lettres ou chiffres, comme attribué par le ministère.`,
    },
  ]);
}

/** The application's 4-letter code assigned by the ministry (EACT; TACT on test platforms). */
export function validateQuadrigramme(input: string, field = 'quadrigramme'): Validation<string> {
  const value = input.trim().toUpperCase();
  if (/^[A-Z0-9]{4}$/.test(value)) return valid(value);
  return invalid([
    {
      field,
      message: `Le quadrigramme « ${input} » doit compter 4 lettres ou chiffres (EACT en production, TACT en test).`,
    },
  ]);
}
