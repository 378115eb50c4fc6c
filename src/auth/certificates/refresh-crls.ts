// Fetches revocation lists from their distribution points and keeps, for each CA of the store, the
// newest one that CA really signed. A CRL is only an HTTP download: its signature is what we trust,
// so any address may be tried, and an older list never replaces a newer one (no rollback).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCrlBlobs } from './certificate-info.ts';
import { type LoadedCrl, matchCrl, type TrustStore } from './trust-store.ts';

export interface CrlFetchResult {
  url: string;
  ok: boolean;
  /** The CA whose list this was, when it matched one. */
  ca: string | null;
  thisUpdate: Date | null;
  nextUpdate: Date | null;
  /** French: what happened. */
  message: string;
}

export interface RefreshCrlsDeps {
  store: TrustStore;
  crlDir: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Every address where the store's CAs publish: CDPs of the CA certificates and of the given certificates. */
export function crlUrlsOf(store: TrustStore, more: Iterable<string> = []): string[] {
  return [...new Set([...store.cas.flatMap((ca) => ca.info.crlUrls), ...more])].sort();
}

async function download(url: string, deps: RefreshCrlsDeps): Promise<Buffer> {
  const max = deps.maxBytes ?? 50 * 1024 * 1024;
  const res = await (deps.fetch ?? fetch)(url, {
    signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
    redirect: 'follow',
  });
  if (!res.ok) throw new Error(`le serveur a répondu ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > max) throw new Error(`liste trop volumineuse (${declared} octets)`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > max) throw new Error(`liste trop volumineuse (${body.length} octets)`);
  return body;
}

function save(crlDir: string, loaded: LoadedCrl): void {
  mkdirSync(crlDir, { recursive: true });
  const file = path.join(crlDir, `${loaded.caFingerprint.slice(0, 16)}.crl`);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, loaded.der);
  renameSync(tmp, file); // atomic: a reader never sees half a list
}

export async function refreshCrls(deps: RefreshCrlsDeps, urls: readonly string[]): Promise<CrlFetchResult[]> {
  // Download in parallel, then match and save one by one, so that two addresses of the same CA
  // cannot race and leave the older list on disk.
  const bodies = await Promise.all(
    urls.map((url) =>
      download(url, deps).then(
        (body) => ({ body }),
        (e: Error) => ({ error: e }),
      ),
    ),
  );
  const newest = new Map(deps.store.crls);
  const results: CrlFetchResult[] = [];
  for (const [i, url] of urls.entries()) {
    const got = bodies[i]!;
    const fail = (message: string): CrlFetchResult => ({
      url,
      ok: false,
      ca: null,
      thisUpdate: null,
      nextUpdate: null,
      message,
    });
    if ('error' in got) {
      const reason = got.error.name === 'TimeoutError' ? 'délai dépassé' : got.error.message;
      results.push(fail(`Téléchargement impossible (${reason}). Vérifiez l’accès au réseau de ce serveur.`));
      continue;
    }
    const der = readCrlBlobs(got.body)[0];
    const loaded = der ? await matchCrl(deps.store.cas, der, url) : null;
    if (!loaded) {
      results.push(
        fail('Le fichier n’est pas une liste de révocation signée par une autorité de la plateforme.'),
      );
      continue;
    }
    const ca = deps.store.cas.find((c) => c.info.fingerprint === loaded.caFingerprint)!;
    const result = {
      url,
      ok: true,
      ca: ca.info.commonName ?? ca.info.subject,
      thisUpdate: loaded.thisUpdate,
      nextUpdate: loaded.nextUpdate,
    };
    const known = newest.get(loaded.caFingerprint);
    if (known && known.thisUpdate >= loaded.thisUpdate) {
      results.push({ ...result, message: 'Déjà à jour : la liste en place est aussi récente.' });
      continue;
    }
    try {
      save(deps.crlDir, loaded);
    } catch (e) {
      results.push(fail(`Enregistrement impossible dans ${deps.crlDir} : ${(e as Error).message}.`));
      continue;
    }
    newest.set(loaded.caFingerprint, loaded);
    results.push({ ...result, message: 'Liste mise à jour.' });
  }
  return results;
}
