// Acknowledges a collectivité's answer to a letter: 3-3 / 3-4 → 3-5, 4-3 / 4-4 → 4-5. Called on receipt
// when answers are acknowledged automatically (the default), or from the console and the control API.
import {
  buildARPieceComplementaire,
  buildARReponseRejetLettreObservations,
  prefectureMessageFileName,
} from '../../../actes/protocol/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import type { AnswerCode } from '../journal/journal-entry.ts';
import type { ActState, LetterState } from '../journal/simulator-state.ts';
import { composeReply } from '../replies/compose-reply.ts';
import type { SimulatorContext } from '../simulator-context.ts';

/** The answers that are owed an acknowledgement, and the code of that acknowledgement. */
export const ACKNOWLEDGED_ANSWERS: Partial<Record<AnswerCode, '3-5' | '4-5'>> = {
  '3-3': '3-5',
  '3-4': '3-5',
  '4-3': '4-5',
  '4-4': '4-5',
};

/** The answer of `letter` still waiting for its acknowledgement, if any. */
export function answerToAcknowledge(letter: LetterState): AnswerCode | undefined {
  if (letter.acknowledgement) return undefined;
  return letter.answers.find((a) => ACKNOWLEDGED_ANSWERS[a.code] !== undefined)?.code;
}

export async function acknowledgeAnswer(
  ctx: SimulatorContext,
  act: ActState,
  letter: LetterState,
  answerCode: AnswerCode,
  dueAt: Date,
  /** The deposit that carried the answer, when acknowledged on receipt. */
  inReplyTo?: { archive: string; sha256: string },
): Promise<void> {
  const code = ACKNOWLEDGED_ANSWERS[answerCode];
  if (!code) return;
  const dateReception = parisDate(dueAt);
  const infosCourrierPref = { idActe: act.idActe, dateCourrierPref: letter.dateCourrierPref };
  const mail = await composeReply(ctx, {
    siren: act.siren,
    idActe: act.idActe,
    to: act.returnAddresses,
    dueAt,
    codes: [code],
    about: `l'acte ${act.idActe}`,
    arrondissement: act.arrondissement,
    quadrigramme: act.quadrigramme,
    ...(inReplyTo ? { inReplyTo } : {}),
    build: (n) => {
      const bytes =
        code === '3-5'
          ? buildARPieceComplementaire({ dateReception, infosCourrierPref })
          : buildARReponseRejetLettreObservations({ dateReception, infosCourrierPref });
      return { messages: [{ name: prefectureMessageFileName(act.idActe, code, n), bytes }] };
    },
  });
  ctx.record({
    type: 'answer-acknowledged',
    siren: act.siren,
    idActe: act.idActe,
    code,
    answerCode,
    dateCourrierPref: letter.dateCourrierPref,
    dateReception,
    mailId: mail.id,
  });
  ctx.outbox.schedule(mail);
}
