// Reads the préfecture's replies from an IMAP mailbox (production): polls on an interval and wakes
// early when the server announces new mail while idling; each mail is handed to `store`, and only then
// moved to the processed folder (or deleted when there is none). A mail whose store failed stays where
// it is and is offered again at a later poll, after the mails that never failed.
import type { ImapFlow } from 'imapflow';
import { type Clock, systemClock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import type { ReplyMailbox, StoreMail } from './reply-mailbox.ts';

export interface ImapMailboxOptions {
  /** imaps://host:993 (TLS), or imap://host:143 (STARTTLS required, except on the loopback). */
  url: string;
  user: string;
  password: string;
  /** Folder read. Default INBOX. */
  folder?: string;
  /** Where processed mails go; empty: they are deleted. Created when missing. */
  processedFolder: string;
  pollMs: number;
  /** At most this many mails handed to `store` per poll, so that one poll never runs unbounded. */
  batchSize?: number;
  /** Larger mails are left in the mailbox and reported in the log. */
  maxBytes: number;
  /** Extra TLS options (a private CA, for instance). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  store: StoreMail;
  logger?: Logger;
  clock?: Clock;
}

interface Candidate {
  uid: number;
  size: number;
  messageId?: string;
  internalDate?: Date;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

export function createImapMailbox(options: ImapMailboxOptions): ReplyMailbox {
  const url = new URL(options.url);
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:')
    throw new Error('RELAIS_IMAP_URL doit commencer par imaps:// ou imap://.');
  const secure = url.protocol === 'imaps:';
  const host = url.hostname;
  const port = Number(url.port) || (secure ? 993 : 143);
  const folder = options.folder || 'INBOX';
  const batchSize = options.batchSize ?? 20;
  const clock = options.clock ?? systemClock;
  const log = options.logger?.child({ component: 'imap', host, folder });

  let running = false;
  let loop: Promise<void> | null = null;
  let client: ImapFlow | null = null;
  /** A connection being opened: stop() closes it rather than wait for its timeout. */
  let connecting: ImapFlow | null = null;
  let wakeUp: (() => void) | null = null;
  let wakeRequested = false;
  /** UIDs whose store failed, with when: tried again after the others. Keyed per UIDVALIDITY. */
  const failures = new Map<string, number>();
  const tooLarge = new Set<string>();

  function wake() {
    wakeRequested = true;
    wakeUp?.();
  }

  function sleep(ms: number): Promise<void> {
    if (wakeRequested || !running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function connected(): Promise<ImapFlow> {
    if (client?.usable) return client;
    await drop();
    // Loaded when an IMAP mailbox is used, not at every start (~180 ms).
    const { ImapFlow } = await import('imapflow');
    const c = new ImapFlow({
      host,
      port,
      secure,
      // STARTTLS is required off the loopback; on it, plaintext is accepted (the demo, the tests).
      doSTARTTLS: secure ? undefined : LOOPBACK.has(host) ? undefined : true,
      auth: { user: options.user, pass: options.password },
      tls: options.tls,
      logger: false, // its debug log would carry mail contents
      connectionTimeout: 30_000,
      // IDLE soon after each poll, so that a new mail wakes the loop instead of waiting for the next poll.
      autoIdleDelay: 1000,
    });
    c.on('error', (err: Error) => log?.warn({ err: err.message }, 'connexion IMAP en erreur'));
    c.on('exists', () => wake());
    connecting = c;
    try {
      await c.connect();
    } finally {
      connecting = null;
    }
    client = c;
    if (options.processedFolder) await ensureFolder(c, options.processedFolder);
    await c.mailboxOpen(folder);
    return c;
  }

  async function drop(): Promise<void> {
    const c = client;
    client = null;
    if (!c) return;
    try {
      if (c.usable) await c.logout();
    } catch {
      // already gone
    }
    c.close();
  }

  async function pollOnce(c: ImapFlow): Promise<{ progressed: boolean; more: boolean }> {
    const uidValidity = String(c.mailbox ? c.mailbox.uidValidity : '');
    const key = (uid: number) => `${uidValidity}/${uid}`;
    const all = ((await c.search({ deleted: false }, { uid: true })) || []).sort((a, b) => a - b);
    // Mails that never failed first, then the failed ones, least recently failed first.
    const ordered = [...all].sort(
      (a, b) => (failures.get(key(a)) ?? 0) - (failures.get(key(b)) ?? 0) || a - b,
    );
    const batch = ordered.slice(0, batchSize);
    if (batch.length === 0) return { progressed: false, more: false };
    const candidates: Candidate[] = (
      await c.fetchAll(
        batch.join(','),
        { uid: true, size: true, envelope: true, internalDate: true },
        { uid: true },
      )
    ).map((m) => ({
      uid: m.uid,
      size: m.size ?? 0,
      messageId: m.envelope?.messageId?.replace(/^<|>$/g, '') || undefined,
      internalDate: m.internalDate ? new Date(m.internalDate) : undefined,
    }));
    candidates.sort((a, b) => batch.indexOf(a.uid) - batch.indexOf(b.uid));

    let progressed = false;
    for (const m of candidates) {
      if (!running) break;
      const ref = `${folder}/${key(m.uid)}`;
      if (m.size > options.maxBytes) {
        if (!tooLarge.has(ref))
          log?.error({ ref, size: m.size }, 'courriel trop volumineux laissé dans la boîte');
        tooLarge.add(ref);
        failures.set(key(m.uid), clock.now().getTime());
        continue;
      }
      const full = await c.fetchOne(String(m.uid), { source: true }, { uid: true });
      const source = full ? full.source : undefined;
      if (!source) continue; // expunged meanwhile by someone else
      try {
        await options.store(source, {
          source: 'imap',
          sourceRef: ref,
          messageId: m.messageId,
          receivedAt: m.internalDate ?? clock.now(),
        });
      } catch (e) {
        failures.set(key(m.uid), clock.now().getTime());
        log?.warn(
          { ref, err: (e as Error).message },
          'enregistrement du courriel en échec ; il reste dans la boîte',
        );
        continue;
      }
      // Stored: acknowledge. If this fails, the mail comes again (at least once) and is recognised.
      const done = options.processedFolder
        ? await c.messageMove(String(m.uid), options.processedFolder, { uid: true })
        : await c.messageDelete(String(m.uid), { uid: true });
      if (!done) throw new Error(`le courriel ${ref} n’a pas pu être retiré de la boîte`);
      failures.delete(key(m.uid));
      progressed = true;
      log?.info({ ref, size: m.size, messageId: m.messageId }, 'courriel reçu');
    }
    return { progressed, more: all.length > batch.length };
  }

  async function run(): Promise<void> {
    while (running) {
      wakeRequested = false;
      let again = false;
      try {
        const { progressed, more } = await pollOnce(await connected());
        again = progressed && more;
      } catch (e) {
        log?.warn({ err: (e as Error).message }, 'boîte IMAP inaccessible ; nouvel essai au prochain relevé');
        await drop();
      }
      if (running && !again) await sleep(options.pollMs);
    }
    await drop();
  }

  return {
    async start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake();
      connecting?.close();
      await loop;
      loop = null;
    },
  };
}

async function ensureFolder(c: ImapFlow, name: string): Promise<void> {
  const existing = await c.list();
  if (existing.some((m) => m.path === name || m.name === name)) return;
  await c.mailboxCreate(name);
}
