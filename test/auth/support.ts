// Shared set-up for the authentication suites: a test PKI (an RGS CA, an extended CA, CRLs), an app
// whose trusted proxy is the in-process client (so that certificates travel in the proxy header), and
// helpers to sign in as someone.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { attachCertificate } from '../../src/auth/accounts/attach-certificate.ts';
import { trustServiceFrom } from '../../src/auth/certificates/trust-service.ts';
import { loadTrustStore } from '../../src/auth/certificates/trust-store.ts';
import { parseTrustedProxies } from '../../src/auth/http/client-certificate.ts';
import { createCa, createCrl, type Issued, issueCertificate } from '../../src/auth/pki/issue.ts';
import type { Db } from '../../src/db/types.ts';
import { createHttpServer, type HttpDeps } from '../../src/http/server.ts';
import type { Mode } from '../../src/http/ui/layout.ts';
import { type Clock, systemClock } from '../../src/kernel/clock.ts';
import { createLogger, type Logger } from '../../src/kernel/logger.ts';
import { findUserByEmail } from '../../src/tenants/user-store.ts';

export interface TestPki {
  rgs: Issued;
  extended: Issued;
  /** Current, empty CRLs of both CAs. */
  crls: Buffer[];
}

export async function createTestPki(): Promise<TestPki> {
  const rgs = await createCa('CN=AC RGS de test, O=Relais tests, C=FR');
  const extended = await createCa('CN=AC étendue de test, O=Relais tests, C=FR');
  return { rgs, extended, crls: [await createCrl(rgs), await createCrl(extended)] };
}

export async function createAuthApp(opts: {
  db: Db;
  pki: TestPki;
  mode?: Mode;
  clock?: Clock;
  trustedProxies?: string;
  crls?: Buffer[];
  idleMs?: number;
  absoluteMs?: number;
  logger?: Logger;
  /** Routes a test adds before the app is ready. */
  extraRoutes?: (app: FastifyInstance) => void;
  /** More dependencies of the app (a capability's service), so that its routes exist too. */
  http?: Partial<HttpDeps>;
}): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const nowhere = '/nonexistent-relais-trust';
  const settings = {
    sources: {
      rgsDir: nowhere,
      extendedDir: nowhere,
      crlDir: nowhere,
      extraCas: [
        { list: 'rgs' as const, pem: opts.pki.rgs.pem, source: 'test-rgs' },
        { list: 'extended' as const, pem: opts.pki.extended.pem, source: 'test-extended' },
      ],
      extraCrls: (opts.crls ?? opts.pki.crls).map((data) => ({ data, source: 'test' })),
    },
    crlRequired: true,
    crlGraceMs: 0,
  };
  const store = await loadTrustStore(settings.sources);
  const app = createHttpServer({
    ...opts.http,
    db: opts.db,
    logger: opts.logger ?? createLogger('silent'),
    mode: opts.mode ?? 'demo',
    auth: {
      clock,
      trust: trustServiceFrom(store, { settings, clock }),
      proxies: {
        trusted: parseTrustedProxies(opts.trustedProxies ?? '127.0.0.1').list,
        header: 'x-ssl-client-cert',
        enabled: (opts.trustedProxies ?? '127.0.0.1') !== '',
      },
      sessionTimeouts: { idleMs: opts.idleMs ?? 30 * 60_000, absoluteMs: opts.absoluteMs ?? 10 * 3_600_000 },
      secureCookies: true,
    },
  });
  opts.extraRoutes?.(app);
  await app.ready();
  return app;
}

/** The header nginx sets with `$ssl_client_escaped_cert`. */
export function certHeader(cert: Issued | null): Record<string, string> {
  return cert ? { 'x-ssl-client-cert': encodeURIComponent(cert.pem) } : {};
}

export async function userId(db: Db, email: string): Promise<string> {
  const u = await findUserByEmail(db, email);
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}

/** Issues a certificate for a person and attaches it to their account. */
export async function personalCertificate(
  db: Db,
  ca: Issued,
  email: string,
  opts: Parameters<typeof issueCertificate>[2] = {},
): Promise<Issued> {
  const cert = await issueCertificate(ca, `CN=${email}, O=Relais tests, C=FR`, { email, ...opts });
  await attachCertificate(
    { db, clock: systemClock },
    { actor: null, userId: await userId(db, email), certificate: cert.pem },
  );
  return cert;
}

/** Cookies a response sets, as a Cookie header value merged with the previous ones. */
export function cookiesFrom(res: LightMyRequestResponse, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => c.split('=') as [string, string]),
  );
  for (const c of res.cookies as { name: string; value: string }[]) {
    if (c.value === '') jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export function csrfFrom(body: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

export interface Browser {
  cookie: string;
  headers: Record<string, string>;
}

/** Opens the sign-in page then posts `action` with the page's CSRF token, as a browser would. */
export async function postSignIn(
  app: FastifyInstance,
  cert: Issued | null,
  action: string,
  fields: Record<string, string> = {},
): Promise<{ res: LightMyRequestResponse; browser: Browser }> {
  const headers = { ...certHeader(cert), accept: 'text/html' };
  const page = await app.inject({ url: '/connexion', headers });
  let cookie = cookiesFrom(page);
  const res = await app.inject({
    method: 'POST',
    url: action,
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
  });
  cookie = cookiesFrom(res, cookie);
  return { res, browser: { cookie, headers } };
}

export async function signInWithCertificate(app: FastifyInstance, cert: Issued): Promise<Browser> {
  const { res, browser } = await postSignIn(app, cert, '/connexion/certificat');
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return browser;
}

export async function signInDemo(app: FastifyInstance, id: string): Promise<Browser> {
  const { res, browser } = await postSignIn(app, null, '/connexion/demo', { utilisateur: id });
  if (res.statusCode !== 303)
    throw new Error(`demo sign-in failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return browser;
}

/** A request as the signed-in browser. */
export function as(browser: Browser, extra: Record<string, string> = {}) {
  return { ...browser.headers, cookie: browser.cookie, ...extra };
}

/** Posts a form of a page as the browser (fetching the page first for its CSRF token). */
export async function submitForm(
  app: FastifyInstance,
  browser: Browser,
  pageUrl: string,
  action: string,
  fields: Record<string, string | string[]>,
): Promise<LightMyRequestResponse> {
  const page = await app.inject({ url: pageUrl, headers: as(browser) });
  const params = new URLSearchParams({ _csrf: csrfFrom(page.body) });
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) params.append(k, x);
  return app.inject({
    method: 'POST',
    url: action,
    headers: as(browser, { 'content-type': 'application/x-www-form-urlencoded' }),
    payload: params.toString(),
  });
}
