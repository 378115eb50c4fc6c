// A person's own corner of the API and pages: notification preferences, and the demo outbox showing the
// mails Relais would have sent them (escaped, their own only).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { as, createAuthApp, createTestPki, signInDemo, userId } from '../auth/support.ts';
import { backend, createTestDb } from '../support/db.ts';

describe(`my notifications and outbox (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    app = await createAuthApp({ db, pki: await createTestPki() });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lists, changes and refuses preferences in French', async () => {
    const sophie = await signInDemo(app, await userId(db, 'sophie.martin@example.fr'));
    const before = await app.inject({ url: '/api/v1/me/notifications', headers: as(sophie) });
    expect(before.json().every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      headers: as(sophie, { 'content-type': 'application/json' }),
      payload: JSON.stringify({ ar: false }),
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().find((p: { kind: string }) => p.kind === 'ar').enabled).toBe(false);
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      headers: as(sophie, { 'content-type': 'application/json' }),
      payload: JSON.stringify({ pigeon: true }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems[0].message).toMatch(/indiquez true ou false/);
  });

  it('shows a person only their own mails, escaped', async () => {
    await db.query(
      `insert into outbox_mails (message_id, sender, recipients, subject, body_text, raw_sha256)
       values ('m1', 'relais@relais.test', '{sophie.martin@example.fr}', 'Accusé <b>de réception</b>', 'Bonjour', $1),
              ('m2', 'relais@relais.test', '{jean.dupuy@example.fr}', 'Pour Jean seulement', 'Bonjour', $1)`,
      ['0'.repeat(64)],
    );
    const sophie = await signInDemo(app, await userId(db, 'sophie.martin@example.fr'));
    const page = await app.inject({ url: '/boite-d-envoi', headers: as(sophie) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Accusé &lt;b&gt;de réception&lt;/b&gt;');
    expect(page.body).not.toContain('Pour Jean seulement');
    expect(page.body).toMatch(/aucun courriel ne quitte la machine/);
  });
});
