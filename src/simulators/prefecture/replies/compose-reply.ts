// Composes a reply from the préfecture: numbers its files (the _n of the file names runs across every
// message the simulator sends), builds the archive mail, and leaves the scheduling to the caller so
// that it can journal what the reply means (act received, act cancelled…) first.
import type { OutgoingMail } from '../journal/journal-entry.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { prepareArchiveMail, type ReplyFile } from './reply-mail.ts';

export interface ReplyRequest {
  siren: string;
  idActe?: string;
  to: readonly string[];
  dueAt: Date;
  codes: string[];
  about: string;
  arrondissement: string;
  quadrigramme: string;
  /** The deposit answered (see OutgoingMail.inReplyTo); none for a letter. */
  inReplyTo?: { archive: string; sha256: string };
  /** Makes the files; `n` is the first free number for their names. */
  build(
    n: number,
  ):
    | Promise<{ messages: ReplyFile[]; documents?: ReplyFile[] }>
    | { messages: ReplyFile[]; documents?: ReplyFile[] };
}

export async function composeReply(ctx: SimulatorContext, r: ReplyRequest): Promise<OutgoingMail> {
  const n = ctx.state.messageNumber + 1;
  const files = await r.build(n);
  return prepareArchiveMail(ctx.replies, {
    siren: r.siren,
    ...(r.idActe !== undefined ? { idActe: r.idActe } : {}),
    to: r.to,
    dueAt: r.dueAt,
    codes: r.codes,
    about: r.about,
    messages: files.messages,
    ...(files.documents ? { documents: files.documents } : {}),
    arrondissement: r.arrondissement,
    quadrigramme: r.quadrigramme,
    numbersUsed: files.messages.length + (files.documents?.length ?? 0),
    ...(r.inReplyTo ? { inReplyTo: r.inReplyTo } : {}),
  });
}
