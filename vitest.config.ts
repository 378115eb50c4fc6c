// Test runner configuration: tests sit beside the code (src/**/x.test.ts) and cross-module suites in test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Programs the tests start (bin/relais.mjs) run the sources through tsx, not the start-up bundle.
    env: { RELAIS_NO_BUNDLE: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
