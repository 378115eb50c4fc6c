// The IMAP reader passes the reply mailbox contract against a real dovecot, moves what it stored to the
// processed folder (or deletes it), bounds each poll, and never lets a failing mail block the others.
import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describeWithDovecot,
  startImapServer,
  type TestImapServer,
} from '../../../test/support/imap-server.ts';
import { createImapMailbox, type ImapMailboxOptions } from './imap-mailbox.ts';
import type { ReplyMailbox } from './reply-mailbox.ts';
import { replyMailboxContract, sampleMail } from './reply-mailbox-contract.ts';

const PROCESSED = 'Traités';
let userCount = 0;
const nextUser = () => `relais${++userCount}-${process.pid}`;

async function count(client: ImapFlow, folder: string): Promise<number> {
  const status = await client.status(folder, { messages: true }).catch(() => false as const);
  return status ? (status.messages ?? 0) : 0;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWithDovecot('IMAP reply mailbox (dovecot)', () => {
  let server: TestImapServer;
  beforeAll(async () => {
    server = await startImapServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  function options(user: string, extra: Partial<ImapMailboxOptions> = {}): Omit<ImapMailboxOptions, 'store'> {
    return {
      url: server.url,
      user,
      password: server.password,
      processedFolder: PROCESSED,
      pollMs: 100,
      maxBytes: 1024 * 1024,
      ...extra,
    };
  }

  replyMailboxContract('IMAP reader', async () => {
    const user = nextUser();
    const client = await server.connect(user);
    return {
      create: (store) => createImapMailbox({ ...options(user), store }),
      deliver: async (raw) => {
        await client.append('INBOX', raw);
      },
      pending: () => count(client, 'INBOX'),
      retryPending: async () => {},
      cleanup: () => client.logout(),
    };
  });

  describe('createImapMailbox', () => {
    let client: ImapFlow;
    let mailbox: ReplyMailbox | null = null;
    afterEach(async () => {
      await mailbox?.stop();
      mailbox = null;
      await client?.logout();
    });

    it('moves stored mails to the processed folder, creating it', async () => {
      const user = nextUser();
      client = await server.connect(user);
      await client.append('INBOX', sampleMail(1));
      const seen: string[] = [];
      mailbox = createImapMailbox({
        ...options(user),
        store: async (_raw, meta) => {
          seen.push(meta.sourceRef);
        },
      });
      await mailbox.start();
      await waitFor(async () => (await count(client, PROCESSED)) === 1, 'the mail in Traités');
      expect(await count(client, 'INBOX')).toBe(0);
      expect(seen[0]).toMatch(/^INBOX\/\d+\/1$/);
    });

    it('deletes stored mails when no processed folder is configured', async () => {
      const user = nextUser();
      client = await server.connect(user);
      await client.append('INBOX', sampleMail(1));
      let stored = 0;
      mailbox = createImapMailbox({
        ...options(user, { processedFolder: '' }),
        store: async () => {
          stored++;
        },
      });
      await mailbox.start();
      await waitFor(() => stored === 1, 'the mail stored');
      await waitFor(async () => (await count(client, 'INBOX')) === 0, 'the mail deleted');
      expect((await client.list()).map((m) => m.path)).not.toContain(PROCESSED);
    });

    it('gets through more mails than one batch holds, one store at a time', async () => {
      const user = nextUser();
      client = await server.connect(user);
      for (let n = 1; n <= 5; n++) await client.append('INBOX', sampleMail(n));
      const ids: string[] = [];
      let concurrent = 0;
      let maxConcurrent = 0;
      mailbox = createImapMailbox({
        ...options(user, { batchSize: 2 }),
        store: async (_raw, meta) => {
          maxConcurrent = Math.max(maxConcurrent, ++concurrent);
          ids.push(meta.messageId!);
          concurrent--;
        },
      });
      await mailbox.start();
      await waitFor(() => ids.length === 5, 'five mails');
      expect(new Set(ids).size).toBe(5);
      expect(maxConcurrent).toBe(1);
    });

    it('keeps offering a failing mail without letting it block the ones behind it', async () => {
      const user = nextUser();
      client = await server.connect(user);
      await client.append('INBOX', sampleMail(1));
      await client.append('INBOX', sampleMail(2));
      const stored: string[] = [];
      let failures = 0;
      mailbox = createImapMailbox({
        ...options(user, { batchSize: 1 }),
        store: async (_raw, meta) => {
          if (meta.messageId === 'reponse-1@prefecture.test') {
            failures++;
            throw new Error('illisible');
          }
          stored.push(meta.messageId!);
        },
      });
      await mailbox.start();
      await waitFor(() => stored.length === 1 && failures >= 2, 'the second mail stored, the first retried');
      expect(await count(client, 'INBOX')).toBe(1);
    });

    it('leaves a mail over the size limit in the mailbox', async () => {
      const user = nextUser();
      client = await server.connect(user);
      await client.append('INBOX', Buffer.concat([sampleMail(1), Buffer.alloc(5000, 'x')]));
      await client.append('INBOX', sampleMail(2));
      const stored: string[] = [];
      mailbox = createImapMailbox({
        ...options(user, { maxBytes: 2000 }),
        store: async (_raw, meta) => {
          stored.push(meta.messageId!);
        },
      });
      await mailbox.start();
      await waitFor(() => stored.length === 1, 'the small mail');
      await new Promise((r) => setTimeout(r, 300));
      expect(stored).toEqual(['reponse-2@prefecture.test']);
      expect(await count(client, 'INBOX')).toBe(1);
    });

    it('wakes up when the server announces a new mail, without waiting for the next poll', async () => {
      const user = nextUser();
      client = await server.connect(user);
      const stored: string[] = [];
      mailbox = createImapMailbox({
        ...options(user, { pollMs: 60_000 }),
        store: async (_raw, meta) => {
          stored.push(meta.messageId!);
        },
      });
      await mailbox.start();
      await new Promise((r) => setTimeout(r, 1500)); // first poll done, the connection idling
      await client.append('INBOX', sampleMail(7));
      await waitFor(() => stored.length === 1, 'the mail announced while idling', 5000);
    });

    it('stops at once while the server does not answer', async () => {
      const net = await import('node:net');
      const silent = net.createServer(() => {});
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as import('node:net').AddressInfo).port;
      try {
        client = await server.connect(nextUser());
        mailbox = createImapMailbox({
          ...options(nextUser()),
          url: `imap://127.0.0.1:${port}`,
          store: async () => {},
        });
        await mailbox.start();
        await new Promise((r) => setTimeout(r, 200));
        const started = Date.now();
        await mailbox.stop();
        mailbox = null;
        expect(Date.now() - started).toBeLessThan(2000);
      } finally {
        silent.close();
      }
    });

    it('keeps polling through a mailbox it cannot log in to, without throwing', async () => {
      client = await server.connect(nextUser());
      mailbox = createImapMailbox({ ...options(nextUser(), {}), password: 'faux', store: async () => {} });
      await mailbox.start();
      await new Promise((r) => setTimeout(r, 300));
      await mailbox.stop();
      mailbox = null;
    });
  });
});
