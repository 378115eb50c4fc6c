// Strict separation between collectivités, proven route by route: the matrix walks Fastify's route
// registry, so a route added later is covered too (it fails until isolation-samples.ts says how to aim
// it at collectivité B). A capability whose routes need a service passes it to createAuthApp (`http`). People and tokens of A get 403/404 on every route for every object of B, and
// nothing of B changes; a reader changes nothing; an operator admin sees every member.

import { Readable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPrefectureMessage } from '../../src/actes/transmission/index.ts';
import { listCertificatesOfUser } from '../../src/auth/accounts/certificate-store.ts';
import { hasPassword } from '../../src/auth/accounts/passwords.ts';
import type { RouteAccess } from '../../src/auth/http/install-auth.ts';
import {
  permissionsOfRoles,
  personPrincipal,
  type ScopedCollectiviteId,
  TOKEN_PERMISSIONS,
} from '../../src/auth/policy.ts';
import { csrfTokenFor } from '../../src/auth/sessions/csrf.ts';
import { createApiToken, listApiTokens } from '../../src/auth/tokens/api-tokens.ts';
import { createRequest, uploadDocument } from '../../src/certification/requests/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { addUser } from '../../src/tenants/add-user.ts';
import { findCollectiviteBySiren } from '../../src/tenants/collectivite-store.ts';
import { demoCollectivites } from '../../src/tenants/demo-data.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { getUser } from '../../src/tenants/user-store.ts';
import { type CertificationFixture, createCertificationFixture } from '../support/certification.ts';
import { backend, createTestDb } from '../support/db.ts';
import { multipartBody } from '../support/multipart.ts';
import { makePdf } from '../support/pdf.ts';
import { setUpTransmission, TEST_SIREN } from '../support/transmission.ts';
import { type MatrixContext, type MatrixRequest, SAMPLES } from './isolation-samples.ts';
import {
  type Browser,
  certHeader,
  createAuthApp,
  createTestPki,
  personalCertificate,
  signInDemo,
  signInWithCertificate,
  userId,
} from './support.ts';

interface Actor {
  name: string;
  headers: Record<string, string>;
  /** CSRF token bound to the actor's session, for forms. */
  csrf: string | null;
  /** A certificate without a session only opens the API; pages send it to the sign-in page. */
  apiOnly?: boolean;
}

function sessionActor(name: string, b: Browser): Actor {
  const token = /relais_session=([^;]+)/.exec(b.cookie)![1]!;
  return { name, headers: { ...b.headers, cookie: b.cookie }, csrf: csrfTokenFor(token) };
}

