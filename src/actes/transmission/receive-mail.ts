// Reply mails: stored verbatim (document store + a row) before anything else, then processed by a job:
// every @CTES message found in the mail (loose XML or inside a tar.gz) is recorded once and applied in
// the same transaction. A mail that matches no act lands in the operator's error inbox.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../db/types.ts';
import { enqueueJob } from '../../jobs/index.ts';
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

/** Stores a raw mail and queues its processing; resolves only once both are durable. */
export async function storeInboundMail(
  deps: Pick<TransmissionDeps, 'db' | 'documents'>,
  raw: Buffer | Readable,
  meta: MailMeta,
): Promise<string> {
  const stored = await deps.documents.put(Buffer.isBuffer(raw) ? Readable.from([raw]) : raw);
  return deps.db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>(
      `insert into inbound_mails (source, message_id, raw_sha256, size, received_at) values ($1, $2, $3, $4, $5) returning id`,
      [
        meta.source,
        meta.messageId?.slice(0, 500) ?? null,
        stored.sha256,
        stored.size,
        meta.receivedAt ?? new Date(),
      ],
    );
    const id = r.rows[0]!.id;
    await enqueueJob(tx, { kind: RECEIVE_JOB, payload: { mailId: id }, key: `${RECEIVE_JOB}:${id}` });
    return id;
  });
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

export async function processInboundMail(deps: TransmissionDeps, p: { mailId: string }): Promise<undefined> {
  const row = await deps.db.query<{ raw_sha256: string; state: string }>(
    'select raw_sha256, state from inbound_mails where id = $1',
    [p.mailId],
  );
  const mail = row.rows[0];
  if (!mail || mail.state === 'processed') return undefined;
  const raw = Buffer.concat(await (await deps.documents.get(mail.raw_sha256)).toArray());
  const { files, problems } = await filesOfMail(raw);

  // The préfecture's envelope names the collectivité; documents (PDF letters) are stored first.
  const documents = new Map<string, { sha256: string; size: number }>();
  const messages: {
    name: string;
    bytes: Buffer;
    parsed: Extract<ReturnType<typeof parseMessage>, { ok: true }>;
  }[] = [];
  let destinataire: string | null = null;
  for (const f of files) {
    if (fileExtension(f.name) === 'xml') {
      const parsed = parseMessage(f.bytes);
      if (parsed.ok) {
        if (parsed.message.kind === 'EnveloppeMISILLCL') destinataire = parsed.message.destinataire;
        else messages.push({ name: f.name, bytes: f.bytes, parsed });
        continue;
      }
      problems.push(`${f.name} : ${parsed.error}`);
    }
    documents.set(f.name, await deps.documents.put(Readable.from([f.bytes])));
  }
  if (messages.length === 0) problems.push('Aucun message @CTES lisible dans ce courriel.');

  const results: ApplyResult[] = [];
  for (const msg of messages)
    results.push(await recordAndApply(deps, p.mailId, msg, destinataire, documents));
  const matched = results.length > 0 && results.every((r) => r.state === 'applied') && problems.length === 0;
  const detail = [
    ...problems,
    ...results.filter((r) => r.state !== 'applied').map((r) => r.detail ?? ''),
  ].join(' ');
  await deps.db.query(`update inbound_mails set state = $2, error = $3, processed_at = now() where id = $1`, [
    p.mailId,
    matched ? 'processed' : 'unmatched',
    detail ? detail.slice(0, 2000) : null,
  ]);
  return undefined;
}

async function recordAndApply(
  deps: TransmissionDeps,
  mailId: string,
  msg: { name: string; bytes: Buffer; parsed: Extract<ReturnType<typeof parseMessage>, { ok: true }> },
  destinataire: string | null,
  documents: Map<string, { sha256: string; size: number }>,
): Promise<ApplyResult> {
  const rawSha256 = createHash('sha256').update(msg.bytes).digest('hex');
  const dedupKey = createHash('sha256')
    .update(`${destinataire ?? ''}\u0000${msg.name}\u0000${rawSha256}`)
    .digest('hex');
  await deps.documents.put(Readable.from([msg.bytes]));
  return deps.db.transaction(async (tx) => {
    // Two copies of one message processed at once wait for each other here.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [dedupKey]);
    const seen = await tx.query<{ state: string; act_id: string | null; collectivite_id: string | null }>(
      'select state, act_id, collectivite_id from inbound_messages where dedup_key = $1',
      [dedupKey],
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
      rawSha256,
      destinataire,
      documents,
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
        rawSha256,
        code,
        result.actId ?? null,
        result.collectiviteId ?? null,
        result.state,
        result.detail ?? null,
        dedupKey,
      ],
    );
    return result;
  });
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
