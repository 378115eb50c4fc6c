// Checks an act's nature, codes matières, classification date and document types against the
// classification of its préfecture, with French sentences saying what to change.
import { frenchDate } from '../protocol/dates.ts';
import { invalid, type Validation, valid } from '../protocol/validation.ts';
import {
  type Classification,
  findMatiere,
  findNature,
  type MatiereEntry,
  type NatureEntry,
} from './classification.ts';

export interface ClassifiedActInput {
  codeNatureActe: number;
  codesMatiere: readonly number[];
  /** Date of the classification the act was coded with; checked when given. */
  classificationDateVersion?: string;
  /** Typology codes of the main document and of the annexes, in order; checked when given. */
  typologies?: { main: string; annexes: readonly string[] };
}

export interface ClassifiedAct {
  nature: NatureEntry;
  matiere: MatiereEntry;
}

export function validateActAgainstClassification(
  c: Classification,
  act: ClassifiedActInput,
): Validation<ClassifiedAct> {
  const problems: { field: string; message: string }[] = [];
  const notices: { field: string; message: string }[] = [];
  const of = `la classification de la préfecture du ${frenchDate(c.date)}`;

  const nature = findNature(c, act.codeNatureActe);
  if (!nature)
    problems.push({
      field: 'nature',
      message: `La nature d'acte ${act.codeNatureActe} n'existe pas dans ${of}.`,
    });

  let matiere: MatiereEntry | undefined;
  for (let depth = 1; depth <= act.codesMatiere.length; depth++) {
    const code = act.codesMatiere.slice(0, depth).join('.');
    const found = findMatiere(c, code);
    if (!found) {
      const parent = matiere
        ? `la matière ${matiere.code} « ${matiere.libelle} » n'a pas de subdivision ${act.codesMatiere[depth - 1]}`
        : `la matière ${code} n'existe pas`;
      problems.push({
        field: 'classification',
        message: `Le classement ${act.codesMatiere.join('.')} n'existe pas dans ${of} : ${parent}. Choisissez une matière de la liste.`,
      });
      break;
    }
    matiere = found;
  }

  if (act.classificationDateVersion !== undefined && act.classificationDateVersion !== c.date) {
    problems.push({
      field: 'classificationDate',
      message: `L'acte est classé selon la classification du ${frenchDate(act.classificationDateVersion)}, mais la préfecture utilise celle du ${frenchDate(c.date)} : mettez la classification à jour puis vérifiez le classement de l'acte.`,
    });
  }

  if (act.typologies && nature) {
    if (nature.typologies.length === 0) {
      notices.push({
        field: 'typologie',
        message:
          'La classification de la préfecture ne donne pas de types de document : ils ne sont pas vérifiés.',
      });
    } else {
      const allowed = new Set(nature.typologies.map((t) => t.codeTypePJ));
      const list = nature.typologies.map((t) => `${t.codeTypePJ} (${t.libelle})`).join(', ');
      const check = (code: string, field: string, what: string) => {
        if (!allowed.has(code)) {
          problems.push({
            field,
            message: `Le type « ${code} » de ${what} n'est pas admis pour la nature « ${nature.libelle} » : choisissez parmi ${list}.`,
          });
        }
      };
      check(act.typologies.main, 'mainDocument.typologie', "l'acte principal");
      for (const [i, code] of act.typologies.annexes.entries())
        check(code, `annexes[${i}].typologie`, `l'annexe ${i + 1}`);
    }
  }

  if (problems.length > 0 || !nature || !matiere) return invalid(problems);
  return valid({ nature, matiere }, notices);
}
