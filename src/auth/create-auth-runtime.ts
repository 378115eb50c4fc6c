// Assembles authentication from the configuration, for the composition root and the CLI: the trust
// store (folders, plus the demo CA in demo mode), the HTTPS options asking for a client certificate,
// the proxy settings, session timeouts, and the CRL schedule.
import { readFileSync } from 'node:fs';
import type { ServerOptions as HttpsOptions } from 'node:https';
import path from 'node:path';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/types.ts';
import type { Clock } from '../kernel/clock.ts';
import { AppError } from '../kernel/errors.ts';
import type { Logger } from '../kernel/logger.ts';
import { unsafeListActiveCertificateDer } from './accounts/certificate-store.ts';
import {
  createTrustService,
  scheduleCrlRefresh,
  type TrustService,
  type TrustSettings,
} from './certificates/trust-service.ts';
import type { TrustSources } from './certificates/trust-store.ts';
import { parseTrustedProxies } from './http/client-certificate.ts';
import type { AuthSetup } from './http/register-auth-routes.ts';
import { attachDemoCertificates } from './pki/attach-demo-certificates.ts';
import { demoPkiExists, demoPkiPaths, demoTrustSources, readDemoManifest } from './pki/demo-pki.ts';

export type AuthConfig = Pick<
  Config,
  | 'mode'
  | 'dataDirAbs'
  | 'publicUrl'
  | 'tls'
  | 'tlsCertFile'
  | 'tlsKeyFile'
  | 'trustDir'
  | 'trustedProxies'
  | 'proxyCertHeader'
  | 'crlRefreshMin'
  | 'crlRequired'
  | 'crlGraceH'
  | 'sessionIdleMin'
  | 'sessionMaxH'
>;

/** Where the trust folders are: RELAIS_TRUST_DIR, or "confiance" in the data directory. */
export function trustDirOf(config: Pick<Config, 'trustDir' | 'dataDirAbs'>, cwd = process.cwd()): string {
  return config.trustDir ? path.resolve(cwd, config.trustDir) : path.join(config.dataDirAbs, 'confiance');
}

export function trustSettingsOf(config: AuthConfig, cwd = process.cwd()): TrustSettings {
  const dir = trustDirOf(config, cwd);
  const sources: TrustSources = {
    rgsDir: path.join(dir, 'rgs'),
    extendedDir: path.join(dir, 'etendue'),
    crlDir: path.join(dir, 'crl'),
  };
  // The demo CA is trusted in demo mode only, never in production or training.
  const demo = config.mode === 'demo' ? demoTrustSources(demoPkiPaths(config.dataDirAbs)) : null;
  if (demo) {
    sources.extraCas = [{ list: 'rgs', pem: demo.caPem, source: 'PKI de démonstration' }];
    // Reread at each reload: the demo CA connector rewrites it when it revokes a certificate.
    sources.extraCrlFiles = [{ file: demoPkiPaths(config.dataDirAbs).caCrl, source: 'PKI de démonstration' }];
  }
  return { sources, crlRequired: config.crlRequired, crlGraceMs: config.crlGraceH * 3_600_000 };
}

function readOrFail(file: string, what: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new AppError(
      'CONFIG_INVALID',
      `${key} : le fichier ${what} « ${file} » est illisible. Vérifiez le chemin et les droits.`,
    );
  }
}

/** HTTPS asking for (not demanding) a client certificate; null for plain HTTP. */
export function httpsOptionsOf(
  config: AuthConfig,
  trust: TrustService,
  cwd = process.cwd(),
): HttpsOptions | null {
  if (config.tls === 'off') return null;
  let cert: Buffer | null = null;
  let key: Buffer | null = null;
  if (config.tlsCertFile || config.tlsKeyFile) {
    if (!config.tlsCertFile || !config.tlsKeyFile)
      throw new AppError(
        'CONFIG_INVALID',
        'RELAIS_TLS_CERT_FILE et RELAIS_TLS_KEY_FILE vont ensemble : indiquez les deux fichiers.',
      );
    cert = readOrFail(path.resolve(cwd, config.tlsCertFile), 'du certificat', 'RELAIS_TLS_CERT_FILE');
    key = readOrFail(path.resolve(cwd, config.tlsKeyFile), 'de la clé', 'RELAIS_TLS_KEY_FILE');
  } else if (config.mode === 'demo' && demoPkiExists(demoPkiPaths(config.dataDirAbs))) {
    const paths = demoPkiPaths(config.dataDirAbs);
    cert = readFileSync(paths.serverCert);
    key = readFileSync(paths.serverKey);
  }
  if (!cert || !key) {
    if (config.tls === 'auto') return null;
    throw new AppError(
      'CONFIG_INVALID',
      'RELAIS_TLS=on : indiquez RELAIS_TLS_CERT_FILE et RELAIS_TLS_KEY_FILE, ou, en démonstration, créez la PKI de démonstration (relais pki demo).',
    );
  }
  const cas = trust.store().cas.map((ca) => ca.info.pem);
  return {
    cert,
    key,
    requestCert: true,
    // The decision is ours, per request, so that a refused visitor gets a page that explains why.
    rejectUnauthorized: false,
    // Tells browsers which CAs we accept, so they offer the right certificate.
    ...(cas.length ? { ca: cas } : {}),
    minVersion: 'TLSv1.2',
  };
}

export interface AuthRuntime {
  setup: AuthSetup;
  https: HttpsOptions | null;
  trust: TrustService;
  /** Starts the periodic CRL download (web processes). */
  scheduleCrls(): { stop(): void };
}

export async function createAuthRuntime(deps: {
  config: AuthConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
}): Promise<AuthRuntime> {
  const { config, db, clock, logger } = deps;
  const trust = await createTrustService({
    settings: trustSettingsOf(config),
    clock,
    knownCertificates: () => unsafeListActiveCertificateDer(db),
  });
  for (const p of trust.store().problems) logger.warn({ problem: p }, 'trust store');
  if (config.mode === 'demo') {
    const manifest = readDemoManifest(demoPkiPaths(config.dataDirAbs));
    if (manifest) {
      const r = await attachDemoCertificates({ db, clock }, manifest).catch((e: Error) => {
        logger.warn({ err: e }, 'demo certificates not attached');
        return { attached: 0 };
      });
      if (r.attached) logger.info({ attached: r.attached }, 'demo certificates attached');
    }
  }
  const https = httpsOptionsOf(config, trust);
  const proxies = parseTrustedProxies(config.trustedProxies.join(','));
  if (config.mode === 'production' && !https && proxies.entries.length === 0)
    logger.warn(
      'neither native HTTPS (RELAIS_TLS_CERT_FILE) nor a trusted proxy (RELAIS_TRUSTED_PROXIES): nobody can sign in with a certificate',
    );
  const plainLocal = !https && proxies.entries.length === 0 && config.publicUrl.startsWith('http://');
  return {
    trust,
    https,
    setup: {
      clock,
      trust,
      proxies: { trusted: proxies.list, header: config.proxyCertHeader, enabled: proxies.entries.length > 0 },
      sessionTimeouts: { idleMs: config.sessionIdleMin * 60_000, absoluteMs: config.sessionMaxH * 3_600_000 },
      // Secure cookies need HTTPS in front; only a plain-HTTP local demo goes without.
      secureCookies: !plainLocal,
    },
    scheduleCrls: () =>
      scheduleCrlRefresh(trust, config.crlRefreshMin * 60_000, logger.child({ part: 'crl' })),
  };
}
