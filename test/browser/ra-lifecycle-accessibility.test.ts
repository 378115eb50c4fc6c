// An accessibility audit of the registration authority's lifecycle pages (axe-core in Debian Chromium):
// no serious or critical WCAG 2.1 A/AA violation on the registry, the board figures, the elections
// campaign, the CA catalogue, the RA officers, a request page with its revocation and reminders panels,
// the revocation form with its errors, « Mes certificats », the RA worklist and orders, a collectivité's
// requests and the new-request form (empty and with its problems). Skipped with a notice when
// /usr/bin/chromium is absent, unless RELAIS_REQUIRE_BROWSER=1 (CI).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../src/tenants/user-store.ts';
import { createAuthApp, createTestPki } from '../auth/support.ts';
import { insertRequestInState } from '../certification/request-in-state.ts';
import { browserSuiteRuns, launchChromium } from '../support/browser.ts';
import { type CertificationFixture, createCertificationFixture } from '../support/certification.ts';
import { backend, createTestDb } from '../support/db.ts';

const runs = browserSuiteRuns('Audit d’accessibilité (autorité d’enregistrement)');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations;
  })) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}) : ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!runs)(`accessibility of the RA lifecycle pages (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let fx: CertificationFixture;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db);
    app = await createAuthApp({ db, pki: await createTestPki(), http: { certification: fx.deps } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    fx?.cleanup();
    await db?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/connexion`);
    await page.selectOption('select[name="utilisateur"]', (await findUserByEmail(db, email))!.id);
    await page.getByRole('button', { name: 'Se connecter (démonstration)' }).click();
    await page.waitForLoadState();
    return page;
  }

  it('finds no serious or critical WCAG 2.1 AA violation', async () => {
    const ra = (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!;
    await setRaOfficer(db, ra.id, true);
    const lucie = (await findUserByEmail(db, 'lucie.bonnal@example.fr'))!;
    const cid = lucie.memberships[0]!.collectiviteId;
    const base = { collectiviteId: cid, productId: fx.manualProductId };
    const active = await insertRequestInState(db, { ...base, state: 'active', holderUserId: lucie.id });
    await insertRequestInState(db, { ...base, state: 'active', holderUserId: lucie.id, holderName: 'Autre' });
    await insertRequestInState(db, { ...base, state: 'active', isElected: true, holderName: 'Jean Maire' });
    const asked = await insertRequestInState(db, {
      ...base,
      state: 'revocation_requested',
      holderName: 'Perdue',
    });
    await db.query(
      `update certificate_requests set revocation_reason = 'loss', revocation_requested_at = now() where id = $1`,
      [asked],
    );
    await db.query(
      'insert into certificate_request_reminders (request_id, days, sent_at) values ($1, 90, now())',
      [active],
    );

    const problems: string[] = [];
    const page = await signedIn(ra.email);
    for (const path of [
      '/syndicat/certificats',
      '/syndicat/certificats/commandes',
      '/syndicat/certificats/registre',
      '/syndicat/certificats/bilan',
      '/syndicat/certificats/elections',
      '/syndicat/certificats/autorites',
      '/syndicat/certificats/officiers',
      `/certificats/demandes/${active}`,
      `/certificats/demandes/${asked}`,
    ]) {
      await page.goto(`${url}${path}`);
      problems.push(...(await audit(page)).map((p) => `${path} → ${p}`));
    }
    // The revocation form sent without a reason: the page with its error summary.
    await page.goto(`${url}/certificats/demandes/${active}`);
    await page.getByText('Demander la révocation de ce certificat').click();
    await page.evaluate(() => {
      // Type-checked without the DOM library, like the axe call above.
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): Iterable<{ removeAttribute(n: string): void }> };
        }
      ).document;
      for (const input of doc.querySelectorAll('input[required]')) input.removeAttribute('required');
    });
    await page.getByRole('button', { name: 'Demander la révocation' }).click();
    await page.waitForLoadState();
    expect(await page.content()).toContain('Choisissez le motif de la révocation.');
    problems.push(...(await audit(page)).map((p) => `révocation sans motif → ${p}`));

    // The collectivité's side: its requests, and the new-request form sent empty (every problem at once).
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    const own = jean.memberships[0]!.collectiviteId;
    const admin = await signedIn(jean.email);
    await admin.goto(`${url}/collectivites/${own}/demandes-certificat`);
    problems.push(...(await audit(admin)).map((p) => `demandes-certificat → ${p}`));
    await admin.goto(`${url}/collectivites/${own}/demandes-certificat/nouvelle`);
    problems.push(...(await audit(admin)).map((p) => `nouvelle demande → ${p}`));
    await admin.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): Iterable<{ removeAttribute(n: string): void }> };
        }
      ).document;
      for (const input of doc.querySelectorAll('[required]')) input.removeAttribute('required');
    });
    await admin.getByRole('button', { name: 'Enregistrer la demande en brouillon' }).click();
    await admin.waitForLoadState();
    expect(await admin.content()).toContain('points sont à corriger');
    problems.push(...(await audit(admin)).map((p) => `nouvelle demande avec erreurs → ${p}`));

    const holder = await signedIn(lucie.email);
    await holder.goto(`${url}/mes-certificats`);
    problems.push(...(await audit(holder)).map((p) => `/mes-certificats → ${p}`));
    expect(problems).toEqual([]);
  }, 120_000);
});
