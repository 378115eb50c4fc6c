// Certificate sign-in end to end (in-process, certificate in the trusted proxy's header; both database
// backends): accepted, refused with the reason (unknown, expired, revoked, untrusted CA), forged proxy
// headers, shared certificates with passwords, CSRF, cookies, timeouts, sign-out, demo sign-in.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachCertificate } from '../../src/auth/accounts/attach-certificate.ts';
import { listCertificatesOfUser } from '../../src/auth/accounts/certificate-store.ts';
import { detachCertificate } from '../../src/auth/accounts/detach-certificate.ts';
import { setPassword } from '../../src/auth/accounts/set-password.ts';
import { createCa, createCrl, issueCertificate } from '../../src/auth/pki/issue.ts';
import type { Db } from '../../src/db/types.ts';
import { fixedClock, systemClock } from '../../src/kernel/clock.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { backend, createTestDb } from '../support/db.ts';
import {
  as,
  certHeader,
  cookiesFrom,
  createAuthApp,
  createTestPki,
  csrfFrom,
  personalCertificate,
  postSignIn,
  signInDemo,
  signInWithCertificate,
  type TestPki,
  userId,
} from './support.ts';

const JEAN = 'jean.dupuy@example.fr';
const LUCIE = 'lucie.bonnal@example.fr';
const HENRI = 'henri.castan@example.fr';

async function journal(
  db: Db,
  kind: string,
): Promise<{ reason: string; details: Record<string, unknown> }[]> {
  const r = await db.query<{ reason: string; details: Record<string, unknown> }>(
    'select reason, details from security_events where kind = $1 order by id',
    [kind],
  );
  return r.rows;
}

