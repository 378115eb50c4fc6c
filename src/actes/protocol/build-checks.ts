// Checks the builders run before writing anything, so that every file they produce validates against
// the ACTES 2.2 schema ("strict about what we send"). A failure throws VALIDATION_FAILED with every problem.
import { validationError } from '../../kernel/errors.ts';
import { EMAIL_PATTERN, OBJET_MAX_LENGTH, TYPOLOGY_PATTERN } from './act-fields.ts';
import { isActNatureCode } from './act-nature.ts';
import { isIsoDate } from './dates.ts';
import { isIdActe } from './id-acte.ts';
import { validateDepartement, validateNumeroInterne, validateSiren } from './identifiers.ts';
import type { FichierSigne } from './message-types.ts';
import type { FieldProblem } from './validation.ts';

export class BuildChecker {
  readonly problems: FieldProblem[] = [];

  fail(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  date(value: string, field: string): void {
    if (!isIsoDate(value))
      this.fail(field, `La date « ${value} » (${field}) doit être une date réelle au format AAAA-MM-JJ.`);
  }

  idActe(value: string, field: string): void {
    if (!isIdActe(value)) {
      this.fail(
        field,
        `L'identifiant d'acte « ${value} » (${field}) n'a pas la forme attendue, par exemple 079-217901234-20240115-DEL2024_01-DE.`,
      );
    }
  }

  numeroInterne(value: string, field: string): void {
    const r = validateNumeroInterne(value, field);
    if (!r.ok) this.problems.push(...r.problems);
    else if (r.value !== value)
      this.fail(field, `Le numéro de l'acte « ${value} » doit être écrit en majuscules.`);
  }

  natureActe(value: number, field: string): void {
    if (!isActNatureCode(value))
      this.fail(field, `La nature d'acte ${value} (${field}) doit être un code de 1 à 6.`);
  }

  codesMatiere(codes: readonly (number | null)[], field: string): void {
    const ok =
      codes.length >= 2 &&
      codes.length <= 5 &&
      codes.every((c) => c !== null && Number.isInteger(c) && c >= 0 && c <= 9999);
    if (!ok) {
      this.fail(
        field,
        `La classification ${codes.join('.')} doit compter de 2 à 5 niveaux, chacun un nombre entier, sans niveau manquant.`,
      );
    }
  }

  objet(value: string, field: string): void {
    if (value.length === 0 || [...value].length > OBJET_MAX_LENGTH || /[\r\n]/.test(value)) {
      this.fail(field, `L'objet doit compter de 1 à ${OBJET_MAX_LENGTH} caractères sur une seule ligne.`);
    }
  }

  siren(value: string, field: string): void {
    const r = validateSiren(value, field);
    if (!r.ok) this.problems.push(...r.problems);
    else if (r.value !== value) this.fail(field, `Le SIREN « ${value} » doit être écrit sans espaces.`);
  }

  departement(value: string, field: string): void {
    const r = validateDepartement(value, field);
    if (!r.ok) this.problems.push(...r.problems);
    else if (r.value !== value)
      this.fail(field, `Le département « ${value} » doit être écrit sur 3 caractères (${r.value}).`);
  }

  digits(value: string, count: number, field: string, label: string): void {
    if (!new RegExp(`^\\d{${count}}$`).test(value))
      this.fail(field, `${label} « ${value} » doit compter exactement ${count} chiffre(s).`);
  }

  email(value: string, field: string): void {
    if (!EMAIL_PATTERN.test(value))
      this.fail(
        field,
        `L'adresse « ${value} » (${field}) n'est pas acceptée par le schéma de la préfecture.`,
      );
  }

  typology(value: string, field: string): void {
    if (!TYPOLOGY_PATTERN.test(value))
      this.fail(
        field,
        `Le code de typologie « ${value} » (${field}) doit compter 5 caractères parmi A-Z, 0-9 et « _ ».`,
      );
  }

  nonEmpty(value: string, field: string, label: string): void {
    if (value.trim().length === 0) this.fail(field, `${label} est vide.`);
  }

  fichier(f: FichierSigne, field: string): void {
    if (
      f.nomFichier.trim() !== f.nomFichier ||
      f.nomFichier.length === 0 ||
      /[/\\\u0000-\u001f]/.test(f.nomFichier)
    ) {
      this.fail(
        `${field}.nomFichier`,
        `Le nom de fichier « ${f.nomFichier} » doit être non vide, sans dossier, sans espace au début ni à la fin, ni caractère de contrôle.`,
      );
    }
    if (f.signature !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(f.signature)) {
      this.fail(
        `${field}.signature`,
        `La signature de « ${f.nomFichier} » doit être encodée en base64, sans espaces.`,
      );
    }
  }

  atLeastOne(list: readonly unknown[], field: string, label: string): void {
    if (list.length === 0) this.fail(field, `${label} : il en faut au moins un.`);
  }

  /** Throws VALIDATION_FAILED with every problem found, if any. */
  done(): void {
    if (this.problems.length > 0) throw validationError(this.problems);
  }
}
