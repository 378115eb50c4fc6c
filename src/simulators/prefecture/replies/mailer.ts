// Sends the préfecture's reply mails: over SMTP with nodemailer, or through a transport given by the
// caller (the platform's demo mode may hand mails over in-process).
import nodemailer from 'nodemailer';

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Never use STARTTLS (a loopback test server). */
  ignoreTLS?: boolean;
  user?: string;
  password?: string;
  /** Accept a server certificate that does not verify (a test server); default true = verify. */
  rejectUnauthorized?: boolean;
}

export interface MailToSend {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  attachments: readonly { filename: string; content: Buffer; contentType: string }[];
  /** Stable Message-ID, so that a duplicated mail can be recognised as such by its receiver. */
  messageId: string;
}

export interface MailTransport {
  send(mail: MailToSend): Promise<void>;
  close?(): void;
}

/** smtp://user:password@host:port or smtps://… (TLS from the first byte) as options. */
export function smtpOptionsFromUrl(url: string): SmtpOptions {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 25,
    secure,
    ...(u.username ? { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : {}),
  };
}

function transportOptions(input: SmtpOptions | string, connections: number) {
  const smtp = typeof input === 'string' ? smtpOptionsFromUrl(input) : input;
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? false,
    ignoreTLS: smtp.ignoreTLS ?? false,
    ...(smtp.user !== undefined ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    tls: { rejectUnauthorized: smtp.rejectUnauthorized ?? true },
    // Kept-open connections (a new one per mail costs ~100 ms), one per mail delivered at once.
    pool: true as const,
    maxConnections: connections,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

export function createSmtpTransport(smtp: SmtpOptions | string, connections = 1): MailTransport {
  const transporter = nodemailer.createTransport(transportOptions(smtp, connections));
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments.map((a) => ({ ...a })),
      });
    },
    close: () => transporter.close(),
  };
}