describe(`certificate sign-in (${backend})`, () => {
  let db: Db;
  let pki: TestPki;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    pki = await createTestPki();
    app = await createAuthApp({ db, pki });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('signs in with an attached certificate, sets a Secure HttpOnly SameSite cookie and shows the person’s collectivités', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const page = await app.inject({
      url: '/connexion',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(page.body).toMatch(/Se connecter en tant que Jean Dupuy/);
    expect(page.body).toMatch(/connexion et télétransmission/);
    const { res, browser } = await postSignIn(app, cert, '/connexion/certificat', {
      suite: '/mes-collectivites',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/mes-collectivites');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/relais_session=.+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const home = await app.inject({ url: '/mes-collectivites', headers: as(browser) });
    expect(home.statusCode).toBe(200);
    expect(home.body).toMatch(/Connecté : <strong>Jean Dupuy<\/strong>/);
    expect(home.body).toMatch(/Administrateur de la collectivité/);
    const me = await app.inject({ url: '/api/v1/me', headers: as(browser) });
    expect(me.json()).toMatchObject({ via: 'session', assurance: 'rgs', user: { email: JEAN } });
    expect((await journal(db, 'signin.success')).at(-1)?.details).toMatchObject({
      method: 'certificate',
      level: 'rgs',
    });
  });

  it('stores only a hash of the session token', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const browser = await signInWithCertificate(app, cert);
    const token = /relais_session=([^;]+)/.exec(browser.cookie)![1]!;
    const dump = await db.query<{ t: string }>('select token_hash as t from sessions');
    expect(dump.rows.some((r) => r.t === token)).toBe(false);
    expect(JSON.stringify((await db.query('select * from security_events')).rows)).not.toContain(token);
  });

  it('checks the certificate on every request: without it, or with another one, the session ends', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const browser = await signInWithCertificate(app, cert);
    const without = await app.inject({
      url: '/mes-collectivites',
      headers: { cookie: browser.cookie, accept: 'text/html' },
    });
    expect(without.statusCode).toBe(303);
    expect(without.headers.location).toMatch(/^\/connexion\?suite=/);
    // The session is over even if the certificate comes back.
    const again = await app.inject({ url: '/api/v1/me', headers: as(browser) });
    expect(again.statusCode).toBe(401);

    const b2 = await signInWithCertificate(app, cert);
    const other = await personalCertificate(db, pki.rgs, LUCIE);
    const swapped = await app.inject({
      url: '/api/v1/me',
      headers: { ...certHeader(other), cookie: b2.cookie },
    });
    expect(swapped.statusCode).toBe(401);
    expect(swapped.json().message).toMatch(/certificat présenté a changé/);
  });

  it('ends the session at the next request when the certificate is detached from the account', async () => {
    const cert = await personalCertificate(db, pki.rgs, HENRI);
    const browser = await signInWithCertificate(app, cert);
    expect((await app.inject({ url: '/api/v1/me', headers: as(browser) })).statusCode).toBe(200);
    const [attached] = await listCertificatesOfUser(db, await userId(db, HENRI));
    await detachCertificate({ db, clock: systemClock }, { actor: null, certificateId: attached!.id });
    const r = await app.inject({ url: '/api/v1/me', headers: as(browser) });
    expect(r.statusCode).toBe(401);
    expect(r.json().message).toMatch(/détaché de votre compte/);
  });

  it('refuses an expired, a revoked and an unknown-CA certificate with the reason, and journals it', async () => {
    const expired = await issueCertificate(pki.rgs, 'CN=Expiré, C=FR', {
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2022-01-01'),
    });
    const revoked = await issueCertificate(pki.rgs, 'CN=Révoqué, C=FR');
    const crls = [
      await createCrl(pki.rgs, { revoked: [{ serial: revoked.cert.serialNumber }] }),
      pki.crls[1]!,
    ];
    const strict = await createAuthApp({ db, pki, crls });
    const stranger = await issueCertificate(await createCa('CN=AC pirate, C=FR'), 'CN=Pirate, C=FR');
    for (const [cert, reason] of [
      [expired, /a expiré le 1 janvier 2022/],
      [revoked, /a été révoqué le/],
      [stranger, /« CN=AC pirate, C=FR »\) ne fait pas partie des autorités acceptées/],
    ] as const) {
      await attachCertificate(
        { db, clock: systemClock },
        { actor: null, userId: await userId(db, JEAN), certificate: cert.pem },
      );
      const page = await strict.inject({
        url: '/connexion',
        headers: { ...certHeader(cert), accept: 'text/html' },
      });
      expect(page.body).toMatch(reason);
      expect(page.body).not.toMatch(/Se connecter en tant que/);
      const { res } = await postSignIn(strict, cert, '/connexion/certificat');
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(reason);
      const api = await strict.inject({ url: '/api/v1/me', headers: certHeader(cert) });
      expect(api.statusCode).toBe(401);
    }
    const refusals = (await journal(db, 'signin.refused')).map((e) => e.details.code);
    expect(refusals).toEqual(expect.arrayContaining(['expired', 'revoked', 'unknown-ca']));
    await strict.close();
  });

  it('says what to do when no certificate is presented, and when a valid one belongs to no account', async () => {
    const none = await app.inject({ url: '/connexion', headers: { accept: 'text/html' } });
    expect(none.body).toMatch(/n’a présenté <strong>aucun certificat<\/strong>/);
    expect(none.body).toMatch(/fermez <strong>toutes<\/strong> les fenêtres du navigateur/);
    const orphan = await issueCertificate(pki.rgs, 'CN=Sans compte, C=FR');
    const page = await app.inject({
      url: '/connexion',
      headers: { ...certHeader(orphan), accept: 'text/html' },
    });
    expect(page.body).toMatch(/n’est rattaché à aucun compte/);
    const { res } = await postSignIn(app, orphan, '/connexion/certificat');
    expect(res.statusCode).toBe(403);
  });

  it('refuses a certificate header sent from an address that is not the trusted proxy, and journals it', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const direct = await createAuthApp({ db, pki, trustedProxies: '' });
    const r = await direct.inject({ url: '/api/v1/me', headers: certHeader(cert) });
    expect(r.statusCode).toBe(403);
    expect(r.json().message).toMatch(/seul le relais \(proxy\) de la plateforme peut poser/);
    const html = await direct.inject({
      url: '/connexion',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(html.statusCode).toBe(403);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    const otherProxy = await createAuthApp({ db, pki, trustedProxies: '10.0.0.0/8' });
    expect((await otherProxy.inject({ url: '/healthz', headers: certHeader(cert) })).statusCode).toBe(403);
    expect((await journal(db, 'proxy.forged-header')).length).toBeGreaterThanOrEqual(3);
    await direct.close();
    await otherProxy.close();
  });

  it('lets the holders of a shared certificate choose with their password, and slows down guessing', async () => {
    const shared = await issueCertificate(pki.rgs, 'CN=Secrétariat de mairie, C=FR');
    for (const email of [LUCIE, HENRI])
      await attachCertificate(
        { db, clock: systemClock },
        { actor: null, userId: await userId(db, email), certificate: shared.pem },
      );
    const { password } = await setPassword(
      { db, clock: systemClock },
      { actor: null, userId: await userId(db, LUCIE) },
    );
    const page = await app.inject({
      url: '/connexion',
      headers: { ...certHeader(shared), accept: 'text/html' },
    });
    expect(page.body).toMatch(/partagé par plusieurs personnes \(Henri Castan, Lucie Bonnal\)/);
    const direct = await postSignIn(app, shared, '/connexion/certificat');
    expect(direct.res.statusCode).toBe(400);

    const ok = await postSignIn(app, shared, '/connexion/mot-de-passe', {
      email: LUCIE,
      mot_de_passe: password,
    });
    expect(ok.res.statusCode).toBe(303);
    const me = await app.inject({ url: '/api/v1/me', headers: as(ok.browser) });
    expect(me.json().user.email).toBe(LUCIE);

    for (let i = 0; i < 5; i++) {
      const bad = await postSignIn(app, shared, '/connexion/mot-de-passe', {
        email: LUCIE,
        mot_de_passe: 'mauvais-mot-de-passe',
      });
      expect(bad.res.statusCode).toBe(403);
      expect(bad.res.body).toMatch(/Adresse électronique ou mot de passe incorrect/);
    }
    const locked = await postSignIn(app, shared, '/connexion/mot-de-passe', {
      email: LUCIE,
      mot_de_passe: password,
    });
    expect(locked.res.statusCode).toBe(429);
    expect(locked.res.body).toMatch(/Trop d’essais/);
    // Henri has no password: the certificate alone does not sign him in.
    const henri = await postSignIn(app, shared, '/connexion/mot-de-passe', {
      email: HENRI,
      mot_de_passe: password,
    });
    expect(henri.res.statusCode).toBe(403);
    expect(JSON.stringify((await db.query('select * from security_events')).rows)).not.toContain(password);
  });

  it('refuses a form without its CSRF token, or with a token of another visitor', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    const none = await app.inject({
      method: 'POST',
      url: '/connexion/certificat',
      headers: { ...certHeader(cert), ...form },
      payload: '',
    });
    expect(none.statusCode).toBe(403);
    expect(none.body).toMatch(/Ce formulaire a expiré ou ne vient pas de Relais/);
    const mine = await app.inject({
      url: '/connexion',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    const token = /name="_csrf" value="([^"]+)"/.exec(mine.body)![1]!;
    const stolen = await app.inject({
      method: 'POST',
      url: '/connexion/certificat',
      headers: { ...certHeader(cert), ...form, cookie: 'relais_pre=autre-visiteur-0123456789-abcdefghij' },
      payload: `_csrf=${token}`,
    });
    expect(stolen.statusCode).toBe(403);
    const browser = await signInWithCertificate(app, cert);
    const out = await app.inject({
      method: 'POST',
      url: '/deconnexion',
      headers: as(browser, { 'content-type': 'application/x-www-form-urlencoded' }),
      payload: `_csrf=${token}`,
    });
    expect(out.statusCode).toBe(403);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const browser = await signInWithCertificate(app, cert);
    const page = await app.inject({ url: '/mes-collectivites', headers: as(browser) });
    const token = /action="\/deconnexion"[^>]*><input type="hidden" name="_csrf" value="([^"]+)"/.exec(
      page.body,
    )![1]!;
    const out = await app.inject({
      method: 'POST',
      url: '/deconnexion',
      headers: as(browser, { 'content-type': 'application/x-www-form-urlencoded' }),
      payload: `_csrf=${token}`,
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/connexion?deconnecte=1');
    expect(String(out.headers['set-cookie'])).toMatch(/relais_session=;/);
    expect((await app.inject({ url: '/api/v1/me', headers: as(browser) })).statusCode).toBe(401);
    const after = await app.inject({
      url: '/connexion?deconnecte=1',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(after.body).toMatch(/Vous êtes déconnecté/);
    expect(after.body).toMatch(/Se connecter en tant que Jean Dupuy/); // no automatic sign-in again
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const clock = fixedClock(new Date());
    const timed = await createAuthApp({ db, pki, clock, idleMs: 10 * 60_000, absoluteMs: 60 * 60_000 });
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const b = await signInWithCertificate(timed, cert);
    clock.advance(9 * 60_000);
    expect((await timed.inject({ url: '/api/v1/me', headers: as(b) })).statusCode).toBe(200);
    clock.advance(9 * 60_000); // 9 minutes since the last request: still alive
    expect((await timed.inject({ url: '/api/v1/me', headers: as(b) })).statusCode).toBe(200);
    clock.advance(11 * 60_000);
    const idle = await timed.inject({ url: '/api/v1/me', headers: as(b) });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().message).toMatch(/inactivité/);

    const b2 = await signInWithCertificate(timed, cert);
    for (let i = 0; i < 6; i++) {
      clock.advance(9 * 60_000);
      expect((await timed.inject({ url: '/api/v1/me', headers: as(b2) })).statusCode).toBe(200);
    }
    clock.advance(7 * 60_000); // 61 minutes after sign-in, 7 after the last request
    const old = await timed.inject({ url: '/api/v1/me', headers: as(b2) });
    expect(old.statusCode).toBe(401);
    expect(old.json().message).toMatch(/durée maximale/);
    await timed.close();
  });

  it('offers a clearly marked demo sign-in in demo mode only', async () => {
    const page = await app.inject({ url: '/connexion', headers: { accept: 'text/html' } });
    expect(page.body).toMatch(/Démonstration : connexion sans certificat/);
    const b = await signInDemo(app, await userId(db, JEAN));
    expect((await app.inject({ url: '/api/v1/me', headers: as(b) })).json()).toMatchObject({
      assurance: 'demo',
    });

    const prod = await createAuthApp({ db, pki, mode: 'production' });
    const prodPage = await prod.inject({ url: '/connexion', headers: { accept: 'text/html' } });
    expect(prodPage.body).not.toMatch(/Démonstration/);
    // The route exists (so the refusal is explained) but refuses, even with a valid form.
    const form = await prod.inject({ url: '/certificat', headers: { accept: 'text/html' } });
    const res = await prod.inject({
      method: 'POST',
      url: '/connexion/demo',
      headers: { cookie: cookiesFrom(form), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfFrom(form.body),
        utilisateur: await userId(db, JEAN),
      }).toString(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/n’existe qu’en mode démonstration/);
    // A demo session opened earlier is worthless in production.
    expect((await prod.inject({ url: '/api/v1/me', headers: { cookie: b.cookie } })).statusCode).toBe(401);
    await prod.close();
  });

  it('keeps the history of a person whose certificate is renewed', async () => {
    const old = await personalCertificate(db, pki.rgs, JEAN);
    const renewed = await personalCertificate(db, pki.rgs, JEAN);
    const a = await app.inject({ url: '/api/v1/me', headers: as(await signInWithCertificate(app, old)) });
    const b = await app.inject({ url: '/api/v1/me', headers: as(await signInWithCertificate(app, renewed)) });
    expect(a.json().user.id).toBe(b.json().user.id);
  });

  it('lets a certificate of the extended list sign in but not transmit', async () => {
    const cert = await personalCertificate(db, pki.extended, JEAN);
    const me = await app.inject({ url: '/api/v1/me', headers: as(await signInWithCertificate(app, cert)) });
    const commune = me.json().collectivites[0];
    expect(me.json().assurance).toBe('extended');
    expect(commune.permissions).not.toContain('act.transmit');
    const rgs = await personalCertificate(db, pki.rgs, JEAN);
    const me2 = await app.inject({ url: '/api/v1/me', headers: as(await signInWithCertificate(app, rgs)) });
    expect(me2.json().collectivites[0].permissions).toContain('act.transmit');
  });

  it('accepts the API with a personal certificate alone, and redirects pages to sign in', async () => {
    const cert = await personalCertificate(db, pki.rgs, JEAN);
    const api = await app.inject({ url: '/api/v1/me', headers: certHeader(cert) });
    expect(api.json()).toMatchObject({ via: 'certificate', user: { email: JEAN } });
    const page = await app.inject({
      url: '/mes-collectivites',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(page.statusCode).toBe(303);
    expect(cookiesFrom(page)).toBe('');
  });
});
