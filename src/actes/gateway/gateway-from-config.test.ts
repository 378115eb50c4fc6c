// From configuration keys to the gateway's adapters: certificate files read once, every missing or
// unreadable setting reported at once naming its key, the mailbox the configuration asks for.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGatewayPki, fingerprint256, type GatewayPki } from '../../../test/support/gateway-pki.ts';
import { ConfigError, loadConfig } from '../../config/load-config.ts';
import { mailerFromConfig } from '../../notify/mailer-from-config.ts';
import { createMemoryOutbox } from '../../notify/outbox-mailer.ts';
import { ministryClientOptionsFromConfig, replyMailboxFromConfig } from './gateway-from-config.ts';

const problemsOf = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('ministryClientOptionsFromConfig', () => {
  let pki: GatewayPki;
  let dir: string;
  beforeAll(async () => {
    pki = await createGatewayPki();
    dir = mkdtempSync(path.join(tmpdir(), 'relais-gw-conf-'));
    writeFileSync(path.join(dir, 'client.pem'), pki.client.certPem);
    writeFileSync(path.join(dir, 'client.key'), pki.client.keyPem);
    writeFileSync(path.join(dir, 'ministere.pem'), pki.server.certPem);
  });

  it('gives nothing in demo mode without an address: the simulated préfecture is used', () => {
    expect(ministryClientOptionsFromConfig(loadConfig({ env: {}, cwd: dir }))).toBeNull();
  });

  it('reads the PEM operator certificate and the pinned certificate file, relative to the working directory', () => {
    const config = loadConfig({
      env: {
        RELAIS_MINISTRY_URL: 'https://actes.interieur.test/depot',
        RELAIS_MINISTRY_CLIENT_CERT: 'client.pem',
        RELAIS_MINISTRY_CLIENT_KEY: 'client.key',
        RELAIS_MINISTRY_SERVER_CERT: 'ministere.pem',
        RELAIS_MINISTRY_TIMEOUT_S: '120',
        RELAIS_MINISTRY_LEGACY_200: 'oui',
      },
      cwd: dir,
    });
    const options = ministryClientOptionsFromConfig(config, { cwd: dir })!;
    expect(options).toMatchObject({
      url: 'https://actes.interieur.test/depot',
      timeoutMs: 120_000,
      legacy200: true,
    });
    expect(options.pinnedServerCert).toBe(pki.server.certPem);
    expect(String((options.clientCert as { cert: Buffer }).cert)).toBe(pki.client.certPem);
  });

  it('takes a fingerprint as the pin without reading a file', () => {
    const config = loadConfig({
      env: {
        RELAIS_MINISTRY_URL: 'https://actes.interieur.test/depot',
        RELAIS_MINISTRY_CLIENT_CERT: 'client.pem',
        RELAIS_MINISTRY_CLIENT_KEY: 'client.key',
        RELAIS_MINISTRY_SERVER_CERT: fingerprint256(pki.server),
      },
      cwd: dir,
    });
    expect(ministryClientOptionsFromConfig(config, { cwd: dir })!.pinnedServerCert).toBe(
      fingerprint256(pki.server),
    );
  });

  it('reports every missing or unreadable setting at once, naming its key', () => {
    const missing = loadConfig({
      env: { RELAIS_MINISTRY_URL: 'https://actes.interieur.test/depot' },
      cwd: dir,
    });
    expect(problemsOf(() => ministryClientOptionsFromConfig(missing, { cwd: dir }))).toEqual([
      expect.stringMatching(/^RELAIS_MINISTRY_CLIENT_P12 : indiquez le fichier .p12/),
      expect.stringMatching(/^RELAIS_MINISTRY_SERVER_CERT : indiquez le certificat/),
    ]);
    const unreadable = loadConfig({
      env: {
        RELAIS_MINISTRY_URL: 'https://actes.interieur.test/depot',
        RELAIS_MINISTRY_CLIENT_P12: 'absent.p12',
        RELAIS_MINISTRY_SERVER_CERT: 'absent.pem',
      },
      cwd: dir,
    });
    expect(problemsOf(() => ministryClientOptionsFromConfig(unreadable, { cwd: dir }))).toEqual([
      expect.stringMatching(/^RELAIS_MINISTRY_CLIENT_P12 : le fichier « absent.p12 » est illisible/),
      expect.stringMatching(/^RELAIS_MINISTRY_SERVER_CERT : le fichier « absent.pem » est illisible/),
    ]);
  });

  it('requires the ministry address in production', () => {
    const config = loadConfig({
      env: { RELAIS_MODE: 'production', DATABASE_URL: 'postgres://x@y/z' },
      cwd: dir,
    });
    expect(problemsOf(() => ministryClientOptionsFromConfig(config))).toEqual([
      expect.stringMatching(/^RELAIS_MINISTRY_URL : en mode production/),
    ]);
  });

  it('refuses a ministry address that is not HTTPS when the configuration is read', () => {
    expect(() =>
      loadConfig({ env: { RELAIS_MINISTRY_URL: 'http://actes.interieur.test' }, cwd: dir }),
    ).toThrow(/RELAIS_MINISTRY_URL/);
  });
});

describe('replyMailboxFromConfig and mailerFromConfig', () => {
  const store = async () => {};

  it('receive by SMTP on the loopback and keep mails in the outbox by default (demo)', async () => {
    const config = loadConfig({ env: { RELAIS_SMTP_RECEIVER_PORT: '2599' }, cwd: '/srv/relais' });
    expect(config.replyAddress).toBe('retours@relais.test');
    const mailbox = replyMailboxFromConfig(config, { store });
    expect(mailbox).toHaveProperty('port');
    expect(mailerFromConfig(config, { saveOutbox: createMemoryOutbox().save }).kind).toBe('outbox');
  });

  it('name the IMAP settings that are missing', () => {
    const config = loadConfig({ env: { RELAIS_MAILBOX: 'imap' }, cwd: '/srv/relais' });
    expect(problemsOf(() => replyMailboxFromConfig(config, { store }))).toEqual([
      expect.stringMatching(/^RELAIS_IMAP_URL/),
      expect.stringMatching(/^RELAIS_IMAP_USER/),
      expect.stringMatching(/^RELAIS_IMAP_PASSWORD/),
    ]);
  });

  it('send by SMTP when RELAIS_SMTP_URL is set, and refuse malformed mail settings', () => {
    const config = loadConfig({ env: { RELAIS_SMTP_URL: 'smtp://127.0.0.1:2525' }, cwd: '/srv/relais' });
    expect(mailerFromConfig(config, { saveOutbox: createMemoryOutbox().save }).kind).toBe('smtp');
    for (const [key, value] of [
      ['RELAIS_SMTP_URL', 'http://smtp.test'],
      ['RELAIS_IMAP_URL', 'pop3://x'],
      ['RELAIS_MAIL_FROM', 'Relais'],
      ['RELAIS_REPLY_ADDRESS', 'retours'],
      ['RELAIS_SMTP_RECEIVER_RECIPIENTS', 'a@b.test,pas-une-adresse'],
    ])
      expect(() => loadConfig({ env: { [key!]: value }, cwd: '/srv/relais' }), key).toThrow(new RegExp(key!));
  });
});
