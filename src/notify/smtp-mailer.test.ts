// The SMTP mailer against a real SMTP sink on the loopback: the mailer contract, login from the URL,
// final refusals told apart from temporary failures, and the password kept out of the log.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp-sink.ts';
import { createLogger } from '../kernel/logger.ts';
import { CONTRACT_FROM, mailerContract } from './mailer-contract.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

mailerContract('SMTP', async () => {
  const sink = await startSmtpSink();
  const mailer = createSmtpMailer({ url: sink.url, from: CONTRACT_FROM });
  let seen = 0;
  return {
    mailer,
    async readBack(messageId) {
      await sink.waitFor(++seen);
      const mail = sink.mails.find((m) => m.parsed.messageId === `<${messageId}>`);
      if (!mail) throw new Error(`no mail ${messageId} in the sink`);
      return { raw: mail.raw, to: mail.to };
    },
    async cleanup() {
      mailer.close();
      await sink.stop();
    },
  };
});

describe('createSmtpMailer', () => {
  let sink: SmtpSink | null = null;
  afterEach(async () => {
    await sink?.stop();
    sink = null;
  });

  it('logs in with the user and password of the URL, even with special characters', async () => {
    const pass = 'p@ss:wörd/?#';
    sink = await startSmtpSink({ auth: { user: 'relais@syndicat.test', pass } });
    const url = `smtp://${encodeURIComponent('relais@syndicat.test')}:${encodeURIComponent(pass)}@127.0.0.1:${sink.port}`;
    const mailer = createSmtpMailer({ url, from: CONTRACT_FROM });
    await mailer.send({ to: ['a@commune.test'], subject: 'Essai', text: 'x' });
    expect(sink.mails[0]!.user).toBe('relais@syndicat.test');
    mailer.close();
  });

  it('reports a refused recipient as MAIL_REJECTED, a retry being useless', async () => {
    sink = await startSmtpSink({ refuse: ['inconnu@commune.test'] });
    const mailer = createSmtpMailer({ url: sink.url, from: CONTRACT_FROM });
    await expect(
      mailer.send({ to: ['inconnu@commune.test'], subject: 'Essai', text: 'x' }),
    ).rejects.toMatchObject({
      code: 'MAIL_REJECTED',
    });
    mailer.close();
  });

  it('reports a wrong password or an unreachable server as MAIL_SEND_FAILED, and logs no password', async () => {
    sink = await startSmtpSink({ auth: { user: 'relais', pass: 'le-bon' } });
    const lines: string[] = [];
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(chunk.toString());
          cb();
        },
      }),
    );
    const wrong = createSmtpMailer({
      url: `smtp://relais:mot-secret-faux@127.0.0.1:${sink.port}`,
      from: CONTRACT_FROM,
      logger,
    });
    await expect(wrong.send({ to: ['a@commune.test'], subject: 'x', text: 'x' })).rejects.toMatchObject({
      code: 'MAIL_SEND_FAILED',
    });
    wrong.close();
    const port = sink.port;
    await sink.stop();
    sink = null;
    const down = createSmtpMailer({
      url: `smtp://relais:mot-secret-faux@127.0.0.1:${port}`,
      from: CONTRACT_FROM,
      logger,
      timeoutMs: 2000,
    });
    await expect(down.send({ to: ['a@commune.test'], subject: 'x', text: 'x' })).rejects.toMatchObject({
      code: 'MAIL_SEND_FAILED',
    });
    down.close();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain('mot-secret-faux');
  });

  it('refuses an address that is not smtp:// or smtps://', () => {
    expect(() => createSmtpMailer({ url: 'http://x', from: CONTRACT_FROM })).toThrow(/smtp:\/\//);
  });
});
