// A real browser (Debian Chromium driven by playwright-core) uses the everyday pages as a secrétaire de
// mairie would: demo sign-in, the tableau de bord, a search in the acts, the act's page, an answer to
// the préfecture's request with a PDF, then the cancellation of another act through its confirmation
// step. Skipped with a notice when /usr/bin/chromium is absent, unless RELAIS_REQUIRE_BROWSER=1 (CI).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAct, type TransmissionDeps } from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { newAct, putInState, receiveLetter } from '../support/acts.ts';
import { browserSuiteRuns, type PagesInBrowser, startPagesInBrowser } from '../support/browser.ts';
import { backend } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';

const runs = browserSuiteRuns('Tests navigateur des pages de tous les jours');

describe.skipIf(!runs)(`browser: the everyday pages (${backend})`, () => {
  let env: PagesInBrowser;
  let db: Db;
  let deps: TransmissionDeps;
  let browser: Browser;
  let url: string;
  let cid: string;
  let person: string;

  beforeAll(async () => {
    env = await startPagesInBrowser();
    ({ db, deps, browser, url, cid, person } = env);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it('signs in, finds an act, answers the préfecture and cancels another act', async () => {
    const canteen = await putInState(
      deps,
      await newAct(deps, cid, 'NAV_1', 'Tarifs de la cantine scolaire'),
      'acknowledged',
    );
    await receiveLetter(deps, canteen, '3-1', 'Merci de joindre la grille des tarifs.');
    const hall = await putInState(
      deps,
      await newAct(deps, cid, 'NAV_2', 'Location de la salle des fêtes'),
      'acknowledged',
    );

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/connexion`);
    await page.selectOption('select[name="utilisateur"]', person);
    await page.getByRole('button', { name: 'Se connecter (démonstration)' }).click();
    await page.goto(`${url}/`);
    await page.waitForURL(`${url}/collectivites/${cid}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tableau de bord');
    expect(await page.textContent('main')).toContain('Demande de pièces complémentaires du 26 novembre 2026');

    // The skip link is the first thing the keyboard reaches.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Aller au contenu');

    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Actes' })
      .click();
    await page.getByLabel('Mots de l’objet').fill('cantine');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/actes\?q=cantine/);
    expect(await page.textContent('main')).not.toContain('salle des fêtes');
    await page.getByRole('link', { name: 'Tarifs de la cantine scolaire' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tarifs de la cantine scolaire');

    await page.getByLabel(/Transmission des pièces complémentaires/).check();
    await page.getByLabel(/Fichiers? à joindre/).setInputFiles({
      name: 'grille-tarifs.pdf',
      mimeType: 'application/pdf',
      buffer: await makePdf('Grille des tarifs'),
    });
    await page.getByRole('button', { name: 'Envoyer la réponse à la préfecture' }).click();
    await page.waitForURL(/ok=reponse-envoyee/);
    expect(await page.getByRole('status').first().textContent()).toContain(
      'Votre réponse part vers la préfecture',
    );
    expect(await page.textContent('main')).toContain(
      'Réponse préparée : Transmission des pièces complémentaires.',
    );

    await page.goto(`${url}/collectivites/${cid}/actes/${hall.id}`);
    await page.getByRole('link', { name: 'Demander l’annulation…' }).click();
    await page.getByRole('button', { name: 'Oui, demander l’annulation' }).click();
    await page.waitForURL(/ok=annulation-demandee/);
    expect(await page.textContent('main')).toContain('Annulation demandée');
    expect((await getAct(db, cid, hall.id))!.state).toBe('cancelling');
    await context.close();
  }, 60_000);
});
