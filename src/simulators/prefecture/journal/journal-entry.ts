// What the simulator writes in its journal: everything received and sent, every action and fault.
// Some entries also carry state (acts, letters, classification, outbox) so that replaying the journal
// after a restart rebuilds the registry of received acts and the mails still to send.
import type { ActeData, RetourClassificationData } from '../../../actes/protocol/index.ts';

/** A message of a received archive and what became of it. */
export interface MessageOutcome {
  file: string;
  /** Message kind as parsed (Acte, Annulation…), when it could be read. */
  kind?: string;
  outcome: 'accepte' | 'refuse';
  idActe?: string;
  /** The anomaly sent back, in French, when refused. */
  detail?: string;
}

export type ArchiveOutcome =
  /** Processed: every message accepted, or some refused by a 1-3 (see messages). */
  | 'traite'
  /** The whole envelope refused: an AnomalieEnveloppe was sent. */
  | 'refuse'
  /** The same archive (name and bytes) was already received: nothing processed again, but the replies
   * it got that have already left are sent again (see OutgoingMail.inReplyTo). */
  | 'doublon'
  /** Nobody to answer (no readable envelope): refused over HTTP only. */
  | 'rejete';

export interface ActRecord {
  idActe: string;
  siren: string;
  departement: string;
  arrondissement: string;
  natureCollectivite: string;
  numeroInterne: string;
  acte: ActeData;
  returnAddresses: string[];
  quadrigramme: string;
  archive: string;
  /** SHA-256 of the archive: an act received marks its archive as received, even after a crash. */
  archiveSha256: string;
  envelope: string;
  receivedAt: string;
  /** The date written in the AR (1-2): the day it is produced. */
  dateReception: string;
  arMailId: string;
}

export type LetterCode = '2-1' | '3-1' | '4-1' | '5-1';
export type AnswerCode = '2-2' | '3-2' | '3-3' | '3-4' | '4-2' | '4-3' | '4-4';

export interface LetterRecord {
  code: LetterCode;
  dateCourrierPref: string;
  sentAt: string;
  mailId: string;
  files: string[];
  /** Motif (4-1), pieces asked for (3-1), nature of the illegality (5-1), or the letter's subject. */
  summary: string;
}

export interface OutgoingAttachment {
  name: string;
  /** Path relative to the data directory. */
  path: string;
  size: number;
  contentType: string;
}

export interface OutgoingMail {
  id: string;
  /** When it is to be sent (ISO instant). */
  dueAt: string;
  to: string[];
  subject: string;
  text: string;
  attachments: OutgoingAttachment[];
  siren: string;
  idActe?: string;
  /** Codes of the messages carried (1-2, 3-5…) or "ANO" for an envelope anomaly. */
  codes: string[];
  /** Préfecture envelope name and its per-SIREN daily counter, when the mail carries an archive. */
  envelope?: { name: string; key: string; counter: number };
  /** How many message numbers this mail used (the _n of the préfecture's file names). */
  numbersUsed: number;
  /** The deposit (archive name and SHA-256) this mail answers: a repeated deposit gets it again. */
  inReplyTo?: { archive: string; sha256: string };
  /** A reply sent again because its archive was deposited again: the id of the mail it copies. */
  copyOf?: string;
}

export type JournalEvent =
  | {
      type: 'archive-received';
      archive: string;
      size: number;
      sha256: string;
      outcome: ArchiveOutcome;
      siren?: string;
      envelope?: string;
      detail?: string;
      messages: MessageOutcome[];
    }
  | { type: 'act-received'; siren: string; idActe: string; act: ActRecord }
  | { type: 'letter-sent'; siren: string; idActe: string; letter: LetterRecord }
  | {
      type: 'answer-received';
      siren: string;
      idActe: string;
      code: AnswerCode;
      dateCourrierPref: string;
      files: string[];
    }
  | {
      type: 'answer-acknowledged';
      siren: string;
      idActe: string;
      /** 3-5 or 4-5. */
      code: '3-5' | '4-5';
      answerCode: AnswerCode;
      dateCourrierPref: string;
      dateReception: string;
      mailId: string;
    }
  | { type: 'act-cancelled'; siren: string; idActe: string; dateReception: string; mailId: string }
  | { type: 'classification-published'; classification: RetourClassificationData }
  | { type: 'classification-sent'; siren: string; code: '7-2' | '7-3'; dateClassification: string }
  | { type: 'siren-registered'; siren: string }
  | { type: 'mail-scheduled'; siren: string; idActe?: string; mail: OutgoingMail }
  | {
      type: 'mail-sent';
      siren: string;
      idActe?: string;
      mailId: string;
      to: string[];
      attachments: string[];
      /** False when no SMTP server is configured: the mail is only kept in the data directory. */
      delivered: boolean;
      copy?: boolean;
    }
  | { type: 'mail-dropped'; siren: string; idActe?: string; mailId: string }
  | { type: 'mail-held'; siren: string; idActe?: string; mailId: string; until: string }
  | { type: 'mail-failed'; siren: string; idActe?: string; mailId: string; error: string; retryAt: string }
  | { type: 'fault'; fault: string; detail: string; archive?: string; mailId?: string }
  | { type: 'faults-changed'; settings: unknown }
  | { type: 'client-refused'; reason: string; subject?: string };

export type JournalEntryType = JournalEvent['type'];

export type JournalEntry = { seq: number; at: string } & JournalEvent;
