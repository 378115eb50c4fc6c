// What the préfecture does with each message of an accepted envelope: an act gets its IDActe and an AR
// (1-2) or a 1-3; a cancellation its 6-2; a classification request a 7-2 or 7-3; an answer to a letter
// is recorded and, by default, acknowledged (3-5, 4-5).
import {
  type ActeMessage,
  buildAnomalieActe,
  buildARActe,
  buildARAnnulation,
  buildReponseClassificationSansChangement,
  buildRetourClassification,
  type Classification,
  type EnveloppeCLMISILLData,
  findActNature,
  formatIdActe,
  prefectureMessageFileName,
  unattachedMessageFileName,
} from '../../../actes/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import { acknowledgeAnswer } from '../actions/acknowledge-answer.ts';
import type { ActRecord, MessageOutcome } from '../journal/journal-entry.ts';
import { actKey, currentClassification, findLetter, letterCodeOf } from '../journal/simulator-state.ts';
import { composeReply } from '../replies/compose-reply.ts';
import { replyDueAt } from '../replies/reply-timing.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { checkActe } from './check-acte.ts';
import { ANSWER_CODES, type AnswerMessage, documentsOf, type ParsedForm } from './check-forms.ts';

export interface EnvelopeInfo {
  envelope: EnveloppeCLMISILLData;
  envelopeName: string;
  quadrigramme: string;
  archiveName: string;
  archiveSha256: string;
  files: Map<string, Buffer>;
  strayFiles: string[];
  receivedAt: Date;
  classification: Classification;
}

function reply(ctx: SimulatorContext, info: EnvelopeInfo) {
  const { siren, arrondissement } = info.envelope.emetteur;
  const dueAt = replyDueAt(info.receivedAt, {
    delayMs: ctx.options.replyDelayMs,
    workingDaysOnly: ctx.options.workingDaysOnly,
    departement: ctx.options.departement,
  });
  return {
    siren,
    arrondissement,
    quadrigramme: info.quadrigramme,
    to: info.envelope.adressesRetour,
    dueAt,
    // Tagged with the deposit, so that the same archive deposited again gets these replies again.
    inReplyTo: { archive: info.archiveName, sha256: info.archiveSha256 },
  };
}

async function applyActe(ctx: SimulatorContext, info: EnvelopeInfo, form: ParsedForm, acte: ActeMessage) {
  const base = reply(ctx, info);
  const { kind: _kind, ...acteRecu } = acte;
  const { departement, nature } = info.envelope.emetteur;
  const enCours = currentClassification(ctx.state).dateClassification;
  const previous = ctx.state.actsByNumber.get(actKey(base.siren, acte.numeroInterne));
  const anomaly = checkActe({
    acte,
    raw: form.raw,
    siren: base.siren,
    files: info.files,
    strayFiles: info.strayFiles,
    base: form.base!,
    today: parisDate(info.receivedAt),
    classification: info.classification,
    ...(previous ? { alreadyReceived: previous.idActe } : {}),
  });
  const date = parisDate(base.dueAt);
  if (anomaly) {
    const mail = await composeReply(ctx, {
      ...base,
      codes: ['1-3'],
      about: `l'acte n° ${acte.numeroInterne}`,
      build: (n) => {
        const bytes = buildAnomalieActe({
          date,
          ...anomaly,
          acteRecu,
          classificationDateVersionEnCours: enCours,
        });
        return { messages: [{ name: unattachedMessageFileName(departement, base.siren, '1-3', n), bytes }] };
      },
    });
    ctx.outbox.schedule(mail);
    return {
      file: form.file,
      kind: acte.kind,
      outcome: 'refuse',
      detail: anomaly.detail,
    } satisfies MessageOutcome;
  }
  const idActe = formatIdActe({
    departement,
    siren: base.siren,
    date: acte.date,
    numeroInterne: acte.numeroInterne,
    natureAbbrev: findActNature(acte.codeNatureActe)!.abbrev,
  });
  const mail = await composeReply(ctx, {
    ...base,
    idActe,
    codes: ['1-2'],
    about: `l'acte ${idActe}`,
    build: (n) => {
      const bytes = buildARActe({
        idActe,
        dateReception: date,
        acteRecu,
        classificationDateVersionEnCours: enCours,
      });
      return { messages: [{ name: prefectureMessageFileName(idActe, '1-2', n), bytes }] };
    },
  });
  const act: ActRecord = {
    idActe,
    siren: base.siren,
    departement,
    arrondissement: base.arrondissement,
    natureCollectivite: nature,
    numeroInterne: acte.numeroInterne,
    acte: acteRecu,
    returnAddresses: [...base.to],
    quadrigramme: info.quadrigramme,
    archive: info.archiveName,
    archiveSha256: info.archiveSha256,
    envelope: info.envelopeName,
    receivedAt: info.receivedAt.toISOString(),
    dateReception: date,
    arMailId: mail.id,
  };
  ctx.record({ type: 'act-received', siren: base.siren, idActe, act });
  ctx.outbox.schedule(mail);
  return { file: form.file, kind: acte.kind, outcome: 'accepte', idActe } satisfies MessageOutcome;
}

