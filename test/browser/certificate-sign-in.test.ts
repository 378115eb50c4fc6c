// A real browser (Debian Chromium driven by playwright-core) signs in with a client certificate over
// real HTTPS with mutual TLS, against Relais started as `npm start` starts it in demo mode with the demo
// PKI. Skipped with a notice when /usr/bin/chromium is absent, unless RELAIS_REQUIRE_BROWSER=1 (CI).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoPki, type DemoManifest } from '../../src/auth/pki/demo-pki.ts';
import { createCa, issueCertificate } from '../../src/auth/pki/issue.ts';
import { buildPkcs12 } from '../../src/auth/pki/pkcs12.ts';
import { DEMO_SHARED } from '../../src/cli/commands/pki.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { type Relais, startRelais } from '../../src/main.ts';
import { demoPeople } from '../../src/tenants/demo-data.ts';
import { browserSuiteRuns, launchChromium } from '../support/browser.ts';
import { backend, createTestDatabaseEnv } from '../support/db.ts';

const runs = browserSuiteRuns('Tests navigateur de connexion par certificat');

describe.skipIf(!runs)(`browser sign-in with a client certificate (${backend})`, () => {
  let relais: Relais;
  let browser: Browser;
  let url: string;
  let manifest: DemoManifest;
  let cleanup: () => Promise<void>;
  const p12Of = (label: string) => manifest.certificates.find((c) => c.label === label)!.p12;

  beforeAll(async () => {
    const db = await createTestDatabaseEnv();
    cleanup = db.cleanup;
    const config = loadConfig({
      env: { ...db.env, RELAIS_HTTP_PORT: '0', RELAIS_ROLES: 'web', RELAIS_LOG_LEVEL: 'silent' },
    });
    ({ manifest } = await createDemoPki({
      dataDirAbs: config.dataDirAbs,
      people: demoPeople().map((p) => ({ name: p.name, email: p.email })),
      shared: DEMO_SHARED,
    }));
    relais = await startRelais(config, createLogger('silent'));
    url = relais.url!;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await relais?.stop();
    await cleanup?.();
  });

  it('starts over HTTPS with the demo server certificate', () => {
    expect(url).toMatch(/^https:\/\/localhost:\d+$/);
  });

  it('signs in with the certificate presented over mutual TLS, then signs out', async () => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true, // the demo CA is not in the browser's trust store
      clientCertificates: [{ origin: url, pfxPath: p12Of('Jean Dupuy'), passphrase: manifest.p12Password }],
    });
    const page = await context.newPage();
    await page.goto(`${url}/mes-collectivites`);
    expect(page.url()).toContain('/connexion');
    await page.getByRole('button', { name: 'Se connecter en tant que Jean Dupuy' }).click();
    await page.waitForURL(`${url}/mes-collectivites`);
    await expect(page.getByRole('heading', { name: 'Mes collectivités' }).textContent()).resolves.toBe(
      'Mes collectivités',
    );
    const text = await page.textContent('main');
    expect(text).toMatch(/Connecté : Jean Dupuy/);
    expect(text).toMatch(/Administrateur de la collectivité/);

    await page.getByRole('link', { name: 'Jetons d’accès' }).first().click();
    await page.fill('input[name="nom"]', 'Parapheur');
    await page.check('input[value="act.read"]');
    await page.getByRole('button', { name: 'Créer le jeton' }).click();
    expect(await page.textContent('.secret')).toMatch(/^relais_[A-Za-z0-9_-]{43}$/);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion\?deconnecte=1/);
    expect(await page.textContent('main')).toMatch(/Vous êtes déconnecté/);
    await context.close();
  });

  it('shows a visitor without certificate what to do, and the marked demo sign-in', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${url}/connexion`);
    expect(await page.textContent('main')).toMatch(/n’a présenté aucun certificat/);
    await page.selectOption('select[name="utilisateur"]', {
      label: 'Claire Valette — Directrice du syndicat (administrateur du syndicat)',
    });
    await page.getByRole('button', { name: 'Se connecter (démonstration)' }).click();
    await page.waitForURL(`${url}/mes-collectivites`);
    expect(await page.textContent('main')).toMatch(/Administration du syndicat/);
    await context.close();
  });

  it('lets the holders of the shared certificate choose with their password', async () => {
    const shared = manifest.certificates.find((c) => c.holders.length > 1)!;
    const lucie = shared.holders.find((h) => h.email === 'lucie.bonnal@example.fr')!;
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: url, pfxPath: shared.p12, passphrase: manifest.p12Password }],
    });
    const page = await context.newPage();
    await page.goto(`${url}/connexion`);
    await page.fill('input[name="email"]', lucie.email);
    await page.fill('input[name="mot_de_passe"]', lucie.password!);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    // Signed in, a person lands on the dashboard of their collectivité.
    await page.waitForURL(/\/collectivites\/[0-9a-f-]{36}$/);
    expect(await page.textContent('body')).toMatch(/Lucie Bonnal/);
    expect(await page.textContent('h1')).toBe('Tableau de bord');
    await context.close();
  });

  it('explains why a certificate of an unknown authority is refused', async () => {
    const stranger = await issueCertificate(await createCa('CN=AC inconnue, C=FR'), 'CN=Inconnu, C=FR');
    const pfx = await buildPkcs12({
      certDer: stranger.der,
      keyPkcs8Der: stranger.keyDer,
      friendlyName: 'Inconnu',
      password: 'essai-essai',
    });
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: url, pfx, passphrase: 'essai-essai' }],
    });
    const page = await context.newPage();
    await page.goto(`${url}/connexion`);
    expect(await page.textContent('main')).toMatch(
      /Il est refusé : L’autorité qui a délivré ce certificat \(« CN=AC inconnue, C=FR »\)/,
    );
    await page.goto(`${url}/certificat`);
    expect(await page.textContent('main')).toMatch(/Se connecter\s*non/);
    await context.close();
  });

  it('keeps the demo PKI files where the README says', () => {
    const dir = path.dirname(path.dirname(p12Of('Jean Dupuy')));
    expect(readFileSync(path.join(dir, 'LISEZMOI.txt'), 'utf8')).toContain(manifest.p12Password);
  });
});
