// Receives the préfecture's replies by SMTP (demo: the simulator delivers to it on the loopback). Only
// the configured recipients are accepted — it relays nothing, to no one — and a mail is answered 250
// only once `store` resolved; a failing store answers 451 so that the sender keeps the mail and retries.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type Clock, systemClock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import { type ReplyMailbox, readMessageId, type StoreMail } from './reply-mailbox.ts';

export interface SmtpMailboxOptions {
  host: string;
  /** 0 picks a free port (tests); read it back from `port()` after start. */
  port: number;
  /** Accepted recipients: full addresses (retours@relais.example) or whole domains (@relais.example). */
  recipients: readonly string[];
  maxBytes: number;
  store: StoreMail;
  /** After the stores in progress are done, how long stop() lets clients say QUIT. Default 2 s. */
  closeGraceMs?: number;
  logger?: Logger;
  clock?: Clock;
}

export interface SmtpMailbox extends ReplyMailbox {
  /** The port actually listened on. */
  port(): number;
}

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, text: string): SmtpError {
  const err: SmtpError = new Error(text);
  err.responseCode = code;
  return err;
}

export function acceptsRecipient(address: string, recipients: readonly string[]): boolean {
  const a = address.trim().toLowerCase();
  const domain = a.slice(a.lastIndexOf('@'));
  return recipients.some((entry) => {
    const r = entry.trim().toLowerCase();
    if (!r) return false;
    if (r.startsWith('@')) return domain === r;
    return r.includes('@') ? r === a : domain === `@${r}`;
  });
}

export function createSmtpMailbox(options: SmtpMailboxOptions): SmtpMailbox {
  const clock = options.clock ?? systemClock;
  const log = options.logger?.child({ component: 'smtp-receiver' });
  const inFlight = new Set<Promise<void>>();
  let stopping: Promise<void> | null = null;
  let boundPort = options.port;

  const server = new SMTPServer({
    name: 'relais',
    banner: 'Relais - reception des reponses de la prefecture',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // stop() closes the connections itself, once the stores in progress are answered.
    closeTimeout: 24 * 3600_000,
    onRcptTo(address, _session, callback) {
      if (acceptsRecipient(address.address, options.recipients)) return callback();
      log?.warn({ rcpt: address.address }, 'destinataire refusé');
      callback(smtpError(550, '5.1.1 Destinataire inconnu ici'));
    },
    onData(stream, session, callback) {
      receive(stream, session, callback);
    },
  });
  server.on('error', (err) => log?.warn({ err: err.message }, 'erreur du récepteur SMTP'));

  function receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ) {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => {
      // Over the limit: smtp-server answers 552 itself, whatever we say; nothing is stored.
      if (stream.sizeExceeded || size > options.maxBytes)
        return callback(smtpError(552, '5.3.4 Message trop gros'));
      const raw = Buffer.concat(chunks, size);
      const sourceRef = `${session.remoteAddress} ${session.id}`;
      const messageId = readMessageId(raw);
      const job = options.store(raw, { source: 'smtp', sourceRef, messageId, receivedAt: clock.now() }).then(
        () => {
          log?.info({ ref: sourceRef, size, messageId }, 'courriel reçu');
          callback(null, '2.0.0 Message enregistre');
        },
        (e: Error) => {
          log?.warn(
            { ref: sourceRef, size, err: e.message },
            'enregistrement du courriel en échec ; 451 renvoyé',
          );
          callback(smtpError(451, '4.3.0 Enregistrement impossible pour le moment, reessayez plus tard'));
        },
      );
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    });
  }

  return {
    port: () => boundPort,
    start() {
      return new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(options.port, options.host, () => {
          server.server.off('error', onError);
          boundPort = (server.server.address() as AddressInfo).port;
          log?.info({ host: options.host, port: boundPort }, 'récepteur SMTP prêt');
          resolve();
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        if (!server.server.listening) return;
        // New connections are refused and new commands answered 421; a DATA being stored still gets
        // its 250 (or 451) once the store settles.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...inFlight]);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          closed,
          new Promise((r) => (timer = setTimeout(r, options.closeGraceMs ?? 2000))),
        ]);
        clearTimeout(timer);
        for (const connection of server.connections) {
          connection.send(421, 'Arret du serveur');
          connection.close();
        }
        await Promise.allSettled([...inFlight]);
        await closed;
      })();
      return stopping;
    },
  };
}