async function applyAnswer(ctx: SimulatorContext, info: EnvelopeInfo, form: ParsedForm, m: AnswerMessage) {
  const code = ANSWER_CODES[m.kind];
  const act = ctx.state.acts.get(m.idActe)!;
  const files = documentsOf(m).map((d) => d.nomFichier);
  ctx.record({
    type: 'answer-received',
    siren: act.siren,
    idActe: act.idActe,
    code,
    dateCourrierPref: m.dateCourrierPref,
    files,
  });
  const letter = findLetter(act, letterCodeOf(code), m.dateCourrierPref)!;
  if (ctx.options.autoAcknowledgeAnswers) {
    const { dueAt, inReplyTo } = reply(ctx, info);
    await acknowledgeAnswer(ctx, act, letter, code, dueAt, inReplyTo);
  }
  return { file: form.file, kind: m.kind, outcome: 'accepte', idActe: act.idActe } satisfies MessageOutcome;
}

export async function applyForm(
  ctx: SimulatorContext,
  info: EnvelopeInfo,
  form: ParsedForm,
): Promise<MessageOutcome> {
  const m = form.message;
  switch (m.kind) {
    case 'Acte':
      return applyActe(ctx, info, form, m);
    case 'Annulation': {
      const base = reply(ctx, info);
      const dateReception = parisDate(base.dueAt);
      const mail = await composeReply(ctx, {
        ...base,
        idActe: m.idActe,
        codes: ['6-2'],
        about: `l'acte ${m.idActe}`,
        build: (n) => ({
          messages: [
            {
              name: prefectureMessageFileName(m.idActe, '6-2', n),
              bytes: buildARAnnulation({ idActe: m.idActe, dateReception }),
            },
          ],
        }),
      });
      ctx.record({
        type: 'act-cancelled',
        siren: base.siren,
        idActe: m.idActe,
        dateReception,
        mailId: mail.id,
      });
      ctx.outbox.schedule(mail);
      return { file: form.file, kind: m.kind, outcome: 'accepte', idActe: m.idActe };
    }
    case 'DemandeClassification': {
      const base = reply(ctx, info);
      const current = currentClassification(ctx.state);
      const unchanged = m.dateClassification === current.dateClassification;
      const code = unchanged ? '7-3' : '7-2';
      const mail = await composeReply(ctx, {
        ...base,
        codes: [code],
        about: 'la classification des actes',
        build: (n) => {
          const bytes = unchanged
            ? buildReponseClassificationSansChangement({ dateClassification: current.dateClassification })
            : buildRetourClassification(current);
          const name = unattachedMessageFileName(info.envelope.emetteur.departement, base.siren, code, n);
          return { messages: [{ name, bytes }] };
        },
      });
      ctx.record({
        type: 'classification-sent',
        siren: base.siren,
        code,
        dateClassification: current.dateClassification,
      });
      ctx.outbox.schedule(mail);
      return { file: form.file, kind: m.kind, outcome: 'accepte' };
    }
    default:
      return applyAnswer(ctx, info, form, m);
  }
}
