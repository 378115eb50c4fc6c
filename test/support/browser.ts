// What every browser test shares: Debian Chromium's path, whether the suite runs (skipped with a visible
// notice when Chromium is absent, mandatory when RELAIS_REQUIRE_BROWSER=1 as in CI), and its launch.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import type { TransmissionDeps } from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { addUser } from '../../src/tenants/add-user.ts';
import { createAuthApp, createTestPki, userId } from '../auth/support.ts';
import { createTestDb } from './db.ts';
import { setUpTransmission, TEST_SIREN } from './transmission.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** True when the browser suites must run; prints the notice once per file when they are skipped. */
export function browserSuiteRuns(what: string): boolean {
  const present = existsSync(CHROMIUM);
  const required = process.env.RELAIS_REQUIRE_BROWSER === '1';
  if (!present && !required)
    console.warn(
      `\n⚠ ${what} sauté : ${CHROMIUM} est absent (apt-get install chromium). Obligatoire en CI (RELAIS_REQUIRE_BROWSER=1).\n`,
    );
  return present || required;
}

/** The flags this machine needs: no sandbox as root, no background network (the network is closed). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/**
 * The everyday pages served on loopback to a real browser: a test database with one collectivité and
 * its classification, an admin-transmitter (Bérénice) to sign in as, and Chromium launched.
 */
export interface PagesInBrowser {
  db: Db;
  app: FastifyInstance;
  deps: TransmissionDeps;
  browser: Browser;
  url: string;
  cid: string;
  /** Bérénice's user id, for the demo sign-in. */
  person: string;
  close(): Promise<void>;
}

export async function startPagesInBrowser(): Promise<PagesInBrowser> {
  const db = await createTestDb();
  const t = await setUpTransmission(db, { sendArchive: async () => ({ outcome: 'accepted', status: 201 }) });
  await addUser(
    { db },
    {
      name: 'Bérénice Chanac',
      email: 'berenice@chanac.example.fr',
      collectiviteSiren: TEST_SIREN,
      roles: 'admin,transmitter',
    },
  );
  const person = await userId(db, 'berenice@chanac.example.fr');
  const app = await createAuthApp({ db, pki: await createTestPki(), http: { transmission: t.deps } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  return {
    db,
    app,
    deps: t.deps,
    browser,
    url,
    cid: t.collectiviteId,
    person,
    async close() {
      await browser.close();
      await app.close();
      await db.close();
    },
  };
}
