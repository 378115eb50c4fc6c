// What every ReplyMailbox owes the platform, as one suite run against each adapter (IMAP on a real
// dovecot, SMTP with nodemailer as the sender): exact bytes delivered once, nothing acknowledged before
// it is stored, a failed store offered again, a graceful stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMailMeta, ReplyMailbox, StoreMail } from './reply-mailbox.ts';

export interface MailboxHarness {
  /** The adapter under test, reading or listening for this harness's mailbox. */
  create(store: StoreMail): ReplyMailbox;
  /**
   * Hands a raw mail over the way the préfecture's side would: IMAP appends it to the mailbox; SMTP
   * sends it and resolves once the receiver answered (a 4xx keeps the mail for `retryPending`).
   */
  deliver(raw: Buffer): Promise<void>;
  /** Mails not acknowledged yet: still in the IMAP folder, or kept by the SMTP sender after a 4xx. */
  pending(): Promise<number>;
  /** What the other side does later with pending mail: the SMTP sender retries; IMAP needs nothing. */
  retryPending(): Promise<void>;
  cleanup(): Promise<void>;
}

interface Stored {
  raw: Buffer;
  meta: IncomingMailMeta;
}

export function sampleMail(n: number): Buffer {
  // CRLF, 8-bit bytes, a line starting with a dot (dot-stuffing on SMTP), a folded header.
  return Buffer.from(
    [
      'From: "Préfecture de test" <pref@interieur.test>',
      'To: retours@relais.test',
      `Subject: =?UTF-8?Q?R=C3=A9ponse_${n}?=`,
      `Message-ID: <reponse-${n}@prefecture.test>`,
      'Date: Mon, 15 Jan 2024 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=ISO-8859-1',
      'Content-Transfer-Encoding: 8bit',
      'X-Long: a',
      '  folded',
      '',
      `Accusé de réception numéro ${n}.`,
      '.ligne commençant par un point',
      '..deux points',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function replyMailboxContract(name: string, makeHarness: () => Promise<MailboxHarness>): void {
  describe(`reply mailbox contract: ${name}`, () => {
    let harness: MailboxHarness;
    let mailbox: ReplyMailbox | null;
    let stored: Stored[];
    let attempts: number;

    beforeEach(async () => {
      harness = await makeHarness();
      mailbox = null;
      stored = [];
      attempts = 0;
    });
    afterEach(async () => {
      await mailbox?.stop();
      await harness.cleanup();
    });

    const keep: StoreMail = async (raw, meta) => {
      attempts++;
      stored.push({ raw: await toBuffer(raw), meta });
    };

    it('delivers each mail once, with its exact bytes, and then acknowledges it', async () => {
      mailbox = harness.create(keep);
      await mailbox.start();
      await harness.deliver(sampleMail(1));
      await harness.deliver(sampleMail(2));
      await waitFor(() => stored.length === 2, 'two mails stored');
      const byId = new Map(stored.map((s) => [s.meta.messageId, s]));
      for (const n of [1, 2]) {
        const s = byId.get(`reponse-${n}@prefecture.test`);
        expect(s, `mail ${n}`).toBeDefined();
        expect(s!.raw.equals(sampleMail(n)), `bytes of mail ${n}`).toBe(true);
        expect(['imap', 'smtp']).toContain(s!.meta.source);
        expect(s!.meta.sourceRef).toBeTruthy();
        expect(s!.meta.receivedAt).toBeInstanceOf(Date);
      }
      await waitFor(async () => (await harness.pending()) === 0, 'acknowledgement');
      await pause(400);
      expect(attempts).toBe(2);
    });

    it('leaves a mail whose store failed unacknowledged, and offers it again', async () => {
      let fail = true;
      mailbox = harness.create(async (raw, meta) => {
        attempts++;
        await toBuffer(raw);
        if (fail) throw new Error('base indisponible');
        stored.push({ raw: await toBuffer(raw), meta });
      });
      await mailbox.start();
      await harness.deliver(sampleMail(3));
      await waitFor(() => attempts >= 1, 'a first attempt');
      expect(await harness.pending()).toBe(1);
      fail = false;
      await harness.retryPending();
      await waitFor(() => stored.length === 1, 'the mail stored on a later attempt');
      expect(stored[0]!.raw.equals(sampleMail(3))).toBe(true);
      await waitFor(async () => (await harness.pending()) === 0, 'acknowledgement');
    });

    it('on stop, lets the mail being stored finish and be acknowledged, then takes no more', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      mailbox = harness.create(async (raw, meta) => {
        attempts++;
        const bytes = await toBuffer(raw);
        await gate;
        stored.push({ raw: bytes, meta });
      });
      await mailbox.start();
      const delivering = harness.deliver(sampleMail(4));
      await waitFor(() => attempts === 1, 'the store to begin');
      let stopped = false;
      const stopping = mailbox.stop().then(() => {
        stopped = true;
      });
      await pause(200);
      expect(stopped).toBe(false);
      release();
      await stopping;
      await delivering;
      expect(stored).toHaveLength(1);
      expect(await harness.pending()).toBe(0);

      await harness.deliver(sampleMail(5));
      await pause(400);
      expect(attempts).toBe(1);
      expect(await harness.pending()).toBe(1);
      await mailbox.stop(); // twice is harmless
    });
  });
}

async function toBuffer(raw: Buffer | AsyncIterable<Uint8Array>): Promise<Buffer> {
  if (Buffer.isBuffer(raw)) return raw;
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
