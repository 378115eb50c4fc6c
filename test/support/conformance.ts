// Where the conformance data (official schemas, real messages) lives, and a describe() that skips its
// suite with a visible notice when the folder is absent — or fails it when RELAIS_REQUIRE_CONFORMANCE=1.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

/**
 * ../shared/conformance from the project root (tests run with the root as working directory);
 * RELAIS_CONFORMANCE_DIR overrides it (to point elsewhere, or to check the skip and fail paths).
 */
export const CONFORMANCE_DIR = path.resolve(process.env.RELAIS_CONFORMANCE_DIR ?? '../shared/conformance');

export const hasConformance = existsSync(CONFORMANCE_DIR);

export function conformancePath(...parts: string[]): string {
  return path.join(CONFORMANCE_DIR, ...parts);
}

let warned = false;

/** describe() for suites that read the conformance folder. */
export function describeConformance(name: string, body: () => void): void {
  if (hasConformance) {
    describe(name, body);
    return;
  }
  if (process.env.RELAIS_REQUIRE_CONFORMANCE === '1') {
    describe(name, () => {
      it('finds the conformance folder (RELAIS_REQUIRE_CONFORMANCE=1)', () => {
        throw new Error(
          `Conformance folder missing: ${CONFORMANCE_DIR}. It is required when RELAIS_REQUIRE_CONFORMANCE=1.`,
        );
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`[conformance] ${CONFORMANCE_DIR} is absent: conformance suites are skipped.`);
  }
  describe.skip(name, body);
}
