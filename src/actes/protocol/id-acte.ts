// IDActe, the act identifier the préfecture assigns and returns in its AR (protocol §3):
// {dept}-{SIREN}-{YYYYMMDD}-{NumeroInterne}-{nature abbreviation}, 41 characters at most.
import { compactDate } from './dates.ts';
import { invalid, type Validation, valid } from './validation.ts';

export interface IdActeParts {
  departement: string;
  siren: string;
  /** YYYY-MM-DD */
  date: string;
  numeroInterne: string;
  natureAbbrev: string;
}

export const ID_ACTE_MAX_LENGTH = 41;

/** The schema's pattern (actesv1_1.xsd, 2.2), anchored. */
export const ID_ACTE_PATTERN =
  /^([0|9][0-9][A|B|0-9])-([0-9]{9})-([0-9]{8})-((?:[a-zA-Z0-9][a-zA-Z0-9_]{0,13})?[a-zA-Z0-9])-([A-Z]{2})$/;

export function formatIdActe(parts: IdActeParts): string {
  return [
    parts.departement,
    parts.siren,
    compactDate(parts.date),
    parts.numeroInterne,
    parts.natureAbbrev,
  ].join('-');
}

/** Splits an IDActe into its parts, or undefined if it does not follow the schema. */
export function parseIdActe(idActe: string): IdActeParts | undefined {
  const m = ID_ACTE_PATTERN.exec(idActe);
  if (!m || idActe.length > ID_ACTE_MAX_LENGTH) return undefined;
  const d = m[3]!;
  return {
    departement: m[1]!,
    siren: m[2]!,
    date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    numeroInterne: m[4]!,
    natureAbbrev: m[5]!,
  };
}

export function isIdActe(value: string): boolean {
  return parseIdActe(value) !== undefined;
}

export function validateIdActe(input: string, field = 'idActe'): Validation<string> {
  const value = input.trim();
  if (isIdActe(value)) return valid(value);
  return invalid([
    {
      field,
      message: `L'identifiant d'acte « ${value} » n'a pas la forme attendue (par exemple 079-217901234-20240115-DEL2024_01-DE) : recopiez-le depuis l'accusé de réception de la préfecture.`,
    },
  ]);
}
