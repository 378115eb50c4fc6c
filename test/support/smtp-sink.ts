// A real SMTP server on the loopback for the tests (smtp-server + mailparser): keeps every mail it is
// given, raw and parsed; can require a login, and refuse chosen recipients with 550.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
  /** The user name the client logged in with, if any. */
  user?: string;
}

export interface SmtpSinkOptions {
  /** Require this login (over plaintext: it is the loopback). */
  auth?: { user: string; pass: string };
  /** Recipients answered 550. */
  refuse?: readonly string[];
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:port (no credentials) */
  url: string;
  mails: SinkMail[];
  /** Resolves once `n` mails have arrived. */
  waitFor(n: number, ms?: number): Promise<SinkMail[]>;
  stop(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const mails: SinkMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid login'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address))
        return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(n, ms = 5000) {
      const deadline = Date.now() + ms;
      while (mails.length < n) {
        if (Date.now() > deadline)
          throw new Error(`SMTP sink: ${mails.length} mail(s) after ${ms} ms, ${n} expected`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return mails;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
