// Validators for the fields of an act: nature, codes matières, typology, objet, decision date, e-mail.
import { ACT_NATURES, type ActNature, findActNature } from './act-nature.ts';
import { frenchDate, isIsoDate } from './dates.ts';
import { unencodableCharMessage, unencodableChars } from './latin1.ts';
import { type FieldProblem, invalid, type Validation, valid } from './validation.ts';

export function validateActNature(input: number | string, field = 'nature'): Validation<ActNature> {
  const nature = findActNature(input);
  if (nature) return valid(nature);
  const list = ACT_NATURES.map((n) => `${n.code} ${n.abbrev} (${n.label})`).join(', ');
  return invalid([
    { field, message: `La nature d'acte « ${input} » n'existe pas : choisissez parmi ${list}.` },
  ]);
}

/**
 * Codes matières as "1.2.3" or [1, 2, 3]: levels 1 and 2 are required, 5 levels at most, each a
 * positive whole number.
 */
export function validateClassificationCodes(
  input: string | readonly number[],
  field = 'classification',
): Validation<number[]> {
  const parts = typeof input === 'string' ? input.trim().split('.') : input.map(String);
  const shown = typeof input === 'string' ? input.trim() : input.join('.');
  const problems: FieldProblem[] = [];
  if (parts.length < 2 || parts.some((p) => p === '')) {
    problems.push({
      field,
      message: `La classification « ${shown} » est incomplète : indiquez au moins la matière et la sous-matière (par exemple 1.1).`,
    });
  }
  if (parts.length > 5) {
    problems.push({
      field,
      message: `La classification « ${shown} » a ${parts.length} niveaux : 5 au plus sont possibles.`,
    });
  }
  if (parts.some((p) => p !== '' && !/^[1-9]\d{0,3}$/.test(p))) {
    problems.push({
      field,
      message: `La classification « ${shown} » doit être faite de nombres entiers séparés par des points (par exemple 7.1.2).`,
    });
  }
  if (problems.length > 0) return invalid(problems);
  return valid(parts.map(Number));
}

export const TYPOLOGY_PATTERN = /^[A-Z0-9_]{5}$/;

/** A document type code of the 2.2 typology ("99_DE", "11_AE"…); lowercase is upper-cased. */
export function validateTypologyCode(input: string, field = 'typologie'): Validation<string> {
  const trimmed = input.trim();
  const value = trimmed.toUpperCase();
  if (!TYPOLOGY_PATTERN.test(value)) {
    return invalid([
      {
        field,
        message: `Le type de document « ${trimmed} » n'est pas un code de typologie : il s'écrit avec 5 caractères, chiffres, lettres majuscules ou « _ » (par exemple 99_DE).`,
      },
    ]);
  }
  const notices =
    value !== trimmed ? [{ field, message: `Le type de document a été mis en majuscules : ${value}.` }] : [];
  return valid(value, notices);
}

export const OBJET_MAX_LENGTH = 500;

/** 1–500 characters on one line, all of them carried by ISO-8859-1. Surrounding spaces are removed. */
export function validateObjet(input: string, field = 'objet'): Validation<string> {
  const value = input.trim();
  const problems: FieldProblem[] = [];
  if (value.length === 0) {
    return invalid([
      { field, message: "L'objet de l'acte est vide : résumez en une phrase ce que décide l'acte." },
    ]);
  }
  const length = [...value].length;
  if (length > OBJET_MAX_LENGTH) {
    problems.push({
      field,
      message: `L'objet de l'acte fait ${length} caractères : la préfecture en accepte ${OBJET_MAX_LENGTH} au plus, raccourcissez-le.`,
    });
  }
  if (/[\r\n\u2028\u2029\u0085]/.test(value)) {
    problems.push({
      field,
      message:
        "L'objet de l'acte doit tenir sur une seule ligne : remplacez les retours à la ligne par des espaces.",
    });
  }
  for (const bad of unencodableChars(value.replace(/[\r\n\u0085\u2028\u2029]/g, ' '))) {
    problems.push({ field, message: unencodableCharMessage("L'objet de l'acte", bad) });
  }
  return problems.length > 0 ? invalid(problems) : valid(value);
}

/** A real calendar date, not after `today` (both YYYY-MM-DD; today is given by the caller's clock). */
export function validateDecisionDate(
  input: string,
  today: string,
  field = 'dateDecision',
): Validation<string> {
  const value = input.trim();
  if (!isIsoDate(value)) {
    return invalid([
      {
        field,
        message: `La date de décision « ${value} » n'est pas une date valide : indiquez-la sous la forme AAAA-MM-JJ.`,
      },
    ]);
  }
  if (value > today) {
    return invalid([
      {
        field,
        message: `La date de décision (${frenchDate(value)}) est dans le futur : un acte ne peut être transmis qu'une fois décidé.`,
      },
    ]);
  }
  return valid(value);
}

/** A YYYY-MM-DD date that exists (classification date, letter date…). */
export function validateIsoDate(input: string, field: string, label: string): Validation<string> {
  const value = input.trim();
  if (isIsoDate(value)) return valid(value);
  return invalid([
    {
      field,
      message: `${label} « ${value} » n'est pas une date valide : indiquez-la sous la forme AAAA-MM-JJ.`,
    },
  ]);
}

/** The pattern of the schema's Email type (actesv1_1.xsd), anchored: no "+", top-level domain of 2–6 letters. */
export const EMAIL_PATTERN =
  /^[_a-zA-Z0-9-]+(\.[_a-zA-Z0-9-]+)*@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,6}$/;

/** An address the @CTES schema accepts. */
export function validateEmail(input: string, field = 'email'): Validation<string> {
  const value = input.trim();
  if (EMAIL_PATTERN.test(value)) return valid(value);
  const at = value.lastIndexOf('@');
  const domain = at >= 0 ? value.slice(at + 1) : '';
  const tld = domain.includes('.') ? domain.slice(domain.lastIndexOf('.') + 1) : '';
  let message: string;
  if (at < 1 || !domain.includes('.')) {
    message = `L'adresse « ${value} » n'est pas une adresse électronique complète (nom@domaine.fr).`;
  } else if (/^[a-zA-Z]{7,}$/.test(tld)) {
    message = `L'adresse « ${value} » se termine par « .${tld} » : la préfecture n'accepte que les extensions de 2 à 6 lettres (.fr, .com, .bzh…). Donnez une autre adresse.`;
  } else {
    const odd = [...new Set([...value].filter((c) => !/[_a-zA-Z0-9.@-]/.test(c)))];
    message =
      odd.length > 0
        ? `L'adresse « ${value} » contient des caractères que la préfecture refuse (${odd.map((c) => `« ${c} »`).join(', ')}) : seuls les lettres sans accent, chiffres, « . », « - » et « _ » sont acceptés.`
        : `L'adresse « ${value} » n'a pas une forme acceptée par la préfecture (nom@domaine.fr, sans point au début, à la fin ni doublé).`;
  }
  return invalid([{ field, message }]);
}
