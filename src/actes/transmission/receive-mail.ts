// Reply mails: stored verbatim (document store + a row) before anything else, then applied: every
// @CTES message found in the mail (loose XML or inside a tar.gz) is recorded once and applied, all in one
// transaction with the mail's outcome. The receiver applies a mail as soon as it is stored
// (receiveInboundMail); when that fails, the mail is queued for a job instead, as an operator's
// re-processing is. A mail that matches no act lands in the operator's error inbox.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db, Sql } from '../../db/types.ts';
import { enqueueJob } from '../../jobs/index.ts';
import type { Logger } from '../../kernel/logger.ts';
import { fileExtension, parseMessage, readArchiveFiles } from '../protocol/index.ts';
import { type ApplyResult, applyMessage } from './apply-message.ts';
import type { TransmissionDeps } from './deps.ts';

export const RECEIVE_JOB = 'actes.receive';
const MAX_REPLY_ARCHIVE = { maxEntries: 200, maxBytes: 200 * 1000 * 1000 };

export interface MailMeta {
  source: string;
  messageId?: string | null;
  receivedAt?: Date;
}

type ReceiveDeps = Pick<TransmissionDeps, 'db' | 'documents' | 'settings' | 'clock' | 'classifications'>;
type StoredRaw = { sha256: string; size: number };

/** The mail's row; `processed` when the caller applies it in the same transaction (the usual outcome). */
async function insertMail(
  sql: Sql,
  meta: MailMeta,
  stored: StoredRaw,
  state: 'stored' | 'processed' = 'stored',
): Promise<string> {
  const r = await sql.query<{ id: string }>(
    `insert into inbound_mails (source, message_id, raw_sha256, size, received_at, state, processed_at)
     values ($1, $2, $3, $4, $5, $6, case when $6 = 'processed' then now() end) returning id`,
    [
      meta.source,
      meta.messageId?.slice(0, 500) ?? null,
      stored.sha256,
      stored.size,
      meta.receivedAt ?? new Date(),
      state,
    ],
  );
  return r.rows[0]!.id;
}

async function queueStoredMail(db: Db, meta: MailMeta, stored: StoredRaw): Promise<string> {
  return db.transaction(async (tx) => {
    const id = await insertMail(tx, meta, stored);
    await enqueueJob(tx, { kind: RECEIVE_JOB, payload: { mailId: id }, key: `${RECEIVE_JOB}:${id}` });
    return id;
  });
}

/** Stores a raw mail and queues its processing; resolves only once both are durable. */
export async function storeInboundMail(
  deps: Pick<TransmissionDeps, 'db' | 'documents'>,
  raw: Buffer | Readable,
  meta: MailMeta,
): Promise<string> {
  const stored = await deps.documents.put(Buffer.isBuffer(raw) ? Readable.from([raw]) : raw);
  return queueStoredMail(deps.db, meta, stored);
}

/**
 * Stores a raw mail and applies it at once: the mail's row, its messages and their effects are committed
 * together, without a job (a job's claim, the mail read back from the store and parsed again: ~6 database
 * statements per reply). Should applying fail (the database, a bug), the mail, already stored, is queued
 * for a job that retries it like any other, and the sender is still answered that it was received.
 * Resolves once the mail is durable and either applied or queued.
 */
export async function receiveInboundMail(
  deps: ReceiveDeps,
  raw: Buffer | Readable,
  meta: MailMeta,
  logger?: Logger,
): Promise<string> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.concat(await raw.toArray());
  const stored = await deps.documents.put(Readable.from([bytes]));
  try {
    const prepared = await prepareMail(deps, bytes);
    return await deps.db.transaction(async (tx) => {
      const id = await insertMail(tx, meta, stored, 'processed');
      await applyMail(tx, deps, id, prepared, 'processed');
      return id;
    });
  } catch (e) {
    logger?.warn(
      { err: e instanceof Error ? e.message : String(e), messageId: meta.messageId ?? null },
      'courriel enregistré, application différée à une tâche',
    );
    return queueStoredMail(deps.db, meta, stored);
  }
}

interface FoundFile {
  name: string;
  bytes: Buffer;
}

async function filesOfMail(raw: Buffer): Promise<{ files: FoundFile[]; problems: string[] }> {
  // Loaded at the first reply rather than at every start (mailparser and its tables: ~150 ms).
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  const files: FoundFile[] = [];
  const problems: string[] = [];
  for (const a of mail.attachments) {
    const name = a.filename ?? '';
    if (/\.(tar\.gz|tgz)$/i.test(name)) {
      const r = await readArchiveFiles(a.content, MAX_REPLY_ARCHIVE);
      if (r.ok) files.push(...r.files.map((f) => ({ name: f.name, bytes: f.bytes })));
      else problems.push(`Archive ${name} illisible : ${r.error.message}`);
    } else if (name) files.push({ name, bytes: a.content });
  }
  return { files, problems };
}

interface PreparedMessage {
  name: string;
  parsed: Extract<ReturnType<typeof parseMessage>, { ok: true }>;
  rawSha256: string;
  /** Same message (same file, same bytes, same addressee) ⇒ same key, whatever mail brought it. */
  dedupKey: string;
}

/** What a mail holds, its documents and messages already in the document store. */
interface PreparedMail {
  messages: PreparedMessage[];
  documents: Map<string, { sha256: string; size: number }>;
  destinataire: string | null;
  problems: string[];
}

