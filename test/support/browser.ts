// What every browser test shares: Debian Chromium's path, whether the suite runs (skipped with a visible
// notice when Chromium is absent, mandatory when RELAIS_REQUIRE_BROWSER=1 as in CI), and its launch.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
