// The operator's security pages (both backends): the journal with its filter, the trusted CAs with the
// state of their lists, refreshing the lists on demand.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { backend, createTestDb } from '../support/db.ts';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  postSignIn,
  signInDemo,
  submitForm,
  userId,
} from './support.ts';

describe(`security pages (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let operator: Browser;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    app = await createAuthApp({ db, pki: await createTestPki() });
    operator = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
    await postSignIn(app, null, '/connexion/certificat'); // a refusal to find in the journal
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('shows the journal to operator admins, filtered by kind', async () => {
    const all = await app.inject({ url: '/securite/journal', headers: as(operator) });
    expect(all.statusCode).toBe(200);
    expect(all.body).toMatch(/Connexion réussie/);
    expect(all.body).toMatch(/Claire Valette/);
    const refused = await app.inject({ url: '/securite/journal?type=signin.refused', headers: as(operator) });
    expect(refused.body).not.toMatch(/<td>Connexion réussie<\/td>/);
  });

  it('lists the trusted CAs with their lists and refreshes them on demand, journaled', async () => {
    const page = await app.inject({ url: '/securite/confiance', headers: as(operator) });
    expect(page.body).toMatch(/AC RGS de test/);
    expect(page.body).toMatch(/liste RGS \(connexion et télétransmission\)/);
    expect(page.body).toMatch(/liste étendue \(connexion seulement\)/);
    expect(page.body).toMatch(/à jour/);
    const res = await submitForm(app, operator, '/securite/confiance', '/securite/crl', {});
    expect(res.statusCode).toBe(303);
    const j = await db.query("select count(*)::int as n from security_events where kind = 'crl.refreshed'");
    expect(j.rows[0]).toEqual({ n: 1 });
  });
});
