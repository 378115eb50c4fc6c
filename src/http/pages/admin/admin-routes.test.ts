// Administration, console du syndicat and help pages in-process: who may open them, the forms with
// their problems and successes, escaping, « Retraiter » and « Relancer ».
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  signInDemo,
  submitForm,
  userId,
} from '../../../../test/auth/support.ts';
import { backend, createTestDb } from '../../../../test/support/db.ts';
import { setUpTransmission, TEST_SIREN } from '../../../../test/support/transmission.ts';
import type { Db } from '../../../db/types.ts';
import { enqueueJob } from '../../../jobs/index.ts';
import { addUser, seedDemo } from '../../../tenants/index.ts';

describe(`administration, console and help pages (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let cid: string;
  let admin: Browser;
  let preparer: Browser;
  let operator: Browser;
  const adminUrl = () => `/collectivites/${cid}/administration`;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    cid = t.collectiviteId;
    app = await createAuthApp({ db, pki: await createTestPki(), http: { transmission: t.deps } });
    await addUser(
      { db },
      { name: 'Ada <Admin>', email: 'ada@chanac.example.fr', collectiviteSiren: TEST_SIREN, roles: 'admin' },
    );
    await addUser(
      { db },
      { name: 'Pia', email: 'pia@chanac.example.fr', collectiviteSiren: TEST_SIREN, roles: 'preparer' },
    );
    admin = await signInDemo(app, await userId(db, 'ada@chanac.example.fr'));
    preparer = await signInDemo(app, await userId(db, 'pia@chanac.example.fr'));
    operator = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('shows the admin page to an admin only, with links to certificates and tokens, names escaped', async () => {
    const res = await app.inject({ url: adminUrl(), headers: as(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/collectivites/${cid}/certificats"`);
    expect(res.body).toContain(`href="/collectivites/${cid}/jetons"`);
    expect(res.body).toContain('Ada &lt;Admin&gt;');
    expect(res.body).toContain('Administrateur de la collectivité');
    expect((await app.inject({ url: adminUrl(), headers: as(preparer) })).statusCode).toBe(403);
  });

  it('saves the return e-mail and referent, or says what is wrong beside the field', async () => {
    const bad = await submitForm(app, admin, adminUrl(), `${adminUrl()}/reglages`, {
      returnEmail: 'pas-une-adresse',
      referentName: 'Rémi',
      referentPhone: '',
      referentEmail: '',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<a href="#returnEmail">');
    expect(bad.body).toContain('value="pas-une-adresse"');
    const ok = await submitForm(app, admin, adminUrl(), `${adminUrl()}/reglages`, {
      returnEmail: 'secretariat@chanac.example.fr',
      referentName: 'Rémi Roux',
      referentPhone: '04 66 12 34 56',
      referentEmail: '',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Réglages enregistrés.');
    const r = await db.query<{ return_email: string; referent_name: string }>(
      'select return_email, referent_name from collectivites where id = $1',
      [cid],
    );
    expect(r.rows[0]).toEqual({ return_email: 'secretariat@chanac.example.fr', referent_name: 'Rémi Roux' });
  });

  it('adds a person with roles in this collectivité only', async () => {
    const none = await submitForm(app, admin, adminUrl(), `${adminUrl()}/personnes`, {
      name: 'Noé',
      email: 'noe@chanac.example.fr',
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Cochez au moins un rôle.');
    const ok = await submitForm(app, admin, adminUrl(), `${adminUrl()}/personnes`, {
      name: 'Noé Blanc',
      email: 'noe@chanac.example.fr',
      roles: ['preparer', 'reader'],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Noé Blanc est ajouté(e)');
    const m = await db.query<{ roles: string[]; collectivite_id: string }>(
      'select m.roles, m.collectivite_id from memberships m join users u on u.id = m.user_id where u.email = $1',
      ['noe@chanac.example.fr'],
    );
    expect(m.rows).toEqual([{ roles: ['preparer', 'reader'], collectivite_id: cid }]);
  });

  it('gives the operator the console: adoption, members, and dead jobs to relaunch', async () => {
    const job = await enqueueJob(db, { kind: 'notify.act', payload: { x: '<b>' } });
    await db.query("update jobs set state = 'dead', last_error = '<script>x</script>' where id = $1", [
      job.job.id,
    ]);
    const res = await app.inject({ url: '/syndicat', headers: as(operator) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/0 sur \d+ membres transmettent/);
    expect(res.body).toContain('Commune de Chanac');
    expect(res.body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(res.body).toContain('Aucun courriel en attente.');
    const retried = await submitForm(
      app,
      operator,
      '/syndicat',
      `/syndicat/taches/${job.job.id}/relancer`,
      {},
    );
    expect(retried.body).toContain(`La tâche n° ${job.job.id} est relancée.`);
    const again = await submitForm(app, operator, '/syndicat', `/syndicat/taches/${job.job.id}/relancer`, {});
    expect(again.body).toContain('seules les tâches abandonnées peuvent être relancées');
    expect((await app.inject({ url: '/syndicat', headers: as(admin) })).statusCode).toBe(403);
  });

  it('shows the user guide to everyone, with the certificate self-test link', async () => {
    const res = await app.inject({ url: '/aide' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2 id="preparer-et-envoyer-un-acte">');
    expect(res.body).toContain('href="/certificat"');
    expect(res.body).toContain('Refusé par la préfecture');
  });
});
