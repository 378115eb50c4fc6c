// The trust store as a live service: the decision on a certificate (cached briefly, since it is asked
// on every request), reloading the folders, and refreshing the CRLs on demand and on a schedule.
import { X509Certificate as NodeX509 } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import { certificateInfo, sha256Hex } from './certificate-info.ts';
import { type CertificateVerdict, checkCertificate } from './check-certificate.ts';
import { type CrlFetchResult, crlUrlsOf, refreshCrls } from './refresh-crls.ts';
import { findIssuer, loadTrustStore, type TrustSources, type TrustStore } from './trust-store.ts';

export interface TrustSettings {
  sources: TrustSources;
  crlRequired: boolean;
  crlGraceMs: number;
}

export interface CrlRefreshReport {
  at: Date;
  results: CrlFetchResult[];
}

export interface TrustService {
  store(): TrustStore;
  /** The decision on a presented certificate; the same answer for up to a minute, or until a reload. */
  check(der: Buffer): CertificateVerdict;
  reload(): Promise<TrustStore>;
  /** Downloads the CRLs now, then reloads the store. */
  refreshCrls(): Promise<CrlRefreshReport>;
  lastRefresh(): CrlRefreshReport | null;
  settings: TrustSettings;
}

export interface TrustServiceDeps {
  settings: TrustSettings;
  clock: Clock;
  fetch?: typeof fetch;
  /** Certificates known to the platform (attached to accounts), whose CDPs tell where their CAs publish. */
  knownCertificates?: () => Promise<Buffer[]>;
}

const CACHE_MS = 60_000;
const CACHE_MAX = 10_000;
/** One address per line, for CAs whose certificates carry no distribution point. */
export const CRL_SOURCES_FILE = 'sources.txt';

export async function createTrustService(deps: TrustServiceDeps): Promise<TrustService> {
  return trustServiceFrom(await loadTrustStore(deps.settings.sources), deps);
}

/** A service around an already loaded store (an empty one for an app without certificates). */
export function trustServiceFrom(initial: TrustStore, deps: TrustServiceDeps): TrustService {
  let store = initial;
  let last: CrlRefreshReport | null = null;
  const cache = new Map<string, { verdict: CertificateVerdict; until: number }>();
  // CDPs of presented certificates a trusted CA issued: the CA chose them, so fetching them is safe.
  const seenUrls = new Set<string>();

  const urlsFromTrusted = (der: Buffer): string[] => {
    const info = certificateInfo(der);
    if (!info) return [];
    return findIssuer(store, new NodeX509(der)).ca ? info.crlUrls : [];
  };

  const service: TrustService = {
    settings: deps.settings,
    store: () => store,
    check(der) {
      const key = sha256Hex(der);
      const now = deps.clock.now();
      const hit = cache.get(key);
      if (hit && hit.until > now.getTime()) return hit.verdict;
      const verdict = checkCertificate(store, der, {
        now,
        crlRequired: deps.settings.crlRequired,
        crlGraceMs: deps.settings.crlGraceMs,
      });
      if (verdict.issuer) for (const u of verdict.info?.crlUrls ?? []) seenUrls.add(u);
      if (cache.size >= CACHE_MAX) cache.clear();
      const until = Math.min(now.getTime() + CACHE_MS, verdict.info?.notAfter.getTime() ?? 0);
      cache.set(key, { verdict, until });
      return verdict;
    },
    async reload() {
      store = await loadTrustStore(deps.settings.sources);
      cache.clear();
      return store;
    },
    async refreshCrls() {
      const known = (await deps.knownCertificates?.().catch(() => [])) ?? [];
      const listed = path.join(deps.settings.sources.crlDir, CRL_SOURCES_FILE);
      const fromFile = existsSync(listed)
        ? readFileSync(listed, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => /^https?:\/\//i.test(l))
        : [];
      const urls = crlUrlsOf(store, [...seenUrls, ...known.flatMap(urlsFromTrusted), ...fromFile]);
      const results = await refreshCrls(
        { store, crlDir: deps.settings.sources.crlDir, fetch: deps.fetch },
        urls,
      );
      await service.reload();
      last = { at: deps.clock.now(), results };
      return last;
    },
    lastRefresh: () => last,
  };
  return service;
}

/** Refreshes the CRLs every `intervalMs` (first shortly after start) and rereads the folders every 5 minutes; failures are logged, never thrown. */
export function scheduleCrlRefresh(
  trust: TrustService,
  intervalMs: number,
  logger: Logger,
): { stop(): void } {
  const run = () =>
    trust.refreshCrls().then(
      (r) => {
        const failed = r.results.filter((x) => !x.ok);
        if (failed.length)
          logger.warn(
            { failed: failed.map((f) => ({ url: f.url, message: f.message })) },
            'crl refresh failed',
          );
        else logger.info({ count: r.results.length }, 'crl refreshed');
      },
      (e: Error) => logger.error({ err: e }, 'crl refresh failed'),
    );
  const first = setTimeout(run, 2_000);
  const timer = setInterval(run, intervalMs);
  // Files dropped in the folders (a CA, a CRL fetched by `relais cert crl`) count within 5 minutes.
  const reload = setInterval(() => {
    trust.reload().catch((e: Error) => logger.error({ err: e }, 'trust store reload failed'));
  }, 5 * 60_000);
  for (const t of [first, timer, reload]) t.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
      clearInterval(reload);
    },
  };
}
