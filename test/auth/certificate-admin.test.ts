// The certificates page of a collectivité (both backends): its admin attaches, renews and detaches the
// certificates of its own people and gives passwords for shared certificates — but not for a person
// who also works elsewhere (that would open the other collectivité to them), which only the syndicat does.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCertificatesOfUser } from '../../src/auth/accounts/certificate-store.ts';
import { hasPassword } from '../../src/auth/accounts/passwords.ts';
import { issueCertificate } from '../../src/auth/pki/issue.ts';
import type { Db } from '../../src/db/types.ts';
import { findCollectiviteBySiren } from '../../src/tenants/collectivite-store.ts';
import { demoCollectivites } from '../../src/tenants/demo-data.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { backend, createTestDb } from '../support/db.ts';
import {
  as,
  type Browser,
  certHeader,
  createAuthApp,
  createTestPki,
  personalCertificate,
  signInDemo,
  signInWithCertificate,
  submitForm,
  type TestPki,
  userId,
} from './support.ts';

describe(`certificates page of a collectivité (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let pki: TestPki;
  let admin: Browser;
  let a: string;
  const page = () => `/collectivites/${a}/certificats`;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    pki = await createTestPki();
    app = await createAuthApp({ db, pki });
    admin = await signInWithCertificate(app, await personalCertificate(db, pki.rgs, 'jean.dupuy@example.fr'));
    a = (await findCollectiviteBySiren(db, demoCollectivites()[4]!.siren!))!.id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lists the people of the collectivité with their certificates', async () => {
    const res = await app.inject({ url: page(), headers: as(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Jean Dupuy/);
    expect(res.body).toMatch(/Lucie Bonnal/);
    expect(res.body).toMatch(
      /géré par le syndicat \(cette personne travaille aussi pour une autre collectivité\)/,
    );
  });

  it('attaches a renewed certificate to the same person, who then signs in with it, and journals it', async () => {
    const lucie = await userId(db, 'lucie.bonnal@example.fr');
    const cert = await issueCertificate(pki.rgs, 'CN=Lucie Bonnal, C=FR');
    const res = await submitForm(app, admin, page(), page(), { utilisateur: lucie, certificat: cert.pem });
    expect(res.statusCode).toBe(201);
    expect(res.body).toMatch(/Certificat rattaché à Lucie Bonnal/);
    const me = await app.inject({ url: '/api/v1/me', headers: certHeader(cert) });
    expect(me.json().user.id).toBe(lucie);
    const j = await db.query<{ reason: string }>(
      "select reason from security_events where kind = 'certificate.attached' order by id desc limit 1",
    );
    expect(j.rows[0]!.reason).toMatch(/rattaché par Jean Dupuy/);
  });

  it('refuses an unreadable certificate in French', async () => {
    const lucie = await userId(db, 'lucie.bonnal@example.fr');
    const res = await submitForm(app, admin, page(), page(), { utilisateur: lucie, certificat: 'bonjour' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatch(/Le certificat est illisible/);
  });

  it('does not let the admin of one commune attach a certificate to a secrétaire shared with others', async () => {
    const sophie = await userId(db, 'sophie.martin@example.fr');
    const cert = await issueCertificate(pki.rgs, 'CN=Faux certificat de Sophie, C=FR');
    const res = await submitForm(app, admin, page(), page(), { utilisateur: sophie, certificat: cert.pem });
    expect(res.statusCode).toBe(404);
    expect(await listCertificatesOfUser(db, sophie)).toEqual([]);
    const pw = await submitForm(
      app,
      admin,
      page(),
      `/collectivites/${a}/utilisateurs/${sophie}/mot-de-passe`,
      {},
    );
    expect(pw.statusCode).toBe(404);
    expect(await hasPassword(db, sophie)).toBe(false);

    const operator = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
    const ok = await submitForm(app, operator, page(), page(), { utilisateur: sophie, certificat: cert.pem });
    expect(ok.statusCode).toBe(201);
  });

  it('gives a password shown once, and detaches a certificate, which ends its sessions', async () => {
    const henri = await userId(db, 'henri.castan@example.fr');
    const pw = await submitForm(
      app,
      admin,
      page(),
      `/collectivites/${a}/utilisateurs/${henri}/mot-de-passe`,
      {},
    );
    expect(pw.headers['cache-control']).toBe('no-store');
    expect(pw.body).toMatch(/class="secret">[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}</);
    expect(await hasPassword(db, henri)).toBe(true);

    const cert = await personalCertificate(db, pki.rgs, 'henri.castan@example.fr');
    const session = await signInWithCertificate(app, cert);
    const [attached] = await listCertificatesOfUser(db, henri);
    const detach = await submitForm(
      app,
      admin,
      page(),
      `/collectivites/${a}/certificats/${attached!.id}/retirer`,
      {},
    );
    expect(detach.statusCode).toBe(303);
    expect((await app.inject({ url: '/api/v1/me', headers: as(session) })).statusCode).toBe(401);
  });
});
