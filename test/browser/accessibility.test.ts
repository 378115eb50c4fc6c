// An accessibility audit of the pages a secrétaire de mairie uses (axe-core in Debian Chromium): no
// serious or critical violation of WCAG 2.1 A/AA on the sign-in page, the dashboard, the acts list, an
// act with a préfecture letter, the new-act form (also with its error summary), the letters, the
// administration and the help. Skipped with a notice when /usr/bin/chromium is absent, unless
// RELAIS_REQUIRE_BROWSER=1 (CI).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransmissionDeps } from '../../src/actes/transmission/index.ts';
import { newAct, putInState, receiveLetter } from '../support/acts.ts';
import { browserSuiteRuns, type PagesInBrowser, startPagesInBrowser } from '../support/browser.ts';
import { backend } from '../support/db.ts';

const runs = browserSuiteRuns('Audit d’accessibilité');

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}) : ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!runs)(`accessibility of the pages (${backend})`, () => {
  let env: PagesInBrowser;
  let deps: TransmissionDeps;
  let browser: Browser;
  let url: string;
  let cid: string;
  let person: string;

  beforeAll(async () => {
    env = await startPagesInBrowser();
    ({ deps, browser, url, cid, person } = env);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it('finds no serious or critical WCAG 2.1 AA violation on the everyday pages', async () => {
    const act = await putInState(
      deps,
      await newAct(deps, cid, 'A11Y_1', 'Tarifs de la cantine scolaire'),
      'acknowledged',
    );
    await receiveLetter(deps, act, '3-1', 'Merci de joindre la grille des tarifs.');
    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    await page.goto(`${url}/connexion`);
    problems.push(...(await audit(page)).map((p) => `/connexion → ${p}`));
    await page.selectOption('select[name="utilisateur"]', person);
    await page.getByRole('button', { name: 'Se connecter (démonstration)' }).click();
    await page.waitForURL(/\/collectivites\//);
    const base = `${url}/collectivites/${cid}`;
    for (const path of [
      '',
      '/actes',
      `/actes/${act.id}`,
      '/actes/nouveau',
      '/courriers',
      '/administration',
    ]) {
      await page.goto(`${base}${path}`);
      problems.push(...(await audit(page)).map((p) => `${path || '/'} → ${p}`));
    }
    // The new-act form with every problem shown at once.
    await page.goto(`${base}/actes/nouveau`);
    await page.getByRole('button', { name: 'Envoyer à la préfecture' }).click();
    await page.waitForLoadState();
    problems.push(...(await audit(page)).map((p) => `nouvel acte en erreur → ${p}`));
    await page.goto(`${url}/aide`);
    problems.push(...(await audit(page)).map((p) => `/aide → ${p}`));
    expect(problems).toEqual([]);
  }, 120_000);
});
