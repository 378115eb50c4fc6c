// Use case: the full check before an act leaves — metadata, documents, classification and typology
// against the collectivité's current classification — every problem at once.
import type { Sql } from '../../db/types.ts';
import { parisDate } from '../../kernel/clock.ts';
import type { FieldProblem } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import type { Collectivite } from '../../tenants/index.ts';
import { validateActAgainstClassification } from '../classification/index.ts';
import { type ActMetadata, findActNature, validateActMetadata } from '../protocol/index.ts';
import type { Act } from './act.ts';
import { type CurrentClassification, getCurrentClassification } from './classification-store.ts';
import type { TransmissionDeps } from './deps.ts';

/** The problem when the préfecture's classification has not been received yet (Relais then asks for it). */
export const CLASSIFICATION_MISSING: FieldProblem = {
  field: 'classification',
  message:
    'La classification des actes de votre préfecture n’a pas encore été reçue : Relais vient de la redemander, réessayez dans quelques minutes.',
};

export type ActCheck = { ok: true; metadata: ActMetadata } | { ok: false; problems: FieldProblem[] };

export async function checkActForSending(
  sql: Sql,
  deps: Pick<TransmissionDeps, 'clock' | 'classifications'>,
  act: Act,
  /** The act's collectivité when the caller already read it (one query less). */
  known?: Collectivite,
  /** The collectivité's current classification when the caller already read it in this transaction. */
  knownClassification?: CurrentClassification | null,
): Promise<ActCheck> {
  const problems: FieldProblem[] = [];
  const collectivite =
    known?.id === act.collectiviteId ? known : await getCollectivite(sql, act.collectiviteId);
  if (!collectivite)
    return { ok: false, problems: [{ field: 'collectivite', message: 'Collectivité introuvable.' }] };
  const classification =
    knownClassification !== undefined
      ? knownClassification
      : await getCurrentClassification(sql, deps.classifications, act.collectiviteId);
  const [main, ...annexes] = act.documents;
  if (!main) problems.push({ field: 'mainDocument', message: 'Joignez l’acte lui-même (un fichier PDF).' });

  const meta = validateActMetadata(
    {
      departement: collectivite.departement,
      siren: collectivite.siren,
      decisionDate: act.decisionDate,
      numeroInterne: act.numeroInterne,
      nature: act.nature,
      classification: act.matiereCodes,
      classificationDate: classification?.dateVersion ?? act.classificationDate,
      objet: act.objet,
      mainDocument: { typology: main?.typology ?? '', extension: main?.extension ?? 'pdf' },
      annexes: annexes.map((a) => ({ typology: a.typology, extension: a.extension })),
      documentPapier: act.documentPapier,
      ...(act.previousIdActe ? { previousIdActe: act.previousIdActe } : {}),
    },
    { today: parisDate(deps.clock.now()) },
  );
  if (!meta.ok) problems.push(...meta.problems);

  if (!classification) {
    problems.push(CLASSIFICATION_MISSING);
  } else {
    const checked = validateActAgainstClassification(classification.classification, {
      codeNatureActe: findActNature(act.nature)?.code ?? 0,
      codesMatiere: act.matiereCodes,
      typologies: { main: main?.typology ?? '', annexes: annexes.map((a) => a.typology) },
    });
    if (!checked.ok) problems.push(...checked.problems);
  }
  if (problems.length || !meta.ok) return { ok: false, problems: dedupe(problems) };
  return { ok: true, metadata: meta.value };
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.field}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
