// Sends e-mail through an SMTP server (production): smtps:// for TLS from the start, smtp:// with
// STARTTLS required except on the loopback. Credentials come in the URL and never reach a log line.
import nodemailer from 'nodemailer';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { AppError } from '../kernel/errors.ts';
import { type Logger, maskUrl } from '../kernel/logger.ts';
import { bareMessageId, type Mailer, type OutgoingMail, toNodemailerMessage } from './mailer.ts';

export interface SmtpMailerOptions {
  /** smtp://user:password@host:587 or smtps://user:password@host:465 */
  url: string;
  from: string;
  /** Extra TLS options (a private CA, for instance). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
  timeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

export function createSmtpMailer(options: SmtpMailerOptions): Mailer & { close(): void } {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new AppError(
      'CONFIG_INVALID',
      'L’adresse du serveur de courriel doit commencer par smtp:// ou smtps://.',
    );
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? 60_000;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    requireTLS: !secure && !LOOPBACK.has(url.hostname),
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    tls: options.tls,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
  });
  const clock = options.clock ?? systemClock;
  const log = options.logger?.child({ component: 'smtp-mailer', server: maskUrl(options.url) });

  return {
    async send(mail: OutgoingMail) {
      try {
        const info = await transport.sendMail(toNodemailerMessage(options.from, mail, clock.now()));
        const messageId = bareMessageId(info.messageId);
        log?.info({ messageId, recipients: mail.to.length }, 'courriel envoyé');
        return { messageId };
      } catch (e) {
        const err = e as Error & { responseCode?: number; code?: string };
        // Only a refusal of this mail or its recipients is final; a wrong password or a server down is not
        // the mail's fault, and the job retries once the operator fixed it.
        const permanent =
          (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && (err.responseCode ?? 0) >= 500;
        log?.warn(
          { code: err.code, responseCode: err.responseCode, permanent },
          'envoi du courriel en échec',
        );
        throw new AppError(
          permanent ? 'MAIL_REJECTED' : 'MAIL_SEND_FAILED',
          `${permanent ? 'Courriel refusé' : 'Envoi du courriel impossible'} (${err.responseCode ?? err.code ?? 'erreur'}) : ${err.message.replace(/\s+/g, ' ').slice(0, 300)}`,
        );
      }
    },
    close: () => transport.close(),
  };
}
