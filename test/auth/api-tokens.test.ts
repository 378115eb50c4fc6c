// API tokens over HTTP (both backends): created by a collectivité admin on the tokens page and shown
// once, hashed at rest, scoped to one collectivité and its permissions, revocable, expiring, journaled,
// never in a log line.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { findCollectiviteBySiren } from '../../src/tenants/collectivite-store.ts';
import { demoCollectivites } from '../../src/tenants/demo-data.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { backend, createTestDb } from '../support/db.ts';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  personalCertificate,
  signInWithCertificate,
  submitForm,
  type TestPki,
} from './support.ts';

describe(`API tokens (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let admin: Browser;
  let a: string;
  let b: string;
  let pki: TestPki;
  const clock = fixedClock(new Date());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _e, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    pki = await createTestPki();
    app = await createAuthApp({
      db,
      pki,
      clock,
      logger: createLogger('debug', sink),
      extraRoutes: (x) =>
        x.post('/api/v1/essai-ecriture', { config: { access: 'signed-in' } }, async () => ({ ok: true })),
    });
    admin = await signInWithCertificate(app, await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr'));
    a = (await findCollectiviteBySiren(db, demoCollectivites()[4]!.siren!))!.id;
    b = (await findCollectiviteBySiren(db, demoCollectivites()[7]!.siren!))!.id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  async function create(fields: Record<string, string | string[]>) {
    return submitForm(app, admin, `/collectivites/${a}/jetons`, `/collectivites/${a}/jetons`, fields);
  }
  const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

  it('shows a new token once, then only its beginning, and keeps only its hash', async () => {
    const res = await create({ nom: 'Parapheur', permissions: ['act.read', 'collectivite.read'] });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const secret = /class="secret">(relais_[^<]+)</.exec(res.body)![1]!;
    const page = await app.inject({ url: `/collectivites/${a}/jetons`, headers: as(admin) });
    expect(page.body).toContain('Parapheur');
    expect(page.body).toContain(secret.slice(0, 13));
    expect(page.body).not.toContain(secret);
    const rows = JSON.stringify((await db.query('select * from api_tokens')).rows);
    expect(rows).not.toContain(secret);
  });

  it('opens the API of its collectivité only, with its permissions only', async () => {
    const res = await create({ nom: 'Lecture', permissions: 'collectivite.read' });
    const secret = /class="secret">(relais_[^<]+)</.exec(res.body)![1]!;
    const me = await app.inject({ url: '/api/v1/me', headers: bearer(secret) });
    expect(me.json()).toMatchObject({ via: 'token', user: null, token: { name: 'Lecture' } });
    expect(
      (await app.inject({ url: `/api/v1/collectivites/${a}`, headers: bearer(secret) })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: `/api/v1/collectivites/${a}/utilisateurs`, headers: bearer(secret) }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ url: `/api/v1/collectivites/${b}`, headers: bearer(secret) })).statusCode,
    ).toBe(404);
    const used = await db.query<{ n: number }>(
      "select count(*)::int as n from security_events where kind = 'token.used'",
    );
    expect(used.rows[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unknown, a revoked and an expired token with the reason', async () => {
    const unknown = await app.inject({ url: '/api/v1/me', headers: bearer(`relais_${'x'.repeat(43)}`) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toMatch(/Jeton d’accès inconnu/);

    const res = await create({ nom: 'À révoquer', permissions: 'act.read' });
    const secret = /class="secret">(relais_[^<]+)</.exec(res.body)![1]!;
    const id = (await db.query<{ id: string }>("select id from api_tokens where name = 'À révoquer'"))
      .rows[0]!.id;
    const revoke = await submitForm(
      app,
      admin,
      `/collectivites/${a}/jetons`,
      `/collectivites/${a}/jetons/${id}/revoquer`,
      {},
    );
    expect(revoke.statusCode).toBe(303);
    const after = await app.inject({ url: '/api/v1/me', headers: bearer(secret) });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/a été révoqué/);

    const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const exp = await create({ nom: 'Court', permissions: 'act.read', expiration: tomorrow });
    const short = /class="secret">(relais_[^<]+)</.exec(exp.body)![1]!;
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(short) })).statusCode).toBe(200);
    clock.advance(3 * 86_400_000);
    const expired = await app.inject({ url: '/api/v1/me', headers: bearer(short) });
    expect(expired.json().message).toMatch(/a expiré/);
    const refused = await db.query<{ c: string }>(
      "select details->>'code' as c from security_events where kind = 'token.refused' order by id",
    );
    expect(refused.rows.map((r) => r.c)).toEqual(['unknown', 'revoked', 'expired']);
  });

  it('refuses a token without a name or permission, or with an administration permission, in French', async () => {
    admin = await signInWithCertificate(app, await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr'));
    const res = await create({ nom: '', permissions: 'operator.admin' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/Donnez un nom au jeton/);
    expect(res.body).toMatch(/Permission impossible pour un jeton : operator\.admin/);
    const none = await create({ nom: 'Rien' });
    expect(none.body).toMatch(/Choisissez au moins une permission/);
  });

  it('never writes a token, cookie or certificate into the technical log', () => {
    const all = logs.join('');
    expect(all).not.toMatch(/relais_[A-Za-z0-9_-]{43}/);
    expect(all).not.toMatch(/relais_session=/);
    expect(all).not.toMatch(/BEGIN CERTIFICATE/);
  });

  it('refuses an API change sent as a form (what a foreign page can send) unless it comes with a token', async () => {
    const res = await create({ nom: 'Écriture', permissions: 'act.read' });
    const secret = /class="secret">(relais_[^<]+)</.exec(res.body)![1]!;
    const post = (headers: Record<string, string>, payload: string) =>
      app.inject({ method: 'POST', url: '/api/v1/essai-ecriture', headers, payload });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const json = { 'content-type': 'application/json' };
    const asForm = await post(as(admin, form), 'a=1');
    expect(asForm.statusCode).toBe(415);
    expect(asForm.json().message).toMatch(/L’API attend du JSON/);
    expect((await post(as(admin, json), '{"a":1}')).statusCode).toBe(200);
    // Software uploading files with a certificate names itself: a foreign page cannot add that header.
    expect((await post(as(admin, { ...form, 'x-relais-client': 'Parapheur' }), 'a=1')).statusCode).toBe(200);
    expect((await post({ ...bearer(secret), ...form }, 'a=1')).statusCode).toBe(200);
  });
});
