// The SMTP receiver passes the reply mailbox contract with nodemailer as the sender, and refuses what
// is not for it: unknown recipients (no relay) and mails over the size limit.
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMailMeta } from './reply-mailbox.ts';
import { replyMailboxContract, sampleMail } from './reply-mailbox-contract.ts';
import { acceptsRecipient, createSmtpMailbox, type SmtpMailbox } from './smtp-mailbox.ts';

const RECIPIENT = 'retours@relais.test';

type SendError = Error & { responseCode?: number; code?: string };

async function send(port: number, raw: Buffer, to: string[] = [RECIPIENT]): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'pref@interieur.test', to }, raw });
  } finally {
    transport.close();
  }
}

/** A 4xx answer or a refused connection: a real sender keeps the mail and tries again later. */
function isTemporary(e: SendError): boolean {
  return (
    (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500) || e.code === 'ESOCKET'
  );
}

replyMailboxContract('SMTP receiver', async () => {
  let mailbox: SmtpMailbox | null = null;
  const kept: Buffer[] = [];
  const deliver = async (raw: Buffer) => {
    try {
      await send(mailbox!.port(), raw);
    } catch (e) {
      if (!isTemporary(e as SendError)) throw e;
      kept.push(raw);
    }
  };
  return {
    create(store) {
      mailbox = createSmtpMailbox({
        host: '127.0.0.1',
        port: 0,
        recipients: [RECIPIENT],
        maxBytes: 1024 * 1024,
        store,
        closeGraceMs: 200,
      });
      return mailbox;
    },
    deliver,
    pending: async () => kept.length,
    async retryPending() {
      for (const raw of kept.splice(0)) await deliver(raw);
    },
    cleanup: async () => {},
  };
});

describe('createSmtpMailbox', () => {
  let mailbox: SmtpMailbox;
  let stored: { raw: Buffer; meta: IncomingMailMeta }[];

  async function start(maxBytes = 1024 * 1024) {
    stored = [];
    mailbox = createSmtpMailbox({
      host: '127.0.0.1',
      port: 0,
      recipients: ['retours@relais.test', '@collectivites.test'],
      maxBytes,
      store: async (raw, meta) => {
        stored.push({ raw: raw as Buffer, meta });
      },
      closeGraceMs: 100,
    });
    await mailbox.start();
  }
  afterEach(() => mailbox.stop());

  it('refuses recipients it does not serve, so that it relays nothing', async () => {
    await start();
    await expect(send(mailbox.port(), sampleMail(1), ['quelquun@ailleurs.test'])).rejects.toMatchObject({
      responseCode: 550,
    });
    expect(stored).toHaveLength(0);
  });

  it('stores a mail to several accepted recipients once', async () => {
    await start();
    await send(mailbox.port(), sampleMail(1), [RECIPIENT, 'mairie@collectivites.test']);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.meta).toMatchObject({ source: 'smtp', messageId: 'reponse-1@prefecture.test' });
  });

  it('refuses a mail over the size limit without storing it', async () => {
    await start(2000);
    const big = Buffer.concat([sampleMail(1), Buffer.from('x'.repeat(70).concat('\r\n').repeat(100))]);
    await expect(send(mailbox.port(), big)).rejects.toMatchObject({ responseCode: 552 });
    expect(stored).toHaveLength(0);
  });
});

describe('acceptsRecipient', () => {
  it('matches full addresses and whole domains, ignoring case', () => {
    const list = ['Retours@Relais.test', '@collectivites.test', 'autre.test'];
    expect(acceptsRecipient('retours@relais.TEST', list)).toBe(true);
    expect(acceptsRecipient('x@collectivites.test', list)).toBe(true);
    expect(acceptsRecipient('y@autre.test', list)).toBe(true);
    expect(acceptsRecipient('autre@relais.test', list)).toBe(false);
    expect(acceptsRecipient('x@sous.collectivites.test', list)).toBe(false);
    expect(acceptsRecipient('x@relais.test', [])).toBe(false);
  });
});
