// From the configuration to the gateway's adapters, for the composition root: reads the certificate
// files once, picks the reply mailbox and the mailer, and reports every missing or unreadable setting at
// once, in French, naming the key. (The mailer's counterpart is notify/mailer-from-config.ts.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/load-config.ts';
import { ConfigError } from '../../config/load-config.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import { createImapMailbox } from './imap-mailbox.ts';
import type { ClientCertificate, MinistryClientOptions } from './ministry-client.ts';
import type { ReplyMailbox, StoreMail } from './reply-mailbox.ts';
import { parseServerPin } from './server-pin.ts';
import { createSmtpMailbox } from './smtp-mailbox.ts';

type ReadFile = (file: string) => Buffer;

type MinistryConfig = Pick<
  Config,
  | 'mode'
  | 'ministryUrl'
  | 'ministryClientP12'
  | 'ministryClientP12Password'
  | 'ministryClientCert'
  | 'ministryClientKey'
  | 'ministryCa'
  | 'ministryServerCert'
  | 'ministryTimeoutS'
  | 'ministryLegacy200'
>;

/**
 * The ministry client's options, or null when RELAIS_MINISTRY_URL is empty (the simulated préfecture
 * is then wired by the caller). Relative paths are taken from `cwd`.
 */
export function ministryClientOptionsFromConfig(
  config: MinistryConfig,
  {
    cwd = process.cwd(),
    read = readFileSync as ReadFile,
    logger,
  }: { cwd?: string; read?: ReadFile; logger?: Logger } = {},
): MinistryClientOptions | null {
  if (!config.ministryUrl) {
    if (config.mode === 'production')
      throw new ConfigError([
        'RELAIS_MINISTRY_URL : en mode production, indiquez l’adresse HTTPS de dépôt du ministère.',
      ]);
    return null;
  }
  const problems: string[] = [];
  const file = (key: string, value: string): Buffer | undefined => {
    try {
      return read(path.resolve(cwd, value));
    } catch {
      problems.push(`${key} : le fichier « ${value} » est illisible. Vérifiez le chemin et les droits.`);
      return undefined;
    }
  };

  let clientCert: ClientCertificate | undefined;
  if (config.ministryClientP12) {
    const pfx = file('RELAIS_MINISTRY_CLIENT_P12', config.ministryClientP12);
    if (pfx) clientCert = { pfx, passphrase: config.ministryClientP12Password };
  } else if (config.ministryClientCert && config.ministryClientKey) {
    const cert = file('RELAIS_MINISTRY_CLIENT_CERT', config.ministryClientCert);
    const key = file('RELAIS_MINISTRY_CLIENT_KEY', config.ministryClientKey);
    if (cert && key) clientCert = { cert, key };
  } else {
    problems.push(
      'RELAIS_MINISTRY_CLIENT_P12 : indiquez le fichier .p12 du certificat d’opérateur (ou RELAIS_MINISTRY_CLIENT_CERT et RELAIS_MINISTRY_CLIENT_KEY).',
    );
  }

  let pin: string | undefined;
  if (!config.ministryServerCert) {
    problems.push(
      'RELAIS_MINISTRY_SERVER_CERT : indiquez le certificat du serveur du ministère (fichier PEM) ou son empreinte SHA-256.',
    );
  } else if (/^(sha256[:=/]?)?[0-9a-f:\s,;]+$/i.test(config.ministryServerCert)) {
    pin = config.ministryServerCert;
  } else {
    pin = file('RELAIS_MINISTRY_SERVER_CERT', config.ministryServerCert)?.toString('utf8');
  }
  if (pin !== undefined) {
    try {
      parseServerPin(pin);
    } catch (e) {
      problems.push(`RELAIS_MINISTRY_SERVER_CERT : ${(e as Error).message}`);
    }
  }
  const ca = config.ministryCa ? file('RELAIS_MINISTRY_CA', config.ministryCa) : undefined;

  if (problems.length > 0 || !clientCert || pin === undefined) throw new ConfigError(problems);
  return {
    url: config.ministryUrl,
    clientCert,
    ca,
    pinnedServerCert: pin,
    timeoutMs: config.ministryTimeoutS * 1000,
    legacy200: config.ministryLegacy200,
    logger,
  };
}

type MailboxConfig = Pick<
  Config,
  | 'mailbox'
  | 'replyAddress'
  | 'smtpReceiverHost'
  | 'smtpReceiverPort'
  | 'smtpReceiverRecipients'
  | 'mailMaxMb'
  | 'imapUrl'
  | 'imapUser'
  | 'imapPassword'
  | 'imapFolder'
  | 'imapProcessedFolder'
  | 'imapPollS'
>;

/** The reply mailbox the configuration asks for, delivering to `store`. Not started. */
export function replyMailboxFromConfig(
  config: MailboxConfig,
  deps: { store: StoreMail; logger?: Logger; clock?: Clock },
): ReplyMailbox {
  const maxBytes = config.mailMaxMb * 1024 * 1024;
  if (config.mailbox === 'smtp')
    return createSmtpMailbox({
      host: config.smtpReceiverHost,
      port: config.smtpReceiverPort,
      recipients: [config.replyAddress, ...config.smtpReceiverRecipients],
      maxBytes,
      ...deps,
    });
  const problems: string[] = [];
  if (!config.imapUrl)
    problems.push('RELAIS_IMAP_URL : indiquez la boîte aux lettres des réponses (imaps://…).');
  if (!config.imapUser) problems.push('RELAIS_IMAP_USER : indiquez l’identifiant de la boîte aux lettres.');
  if (!config.imapPassword)
    problems.push('RELAIS_IMAP_PASSWORD : indiquez le mot de passe de la boîte aux lettres.');
  if (problems.length > 0) throw new ConfigError(problems);
  return createImapMailbox({
    url: config.imapUrl,
    user: config.imapUser,
    password: config.imapPassword,
    folder: config.imapFolder,
    processedFolder: config.imapProcessedFolder,
    pollMs: config.imapPollS * 1000,
    maxBytes,
    ...deps,
  });
}
