// The préfecture's other actions: acknowledge an answer by hand (when automatic acknowledgement is
// off), publish a new classification version, register a SIREN with this préfecture.
import {
  buildRetourClassification,
  isIsoDate,
  type MatiereNode,
  type NatureActeClassification,
  type RetourClassificationData,
} from '../../../actes/protocol/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import { sirenProblem } from '../../../kernel/siren.ts';
import type { LetterCode } from '../journal/journal-entry.ts';
import { currentClassification } from '../journal/simulator-state.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { acknowledgeAnswer, answerToAcknowledge } from './acknowledge-answer.ts';
import { ActionError, buildOr422 } from './action-error.ts';

/** Sends the 3-5 or 4-5 owed for the answer to a letter of `idActe` (the one given, or the first waiting). */
export async function acknowledgeAnswerNow(
  ctx: SimulatorContext,
  idActe: string,
  letterCode?: LetterCode,
): Promise<{ code: '3-5' | '4-5' }> {
  const act = ctx.state.acts.get(idActe);
  if (!act) throw new ActionError(404, `L'acte ${idActe} n'a pas été reçu par cette préfecture.`);
  const letter = act.letters.find((l) => (!letterCode || l.code === letterCode) && answerToAcknowledge(l));
  if (!letter)
    throw new ActionError(
      409,
      `Aucune réponse de la collectivité n'attend d'accusé de réception pour l'acte ${idActe}.`,
    );
  const answer = answerToAcknowledge(letter)!;
  await acknowledgeAnswer(ctx, act, letter, answer, ctx.options.clock.now());
  return { code: letter.acknowledgement!.code };
}

export interface PublishInput {
  /** Date of the new version (default: today); must differ from the current one. */
  date?: string;
  naturesActes?: NatureActeClassification[];
  matieres?: MatiereNode[];
}

/** Publishes a new classification version: acts coded with the previous date are then refused (1-3). */
export function publishClassification(ctx: SimulatorContext, input: PublishInput): RetourClassificationData {
  const current = currentClassification(ctx.state);
  const date = input.date?.trim() || parisDate(ctx.options.clock.now());
  if (!isIsoDate(date))
    throw new ActionError(400, `La date de classification « ${date} » doit s'écrire AAAA-MM-JJ.`);
  if (date === current.dateClassification)
    throw new ActionError(
      409,
      `La classification en vigueur porte déjà la date du ${date} : choisissez une autre date.`,
    );
  const next: RetourClassificationData = {
    dateClassification: date,
    naturesActes: input.naturesActes ?? current.naturesActes,
    matieres: input.matieres ?? current.matieres,
  };
  buildOr422(() => buildRetourClassification(next));
  ctx.record({ type: 'classification-published', classification: next });
  return next;
}

export function registerSiren(ctx: SimulatorContext, input: string): string {
  const siren = input.replace(/[\s.]/g, '');
  const problem = sirenProblem(siren);
  if (problem) throw new ActionError(400, problem);
  if (!ctx.state.sirens.has(siren)) ctx.record({ type: 'siren-registered', siren });
  return siren;
}
