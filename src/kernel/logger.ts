// Structured JSON logs (pino). Secrets and document contents never reach a log line: known sensitive
// keys are redacted, and callers log identifiers and sizes, never payloads.
import { type Logger, pino } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-ssl-client-cert"]',
  'res.headers["set-cookie"]',
  'databaseUrl',
  '*.databaseUrl',
  '*.imapPassword',
  '*.ministryClientP12Password',
  '*.smtpUrl',
  'secret',
  '*.secret',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'relais' },
      redact: { paths: REDACTED_PATHS, censor: '[masqué]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}

/** Removes the password from a connection URL before it is shown or logged. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '[adresse illisible]';
  }
}
