// From the configuration to the mailer, for the composition root: SMTP when RELAIS_SMTP_URL is set,
// otherwise the outbox that keeps mails for viewing in the application (demo).
import type { Config } from '../config/load-config.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Mailer } from './mailer.ts';
import { createOutboxMailer, type SaveOutboxEntry } from './outbox-mailer.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

export function mailerFromConfig(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  deps: { saveOutbox: SaveOutboxEntry; logger?: Logger; clock?: Clock },
): Mailer & { kind: 'smtp' | 'outbox' } {
  if (config.smtpUrl)
    return {
      kind: 'smtp',
      ...createSmtpMailer({
        url: config.smtpUrl,
        from: config.mailFrom,
        logger: deps.logger,
        clock: deps.clock,
      }),
    };
  return {
    kind: 'outbox',
    ...createOutboxMailer({
      from: config.mailFrom,
      save: deps.saveOutbox,
      logger: deps.logger,
      clock: deps.clock,
    }),
  };
}