async function prepareMail(deps: Pick<TransmissionDeps, 'documents'>, raw: Buffer): Promise<PreparedMail> {
  const { files, problems } = await filesOfMail(raw);
  // The préfecture's envelope names the collectivité; documents (PDF letters) are stored first.
  const documents = new Map<string, { sha256: string; size: number }>();
  const found: { name: string; bytes: Buffer; parsed: PreparedMessage['parsed'] }[] = [];
  let destinataire: string | null = null;
  for (const f of files) {
    if (fileExtension(f.name) === 'xml') {
      const parsed = parseMessage(f.bytes);
      if (parsed.ok) {
        if (parsed.message.kind === 'EnveloppeMISILLCL') destinataire = parsed.message.destinataire;
        else found.push({ name: f.name, bytes: f.bytes, parsed });
        continue;
      }
      problems.push(`${f.name} : ${parsed.error}`);
    }
    documents.set(f.name, await deps.documents.put(Readable.from([f.bytes])));
  }
  if (found.length === 0) problems.push('Aucun message @CTES lisible dans ce courriel.');
  const messages: PreparedMessage[] = [];
  for (const msg of found) {
    // Each message is kept as received (its download on the act's page).
    const { sha256: rawSha256 } = await deps.documents.put(Readable.from([msg.bytes]));
    const dedupKey = createHash('sha256')
      .update(`${destinataire ?? ''}\u0000${msg.name}\u0000${rawSha256}`)
      .digest('hex');
    messages.push({ name: msg.name, parsed: msg.parsed, rawSha256, dedupKey });
  }
  return { messages, documents, destinataire, problems };
}

/** Records and applies each message of the mail, then its outcome; inside the caller's transaction. */
async function applyMail(
  tx: Sql,
  deps: ReceiveDeps,
  mailId: string,
  mail: PreparedMail,
  /** The row's state when it was inserted as already processed in this transaction. */
  inserted?: 'processed',
): Promise<void> {
  // Two copies of one message processed at once wait for each other here; in the keys' order, so that two
  // mails sharing several messages cannot each hold one lock and wait for the other.
  const keys = [...new Set(mail.messages.map((m) => m.dedupKey))].sort();
  for (const key of keys) await tx.query('select pg_advisory_xact_lock(hashtext($1))', [key]);
  const results: ApplyResult[] = [];
  for (const msg of mail.messages) results.push(await recordAndApply(tx, deps, mailId, msg, mail));
  const matched =
    results.length > 0 && results.every((r) => r.state === 'applied') && mail.problems.length === 0;
  const detail = [
    ...mail.problems,
    ...results.filter((r) => r.state !== 'applied').map((r) => r.detail ?? ''),
  ].join(' ');
  if (matched && inserted === 'processed') return;
  await tx.query(`update inbound_mails set state = $2, error = $3, processed_at = now() where id = $1`, [
    mailId,
    matched ? 'processed' : 'unmatched',
    detail ? detail.slice(0, 2000) : null,
  ]);
}

/** The job: a mail queued by storeInboundMail, a failed immediate application, an operator's retry. */
export async function processInboundMail(deps: TransmissionDeps, p: { mailId: string }): Promise<undefined> {
  const row = await deps.db.query<{ raw_sha256: string; state: string }>(
    'select raw_sha256, state from inbound_mails where id = $1',
    [p.mailId],
  );
  const mail = row.rows[0];
  if (!mail || mail.state === 'processed') return undefined;
  const raw = Buffer.concat(await (await deps.documents.get(mail.raw_sha256)).toArray());
  const prepared = await prepareMail(deps, raw);
  await deps.db.transaction((tx) => applyMail(tx, deps, p.mailId, prepared));
  return undefined;
}

async function recordAndApply(
  tx: Sql,
  deps: ReceiveDeps,
  mailId: string,
  msg: PreparedMessage,
  mail: PreparedMail,
): Promise<ApplyResult> {
  const seen = await tx.query<{ state: string; act_id: string | null; collectivite_id: string | null }>(
    'select state, act_id, collectivite_id from inbound_messages where dedup_key = $1',
    [msg.dedupKey],
  );
  // The same message twice (a duplicated mail) changes nothing the second time.
  if (seen.rows[0]?.state === 'applied')
    return {
      state: 'applied',
      actId: seen.rows[0].act_id,
      collectiviteId: seen.rows[0].collectivite_id,
    } as ApplyResult;
  const result = await applyMessage(tx, deps, msg.parsed.message, {
    fileName: msg.name,
    rawSha256: msg.rawSha256,
    destinataire: mail.destinataire,
    documents: mail.documents,
  });
  const code = msg.parsed.message.kind;
  await tx.query(
    `insert into inbound_messages (mail_id, file_name, raw_sha256, dedup_key, code, act_id, collectivite_id, state, detail)
       values ($1, $2, $3, $9, $4, $5, $6, $7, $8)
       on conflict (dedup_key) do update set mail_id = excluded.mail_id, act_id = excluded.act_id,
         collectivite_id = excluded.collectivite_id, state = excluded.state, detail = excluded.detail`,
    [
      mailId,
      msg.name,
      msg.rawSha256,
      code,
      result.actId ?? null,
      result.collectiviteId ?? null,
      result.state,
      result.detail ?? null,
      msg.dedupKey,
    ],
  );
  return result;
}

/** Operator: put an unmatched mail back through processing (after fixing what it refers to). */
export async function reprocessInboundMail(db: Db, mailId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx.query(
      `update inbound_mails set state = 'stored', error = null where id = $1 and state <> 'processed'`,
      [mailId],
    );
    if (r.rowCount !== 1) return false;
    await enqueueJob(tx, { kind: RECEIVE_JOB, payload: { mailId }, key: `${RECEIVE_JOB}:${mailId}` });
    return true;
  });
}