async function send(app: FastifyInstance, actor: Actor, r: MatrixRequest): Promise<LightMyRequestResponse> {
  // Software names itself on API uploads: refusals must come from authorisation, not from CSRF rules.
  const headers = { ...actor.headers, 'x-relais-client': 'matrice' };
  if (r.multipart) {
    const body = multipartBody(r.multipart.fields, r.multipart.files);
    return app.inject({
      method: r.method,
      url: r.url,
      headers: { ...headers, ...body.headers },
      payload: body.payload,
    });
  }
  if (r.form) {
    const params = new URLSearchParams(r.form);
    if (actor.csrf) params.set('_csrf', actor.csrf);
    return app.inject({
      method: r.method,
      url: r.url,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
  }
  if (r.json !== undefined)
    return app.inject({
      method: r.method,
      url: r.url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify(r.json),
    });
  return app.inject({ method: r.method, url: r.url, headers });
}

const keyOf = (method: string, url: string) => `${method === 'HEAD' ? 'GET' : method} ${url}`;
const withMethod = (r: MatrixRequest, method: string): MatrixRequest =>
  method === 'HEAD' ? { ...r, method: 'HEAD' as 'GET' } : r;

describe(`isolation between collectivités (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let ctx: MatrixContext;
  let bNames: string[];
  let actOfB: { id: string; json: string; token: string };
  const actorsOfA: Actor[] = [];
  let reader: Actor;
  let operator: Actor;
  let certification: CertificationFixture;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    const pki = await createTestPki();
    // B is the collectivité of the transmission service (its classification lets it hold acts).
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    certification = await createCertificationFixture(db);
    app = await createAuthApp({
      db,
      pki,
      http: { transmission: t.deps, certification: certification.deps, publicUrl: 'http://localhost' },
    });
    const a = (await findCollectiviteBySiren(db, demoCollectivites()[4]!.siren!))!;
    const b = t.collectiviteId;
    await addUser(
      { db },
      {
        name: 'Bérénice Chanac',
        email: 'berenice@chanac.example.fr',
        collectiviteSiren: TEST_SIREN,
        roles: 'admin,transmitter',
      },
    );
    await personalCertificate(db, pki.rgs, 'berenice@chanac.example.fr');
    const userB = await userId(db, 'berenice@chanac.example.fr');
    const certB = (await listCertificatesOfUser(db, userB))[0]!.id;
    const scoped = (id: string) => id as ScopedCollectiviteId; // the test is the operator here
    const tokenB = await createApiToken(
      { db, clock: systemClock },
      {
        collectiviteId: scoped(b),
        name: 'Logiciel de B',
        permissions: [...TOKEN_PERMISSIONS],
        actorUserId: null,
      },
    );
    const tokenA = await createApiToken(
      { db, clock: systemClock },
      {
        collectiviteId: scoped(a.id),
        name: 'Logiciel de A',
        permissions: [...TOKEN_PERMISSIONS],
        actorUserId: null,
      },
    );
    const body = multipartBody(
      {
        metadata: JSON.stringify({
          numeroInterne: 'MATRICE_B_001',
          nature: 'DE',
          decisionDate: '2026-11-20',
          objet: 'Acte secret de B',
          classification: '7.1',
        }),
      },
      [{ field: '99_DE', name: 'deliberation.pdf', type: 'application/pdf', bytes: await makePdf() }],
    );
    const created = await app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${b}/actes`,
      headers: { authorization: `Bearer ${tokenB.secret}`, ...body.headers },
      payload: body.payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    actOfB = { id: created.json().id, json: JSON.stringify(created.json()), token: tokenB.secret };
    const messageB = (
      await insertPrefectureMessage(db, {
        actId: actOfB.id,
        collectiviteId: b,
        code: '3-1',
        dateCourrierPref: '2026-11-26',
        description: 'Courrier secret de B',
        documents: [],
        answerDeadline: '2026-12-26',
      })
    ).id;
    // A certificate request of B (by its admin), with one uploaded document.
    const adminB = personPrincipal({ user: (await getUser(db, userB))!, via: 'demo', assurance: 'demo' });
    const requestB = await createRequest(certification.deps, adminB, b, {
      holderName: 'Titulaire Secret de B',
      holderFunction: 'Secrétaire de mairie',
      holderEmail: 'titulaire.secret@chanac.example.fr',
      holderPhone: '',
      holderIsElected: false,
      holderRoles: ['transmitter'],
      holderUserId: '',
      legalRepName: 'Maire de B',
      legalRepFunction: 'Maire',
      purposes: ['actes'],
      productId: certification.manualProductId,
    });
    const docB = await uploadDocument(certification.deps, adminB, requestB.id, {
      kind: 'id-copy',
      fileName: 'identite-secrete-b.pdf',
      content: Readable.from([await makePdf()]),
    });
    ctx = {
      a: a.id,
      b,
      tokenB: tokenB.token.id,
      certB,
      userB,
      actB: actOfB.id,
      messageB,
      requestB: requestB.id,
      docB: docB.id,
    };
    bNames = [
      TEST_SIREN,
      'MATRICE_B_001',
      'Acte secret de B',
      'berenice@chanac.example.fr',
      'mairie@chanac.example.fr',
      'Courrier secret de B',
      'Commune de Chanac',
      'Titulaire Secret de B',
      'titulaire.secret@chanac.example.fr',
      'identite-secrete-b.pdf',
    ];

    const jean = await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr');
    const henri = await personalCertificate(db, pki.rgs, 'henri.castan@example.fr');
    actorsOfA.push(
      sessionActor('admin de A (session par certificat)', await signInWithCertificate(app, jean)),
      { name: 'admin de A (API par certificat)', headers: certHeader(jean), csrf: null, apiOnly: true },
      { name: 'jeton de A', headers: { authorization: `Bearer ${tokenA.secret}` }, csrf: null },
      sessionActor(
        'secrétaire de A et d’autres communes (démonstration)',
        await signInDemo(app, await userId(db, 'sophie.martin@example.fr')),
      ),
      sessionActor(
        'archiviste de A et de la communauté',
        await signInDemo(app, await userId(db, 'odile.pages@example.fr')),
      ),
    );
    reader = sessionActor('lecteur de A', await signInWithCertificate(app, henri));
    actorsOfA.push(reader);
    operator = sessionActor(
      'administrateur du syndicat',
      await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr')),
    );
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    certification.cleanup();
  });

  it('has an isolation sample for every route, and every route declares its access', () => {
    const missing = app.relaisRoutes
      .filter((r) => !SAMPLES[keyOf(r.method, r.url)])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing, 'routes sans échantillon dans test/auth/isolation-samples.ts').toEqual([]);
    for (const r of app.relaisRoutes) expect(r.access, `${r.method} ${r.url}`).toBeTruthy();
    const publicRoutes = app.relaisRoutes.filter((r) => r.access === 'public');
    for (const r of publicRoutes)
      expect(SAMPLES[keyOf(r.method, r.url)]!.kind, `${r.url} est public`).toBe('public');
    const stale = Object.keys(SAMPLES).filter(
      (k) => !app.relaisRoutes.some((r) => keyOf(r.method, r.url) === k),
    );
    expect(stale, 'échantillons de routes qui n’existent plus').toEqual([]);
  });

  it('refuses to register a route that declares no access', () => {
    const fresh = createHttpServer({ db, logger: createLogger('silent'), mode: 'demo' });
    expect(() => fresh.get('/sans-declaration', async () => 'secret')).toThrow(/ne déclare pas son accès/);
  });

  it('gives people and tokens of A only 403 or 404 on every route aimed at B, and changes nothing of B', async () => {
    let checked = 0;
    for (const route of app.relaisRoutes) {
      const sample = SAMPLES[keyOf(route.method, route.url)];
      if (!sample || sample.kind === 'public') continue; // a missing sample fails the first test
      for (const base of sample.requests(ctx)) {
        const request = withMethod(base, route.method);
        for (const actor of actorsOfA) {
          const res = await send(app, actor, request);
          const where = `${actor.name} → ${request.method} ${request.url}`;
          if (actor.apiOnly && !request.url.startsWith('/api/')) {
            // Not signed in for pages: sent to the sign-in page (GET) or refused (forms).
            expect([303, 401], where).toContain(res.statusCode);
            if (res.statusCode === 303) expect(res.headers.location, where).toMatch(/^\/connexion\?suite=/);
          } else if (sample.kind === 'own') {
            expect(res.statusCode, where).toBe(
              sample.personOnly && actor.name.startsWith('jeton') ? 403 : sample.redirects ? 303 : 200,
            );
            if (sample.redirects) expect(res.headers.location, where).not.toContain(ctx.b);
          } else if (sample.kind === 'operator') expect(res.statusCode, where).toBe(403);
          else if (request.perItem && res.statusCode === 200)
            for (const item of res.json().results)
              expect(item, where).toMatchObject({ ok: false, code: 'NOT_FOUND' });
          else expect([403, 404], where).toContain(res.statusCode);
          for (const n of bNames) expect(res.body, where).not.toContain(n);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    const tokensOfB = await listApiTokens(db, ctx.b as ScopedCollectiviteId);
    expect(tokensOfB.map((t) => [t.name, t.revokedAt])).toEqual([['Logiciel de B', null]]);
    expect((await listCertificatesOfUser(db, ctx.userB)).map((c) => c.id)).toEqual([ctx.certB]);
    expect(await hasPassword(db, ctx.userB)).toBe(false);
    const act = await app.inject({
      url: `/api/v1/collectivites/${ctx.b}/actes/${ctx.actB}`,
      headers: { authorization: `Bearer ${actOfB.token}` },
    });
    expect(act.json()).toMatchObject({ state: 'draft', objet: 'Acte secret de B' });
    expect(act.json().documents).toHaveLength(1);
    const letterOfB = await db.query<{ read_at: Date | null; state: string }>(
      'select read_at, state from prefecture_messages where id = $1',
      [ctx.messageB],
    );
    expect(letterOfB.rows[0]).toEqual({ read_at: null, state: 'received' });
    const requestOfB = await db.query<{ state: string; version: number; holder_name: string }>(
      'select state, version, holder_name from certificate_requests where id = $1',
      [ctx.requestB],
    );
    expect(requestOfB.rows[0]).toEqual({ state: 'draft', version: 1, holder_name: 'Titulaire Secret de B' });
    const docsOfB = await db.query<{ id: string; review: string }>(
      'select id, review from certificate_request_documents where request_id = $1',
      [ctx.requestB],
    );
    expect(docsOfB.rows).toEqual([{ id: ctx.docB, review: 'pending' }]);
    const intruderRequests = await db.query(
      "select count(*)::int as n from certificate_requests where holder_name = 'Intrus'",
    );
    expect(intruderRequests.rows[0]).toEqual({ n: 0 });
    const intrus = await db.query("select count(*)::int as n from acts where numero_interne = 'INTRUS_1'");
    expect(intrus.rows[0]).toEqual({ n: 0 });
  });

  it('journals the refusals as denied accesses', async () => {
    const r = await db.query<{ n: number }>(
      "select count(*)::int as n from security_events where kind = 'access.denied'",
    );
    expect(r.rows[0]!.n).toBeGreaterThan(20);
  });

  it('lets a reader of A change nothing in A, and see only what reading allows', async () => {
    const readerPerms = permissionsOfRoles(['reader']);
    const fill = (url: string, param: string) =>
      url
        .replace(`:${param}`, ctx.a)
        .replace(':tokenId', ctx.tokenB)
        .replace(':certId', ctx.certB)
        .replace(':userId', ctx.userB)
        .replace(':position', '1')
        .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
    for (const route of app.relaisRoutes) {
      const access = route.access as RouteAccess;
      if (typeof access !== 'object' || !access.collectiviteParam) continue;
      const res = await send(app, reader, {
        method: route.method as 'GET',
        url: fill(route.url, access.collectiviteParam),
        form: route.method === 'POST' ? {} : undefined,
      });
      const where = `${route.method} ${route.url}`;
      if (route.method !== 'GET' && route.method !== 'HEAD') expect(res.statusCode, where).toBe(403);
      else if (!readerPerms.has(access.permission)) expect(res.statusCode, where).toBe(403);
      else expect([401, 403], where).not.toContain(res.statusCode); // allowed (the object itself may not exist)
    }
  });

  it('lets an operator admin see every member', async () => {
    const one = await send(app, operator, { method: 'GET', url: `/api/v1/collectivites/${ctx.b}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().siren).toBe(TEST_SIREN);
    const people = await send(app, operator, {
      method: 'GET',
      url: `/api/v1/collectivites/${ctx.b}/utilisateurs`,
    });
    expect(people.json().map((u: { email: string }) => u.email)).toContain('berenice@chanac.example.fr');
    const page = await send(app, operator, { method: 'GET', url: '/mes-collectivites' });
    expect(page.body).toContain(TEST_SIREN);
    expect((await send(app, operator, { method: 'GET', url: '/securite/journal' })).statusCode).toBe(200);
  });

  it('shows a person of several collectivités only their roles in the one asked about', async () => {
    const admin = actorsOfA[0]!;
    const people = await send(app, admin, {
      method: 'GET',
      url: `/api/v1/collectivites/${ctx.a}/utilisateurs`,
    });
    const sophie = people.json().find((u: { email: string }) => u.email === 'sophie.martin@example.fr');
    expect(sophie.roles).toEqual(['transmitter', 'preparer']);
    expect(JSON.stringify(people.json())).not.toMatch(/collectivite_?[iI]d/);
  });
});
