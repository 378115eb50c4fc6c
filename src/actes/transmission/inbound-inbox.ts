// The operator's error inbox: reply mails that matched no act (or could not be read), with what was
// found in them; an operator re-processes one once the cause is fixed. Cross-tenant on purpose.
import type { Db } from '../../db/types.ts';

export interface InboxMail {
  id: string;
  receivedAt: Date;
  source: string;
  messageId: string | null;
  state: 'stored' | 'processed' | 'unmatched' | 'failed';
  error: string | null;
  messages: { fileName: string; code: string; state: string; detail: string | null }[];
}

export async function unsafeListUnmatchedMails(db: Db, limit = 100): Promise<InboxMail[]> {
  const r = await db.query<{
    id: string;
    received_at: Date;
    source: string;
    message_id: string | null;
    state: InboxMail['state'];
    error: string | null;
    messages: InboxMail['messages'] | null;
  }>(
    `select m.id, m.received_at, m.source, m.message_id, m.state, m.error,
       (select json_agg(json_build_object('fileName', i.file_name, 'code', i.code, 'state', i.state, 'detail', i.detail)
          order by i.created_at) from inbound_messages i where i.mail_id = m.id) as messages
     from inbound_mails m where m.state in ('unmatched', 'failed') order by m.received_at desc limit $1`,
    [limit],
  );
  return r.rows.map((m) => ({
    id: m.id,
    receivedAt: m.received_at,
    source: m.source,
    messageId: m.message_id,
    state: m.state,
    error: m.error,
    messages: m.messages ?? [],
  }));
}
