// The outgoing e-mail port: SMTP in production, an outbox kept for viewing in demo mode. Both run
// mailer-contract.ts. A send either resolves with the Message-ID or throws MAIL_SEND_FAILED (try again
// later) or MAIL_REJECTED (refused for good: a retry cannot help).
import type { Readable } from 'node:stream';
import type { SendMailOptions } from 'nodemailer';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
}

export interface OutgoingMail {
  to: readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: readonly MailAttachment[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** The message as nodemailer builds it, shared by both implementations so that they write the same bytes. */
export function toNodemailerMessage(from: string, mail: OutgoingMail, date?: Date): SendMailOptions {
  return {
    from,
    to: [...mail.to],
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    text: mail.text,
    html: mail.html,
    date,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/** Message-ID without its angle brackets. */
export function bareMessageId(id: string): string {
  return id.replace(/^<|>$/g, '');
}
