// Demo mode's mailer: nothing leaves the machine. Each mail is composed exactly as SMTP would send it
// and handed to `save` (the lead's table later; the in-memory outbox below until then), so that the
// application can show it.
import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { type Clock, systemClock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import {
  bareMessageId,
  type MailAttachment,
  type Mailer,
  type OutgoingMail,
  toNodemailerMessage,
} from './mailer.ts';

export interface OutboxEntry {
  messageId: string;
  createdAt: Date;
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments: readonly { filename: string; contentType: string; size: number; content: Buffer }[];
  /** The whole message, RFC 822, as it would have gone out (to offer as a .eml download). */
  raw: Buffer;
}

export type SaveOutboxEntry = (entry: OutboxEntry) => Promise<void>;

export interface OutboxMailerOptions {
  from: string;
  save: SaveOutboxEntry;
  clock?: Clock;
  logger?: Logger;
}

export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const clock = options.clock ?? systemClock;
  const log = options.logger?.child({ component: 'outbox' });
  return {
    async send(mail: OutgoingMail) {
      // Streams can be read once: buffer them, for the composed message and for the entry alike.
      const attachments = await Promise.all((mail.attachments ?? []).map(bufferAttachment));
      const createdAt = clock.now();
      const info = await composer.sendMail(
        toNodemailerMessage(options.from, { ...mail, attachments }, createdAt),
      );
      const messageId = bareMessageId(info.messageId);
      await options.save({
        messageId,
        createdAt,
        from: options.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: attachments.map((a) => ({ ...a, size: a.content.length })),
        raw: info.message as Buffer,
      });
      log?.info(
        { messageId, recipients: mail.to.length },
        'courriel gardé dans la boîte d’envoi (démonstration)',
      );
      return { messageId };
    },
  };
}

async function bufferAttachment(a: MailAttachment): Promise<MailAttachment & { content: Buffer }> {
  if (Buffer.isBuffer(a.content)) return { ...a, content: a.content };
  const chunks: Buffer[] = [];
  for await (const chunk of a.content as Readable) chunks.push(Buffer.from(chunk));
  return { ...a, content: Buffer.concat(chunks) };
}

export interface MemoryOutbox {
  save: SaveOutboxEntry;
  /** Newest first. */
  list(): readonly OutboxEntry[];
  get(messageId: string): OutboxEntry | undefined;
}

/** Keeps the last `limit` mails in memory: enough for a demo until the outbox has its table. */
export function createMemoryOutbox(limit = 200): MemoryOutbox {
  const entries: OutboxEntry[] = [];
  return {
    async save(entry) {
      entries.unshift(entry);
      entries.length = Math.min(entries.length, limit);
    },
    list: () => [...entries],
    get: (messageId) => entries.find((e) => e.messageId === messageId),
  };
}
