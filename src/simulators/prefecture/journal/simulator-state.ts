// The simulator's state, rebuilt from the journal: archives already processed, acts received (by IDActe
// and by SIREN + NumeroInterne), letters and their answers, classification versions, registered SIRENs,
// the replies given to each deposit and the mails still to send. applyEntry() is the only place that
// changes it.
import type { RetourClassificationData } from '../../../actes/protocol/index.ts';
import { assertNever } from '../../../kernel/errors.ts';
import type {
  ActRecord,
  AnswerCode,
  JournalEntry,
  LetterCode,
  LetterRecord,
  OutgoingMail,
} from './journal-entry.ts';

export interface LetterState extends LetterRecord {
  answers: { code: AnswerCode; receivedAt: string; files: string[] }[];
  acknowledgement?: { code: '3-5' | '4-5'; answerCode: AnswerCode; dateReception: string; mailId: string };
}

export interface ActState extends ActRecord {
  cancelled?: { dateReception: string; mailId: string };
  letters: LetterState[];
}

export interface SimulatorState {
  /** Archive name → SHA-256 of the bytes processed under that name. */
  archives: Map<string, string>;
  acts: Map<string, ActState>;
  /** `${siren}/${numeroInterne}` → act: NumeroInterne is unique for ever within a collectivité. */
  actsByNumber: Map<string, ActState>;
  /** Every version published, the current one last. */
  classifications: RetourClassificationData[];
  sirens: Set<string>;
  /** Replies given to each deposit (see depositKey), sent again when the same archive comes back. */
  replies: Map<string, OutgoingMail[]>;
  /** Mails scheduled and not yet sent nor dropped, by id. */
  outbox: Map<string, OutgoingMail>;
  mailCount: number;
  /** Last number used in the _n of the préfecture's file names. */
  messageNumber: number;
  /** `${siren}/${date}` → last counter of the préfecture's envelopes. */
  envelopeCounters: Map<string, number>;
}

export function emptyState(
  classification: RetourClassificationData,
  sirens: Iterable<string>,
): SimulatorState {
  return {
    archives: new Map(),
    acts: new Map(),
    actsByNumber: new Map(),
    classifications: [classification],
    sirens: new Set(sirens),
    replies: new Map(),
    outbox: new Map(),
    mailCount: 0,
    messageNumber: 0,
    envelopeCounters: new Map(),
  };
}

export function currentClassification(state: SimulatorState): RetourClassificationData {
  return state.classifications.at(-1)!;
}

/** A deposit is an archive name with its bytes: the same name with other bytes is another deposit. */
export function depositKey(archive: string, sha256: string): string {
  return `${archive}\n${sha256}`;
}

export function actKey(siren: string, numeroInterne: string): string {
  return `${siren}/${numeroInterne}`;
}

/** The letter a collectivité's answer refers to: 2-2 → 2-1, 3-x → 3-1, 4-x → 4-1. */
export function letterCodeOf(answer: AnswerCode): LetterCode {
  return `${answer[0]}-1` as LetterCode;
}

export function findLetter(
  act: ActState,
  code: LetterCode,
  dateCourrierPref: string,
): LetterState | undefined {
  return act.letters.find((l) => l.code === code && l.dateCourrierPref === dateCourrierPref);
}

/** True once the AR of the act has left (sent, or lost on the way by a fault). */
export function isAcknowledged(state: SimulatorState, act: ActState): boolean {
  return !state.outbox.has(act.arMailId);
}

export function applyEntry(state: SimulatorState, e: JournalEntry): void {
  switch (e.type) {
    case 'archive-received':
      if (e.outcome === 'traite' || e.outcome === 'refuse') {
        if (!state.archives.has(e.archive)) state.archives.set(e.archive, e.sha256);
      }
      return;
    case 'act-received': {
      const act: ActState = { ...e.act, letters: [] };
      state.acts.set(act.idActe, act);
      state.actsByNumber.set(actKey(act.siren, act.numeroInterne), act);
      if (!state.archives.has(act.archive)) state.archives.set(act.archive, act.archiveSha256);
      return;
    }
    case 'letter-sent':
      state.acts.get(e.idActe)?.letters.push({ ...e.letter, answers: [] });
      return;
    case 'answer-received': {
      const act = state.acts.get(e.idActe);
      const letter = act && findLetter(act, letterCodeOf(e.code), e.dateCourrierPref);
      letter?.answers.push({ code: e.code, receivedAt: e.at, files: e.files });
      return;
    }
    case 'answer-acknowledged': {
      const act = state.acts.get(e.idActe);
      const letter = act && findLetter(act, letterCodeOf(e.answerCode), e.dateCourrierPref);
      if (letter) {
        letter.acknowledgement = {
          code: e.code,
          answerCode: e.answerCode,
          dateReception: e.dateReception,
          mailId: e.mailId,
        };
      }
      return;
    }
    case 'act-cancelled': {
      const act = state.acts.get(e.idActe);
      if (act) act.cancelled = { dateReception: e.dateReception, mailId: e.mailId };
      return;
    }
    case 'classification-published':
      state.classifications.push(e.classification);
      return;
    case 'siren-registered':
      state.sirens.add(e.siren);
      return;
    case 'mail-scheduled': {
      state.outbox.set(e.mail.id, e.mail);
      state.mailCount += 1;
      const answered = e.mail.inReplyTo;
      if (answered) {
        const key = depositKey(answered.archive, answered.sha256);
        const given = state.replies.get(key);
        if (given) given.push(e.mail);
        else state.replies.set(key, [e.mail]);
      }
      state.messageNumber += e.mail.numbersUsed;
      const env = e.mail.envelope;
      if (env)
        state.envelopeCounters.set(env.key, Math.max(env.counter, state.envelopeCounters.get(env.key) ?? 0));
      return;
    }
    case 'mail-sent':
    case 'mail-dropped':
      state.outbox.delete(e.mailId);
      return;
    case 'mail-held':
    case 'mail-failed': {
      const mail = state.outbox.get(e.mailId);
      if (mail) state.outbox.set(e.mailId, { ...mail, dueAt: e.type === 'mail-held' ? e.until : e.retryAt });
      return;
    }
    case 'classification-sent':
    case 'fault':
    case 'faults-changed':
    case 'client-refused':
      return;
    default:
      assertNever(e);
  }
}
