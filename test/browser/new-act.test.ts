// A real browser (Chromium via playwright-core) fills the « Nouvel acte » form — search, PDF upload,
// then « Envoyer à la préfecture » — with the page's script (XMLHttpRequest upload with progress).
// Skipped with a notice when /usr/bin/chromium is absent, unless RELAIS_REQUIRE_BROWSER=1 (CI).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { addUser } from '../../src/tenants/index.ts';
import { createAuthApp, createTestPki, signInDemo, userId } from '../auth/support.ts';
import { browserSuiteRuns, launchChromium } from '../support/browser.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { setUpTransmission, TEST_SIREN } from '../support/transmission.ts';

const runs = browserSuiteRuns('Test navigateur « Nouvel acte »');

describe.skipIf(!runs)(`browser: new act with a PDF upload (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let cid: string;
  let cookie: string;
  let pdfPath: string;

  beforeAll(async () => {
    db = await createTestDb();
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    cid = t.collectiviteId;
    app = await createAuthApp({ db, pki: await createTestPki(), http: { transmission: t.deps } });
    await addUser(
      { db },
      { name: 'Tess', email: 'tess@chanac.example.fr', collectiviteSiren: TEST_SIREN, roles: 'transmitter' },
    );
    cookie = (await signInDemo(app, await userId(db, 'tess@chanac.example.fr'))).cookie;
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    pdfPath = path.join(mkdtempSync(path.join(tmpdir(), 'relais-pdf-')), 'deliberation.pdf');
    writeFileSync(pdfPath, await makePdf('Budget primitif 2026'));
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('searches the classification, uploads the PDF and sends the act', async () => {
    const context = await browser.newContext();
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const [name, value] = c.split('=') as [string, string];
        return { name, value, url: base };
      }),
    );
    const page = await context.newPage();
    await page.goto(`${base}/collectivites/${cid}/actes/nouveau`);
    await page.getByLabel('Nature de l’acte').selectOption('DE');
    await page.getByLabel('Rechercher une matière (code ou mots)').fill('budget');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => page.locator('#classification option').count()).toBe(2);
    await page.getByLabel('Classification (matière)').selectOption('7.1');
    await page.getByLabel('Numéro de l’acte').fill('2026_020');
    await page.getByLabel('Date de la décision').fill('2026-11-20');
    await page.getByLabel('Objet').fill('Vote du budget primitif 2026');
    await expect(page.locator('#objet-compteur').textContent()).resolves.toContain('28 / 500');
    await page.getByLabel('L’acte (fichier PDF)').setInputFiles(pdfPath);
    await page.getByRole('button', { name: 'Envoyer à la préfecture' }).click();
    await page.getByRole('heading', { name: 'Acte envoyé à la préfecture' }).waitFor();
    const r = await db.query<{ state: string }>("select state from acts where numero_interne = '2026_020'");
    expect(r.rows).toEqual([{ state: 'queued' }]);
    await context.close();
  }, 60_000);

  it('shows the error summary first when something is missing, keeping the file', async () => {
    const context = await browser.newContext();
    await context.addCookies(
      cookie.split('; ').map((c) => {
        const [name, value] = c.split('=') as [string, string];
        return { name, value, url: base };
      }),
    );
    const page = await context.newPage();
    await page.goto(`${base}/collectivites/${cid}/actes/nouveau`);
    await page.getByLabel('L’acte (fichier PDF)').setInputFiles(pdfPath);
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('points sont à corriger');
    await expect(page.locator('#document-garde').textContent()).resolves.toContain('deliberation.pdf');
    await context.close();
  }, 60_000);
});
