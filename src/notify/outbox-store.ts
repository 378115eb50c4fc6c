// The demo outbox kept in the database: each mail Relais would have sent, with its raw message in the
// document store, so that the application can show it (nothing leaves the machine in demo mode).
import { Readable } from 'node:stream';
import type { Db } from '../db/types.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { OutboxEntry, SaveOutboxEntry } from './outbox-mailer.ts';

export function databaseOutbox(db: Db, documents: DocumentStore): SaveOutboxEntry {
  return async (e: OutboxEntry) => {
    const raw = await documents.put(Readable.from([e.raw]));
    await db.query(
      `insert into outbox_mails (message_id, created_at, sender, recipients, subject, body_text, body_html, attachments, raw_sha256)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        e.messageId,
        e.createdAt,
        e.from,
        [...e.to],
        e.subject,
        e.text,
        e.html ?? null,
        JSON.stringify(
          e.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
        ),
        raw.sha256,
      ],
    );
  };
}

export interface OutboxMail {
  id: string;
  createdAt: Date;
  recipients: string[];
  subject: string;
  bodyText: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

/** The latest mails of the outbox addressed to one of `emails` (a person sees their own mails). */
export async function listOutbox(
  db: Db,
  emails: readonly string[] | 'all',
  limit = 50,
): Promise<OutboxMail[]> {
  const r = await db.query<{
    id: string;
    created_at: Date;
    recipients: string[];
    subject: string;
    body_text: string;
    attachments: OutboxMail['attachments'];
  }>(
    `select id, created_at, recipients, subject, body_text, attachments from outbox_mails
     where $1::boolean or recipients && $2::text[] order by created_at desc limit $3`,
    [emails === 'all', emails === 'all' ? [] : [...emails], limit],
  );
  return r.rows.map((m) => ({
    id: m.id,
    createdAt: m.created_at,
    recipients: m.recipients,
    subject: m.subject,
    bodyText: m.body_text,
    attachments: m.attachments,
  }));
}
