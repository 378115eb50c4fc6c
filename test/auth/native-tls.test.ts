// Native HTTPS asking for a client certificate (both backends): the handshake succeeds whatever the
// client presents, and the decision is taken per request — a certificate signs in, none or a refused
// one gets a French page, and a session follows its certificate over real connections.
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustServiceFrom } from '../../src/auth/certificates/trust-service.ts';
import { loadTrustStore } from '../../src/auth/certificates/trust-store.ts';
import { parseTrustedProxies } from '../../src/auth/http/client-certificate.ts';
import { createCa, type Issued, issueCertificate } from '../../src/auth/pki/issue.ts';
import type { Db } from '../../src/db/types.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { backend, createTestDb } from '../support/db.ts';
import { createTestPki, csrfFrom, personalCertificate, type TestPki } from './support.ts';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe(`native HTTPS with client certificates (${backend})`, () => {
  let db: Db;
  let pki: TestPki;
  let server: Issued;
  let app: FastifyInstance;
  let port: number;

  function call(
    path: string,
    opts: { cert?: Issued; method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port,
          path,
          method: opts.method ?? 'GET',
          ca: pki.rgs.pem,
          agent: false, // a new connection each time: certificates never carry over
          ...(opts.cert ? { cert: opts.cert.pem, key: opts.cert.keyPem } : {}),
          headers: { accept: 'text/html', ...opts.headers },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    pki = await createTestPki();
    server = await issueCertificate(pki.rgs, 'CN=localhost', { serverNames: ['localhost', '127.0.0.1'] });
    const settings = {
      sources: {
        rgsDir: '/nonexistent',
        extendedDir: '/nonexistent',
        crlDir: '/nonexistent',
        extraCas: [{ list: 'rgs' as const, pem: pki.rgs.pem, source: 'test' }],
        extraCrls: pki.crls.map((data) => ({ data, source: 'test' })),
      },
      crlRequired: true,
      crlGraceMs: 0,
    };
    const trust = trustServiceFrom(await loadTrustStore(settings.sources), { settings, clock: systemClock });
    app = createHttpServer({
      db,
      logger: createLogger('silent'),
      mode: 'production',
      https: {
        cert: server.pem,
        key: server.keyPem,
        requestCert: true,
        rejectUnauthorized: false,
        ca: [pki.rgs.pem],
      },
      auth: {
        clock: systemClock,
        trust,
        proxies: { trusted: parseTrustedProxies('').list, header: 'x-ssl-client-cert', enabled: false },
        sessionTimeouts: { idleMs: 600_000, absoluteMs: 3_600_000 },
        secureCookies: true,
      },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('identifies the API caller by the certificate of the TLS connection', async () => {
    const jean = await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr');
    const res = await call('/api/v1/me', { cert: jean, headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      via: 'certificate',
      user: { email: 'jean.dupuy@example.fr' },
    });
  });

  it('lets a visitor without certificate in, to a page that explains what to do', async () => {
    const res = await call('/connexion');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/aucun certificat/);
    expect(res.body).not.toMatch(/Démonstration/);
  });

  it('completes the handshake with a certificate of an unknown CA, then refuses it with the reason', async () => {
    const stranger = await issueCertificate(await createCa('CN=AC étrangère, C=FR'), 'CN=Étranger, C=FR');
    const page = await call('/connexion', { cert: stranger });
    expect(page.body).toMatch(/Il est refusé : L’autorité qui a délivré ce certificat/);
    expect((await call('/api/v1/me', { cert: stranger })).status).toBe(401);
  });

  it('refuses a certificate header sent straight to the TLS server', async () => {
    const jean = await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr');
    const res = await call('/api/v1/me', { headers: { 'x-ssl-client-cert': encodeURIComponent(jean.pem) } });
    expect(res.status).toBe(403);
  });

  it('signs in over TLS and keeps the session only on connections presenting the same certificate', async () => {
    const jean = await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr');
    const form = await call('/connexion', { cert: jean });
    const pre = String(form.headers['set-cookie']).split(';')[0]!;
    const signIn = await call('/connexion/certificat', {
      cert: jean,
      method: 'POST',
      headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrfFrom(form.body))}`,
    });
    expect(signIn.status).toBe(303);
    const session = String(signIn.headers['set-cookie']).split(';')[0]!;
    expect(session).toMatch(/^relais_session=/);
    const home = await call('/mes-collectivites', { cert: jean, headers: { cookie: session } });
    expect(home.status).toBe(200);
    expect(home.body).toMatch(/Jean Dupuy/);
    const lucie = await personalCertificate(db, pki.rgs, 'lucie.bonnal@example.fr');
    const stolen = await call('/mes-collectivites', { cert: lucie, headers: { cookie: session } });
    expect(stolen.status).toBe(303);
    expect((await call('/mes-collectivites', { cert: jean, headers: { cookie: session } })).status).toBe(303);
  });
});
