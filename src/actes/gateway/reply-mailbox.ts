// The reply mailbox port: the préfecture's replies come in as e-mail, read from IMAP (production) or
// received by our own SMTP listener (demo). Both adapters run reply-mailbox-contract.ts.
//
// Delivery is at least once: a mail is acknowledged (IMAP: moved or deleted; SMTP: answered 250) only
// after `store` resolved, so a crash or a failing store means the same mail comes again later. The
// caller stores it verbatim and makes processing idempotent; it must never treat "seen twice" as new.
import type { Readable } from 'node:stream';

export interface IncomingMailMeta {
  source: 'imap' | 'smtp';
  /** Where it came from, for logs and support: IMAP "folder/uidvalidity/uid", SMTP "client address, session". */
  sourceRef: string;
  /** The Message-ID header, without angle brackets, when the mail has one. */
  messageId?: string;
  /** When the mailbox received it (IMAP internal date), or when our listener did (SMTP). */
  receivedAt: Date;
}

/**
 * Supplied by the caller: keeps the raw RFC 822 bytes (exactly as received) durably, then resolves. A
 * rejection leaves the mail unacknowledged: it is offered again.
 */
export type StoreMail = (raw: Buffer | Readable, meta: IncomingMailMeta) => Promise<void>;

export interface ReplyMailbox {
  /** Starts listening or polling; resolves once ready (SMTP: listening; IMAP: first poll scheduled). */
  start(): Promise<void>;
  /**
   * Stops taking new mail, lets the mail being stored finish and be acknowledged, then closes. Calling
   * it twice is harmless.
   */
  stop(): Promise<void>;
}

/** The Message-ID header of a raw mail, looked for in its header section only. */
export function readMessageId(raw: Buffer): string | undefined {
  const start = raw.subarray(0, 64 * 1024).toString('latin1');
  const blank = /\r?\n\r?\n/.exec(start);
  const header = blank ? start.slice(0, blank.index) : start;
  return /^message-id:[ \t]*(?:\r?\n[ \t]+)?<?([^\s<>]+)>?/im.exec(header)?.[1];
}
