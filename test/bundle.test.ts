// The start-up bundle (bin/bundle.mjs): built from the sources, seen stale when one of them changed or the
// checkout moved, and `relais start` from it serves the pages (its files beside the sources are found).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types, run before tsx is registered
import { buildBundle, bundlePaths, isBundleFresh } from '../bin/bundle.mjs';

interface Paths {
  root: string;
  bundle: string;
  manifest: string;
}

const root = path.resolve('.');

describe('start-up bundle', () => {
  // Inside the checkout: the bundle finds the npm packages in its node_modules, as dist/ does.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const outDir = mkdtempSync(path.join(root, '.tmp', 'bundle-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-bundle-data-'));
  const paths: Paths = bundlePaths(root, outDir);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true, maxRetries: 10 });
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('is built from the sources and seen stale when a source changed or the checkout moved', async () => {
    expect(isBundleFresh(paths)).toBe(false);
    await buildBundle(paths);
    expect(isBundleFresh(paths)).toBe(true);
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    expect(Object.keys(manifest.inputs)).toContain('src/main.ts');
    expect(isBundleFresh({ ...paths, root: '/ailleurs' })).toBe(false);
    manifest.inputs['src/main.ts'] = '1:1';
    writeFileSync(paths.manifest, JSON.stringify(manifest));
    expect(isBundleFresh(paths)).toBe(false);
    // Files read beside the sources keep their place: no import.meta left pointing at the bundle.
    expect(readFileSync(paths.bundle, 'utf8')).not.toMatch(/import\.meta\.(url|dirname|filename)/);
  });

  it('runs `relais start` up to its pages and stops on SIGTERM', async () => {
    if (!isBundleFresh(paths)) await buildBundle(paths);
    const script = `const { runCli } = await import(${JSON.stringify(pathToFileURL(paths.bundle).href)});
      process.exitCode = await runCli(['start']);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        RELAIS_DATA_DIR: dataDir,
        RELAIS_HTTP_PORT: '0',
        RELAIS_LOG_LEVEL: 'warn',
        RELAIS_SMTP_RECEIVER_PORT: '0',
        RELAIS_SIMULATOR_CONSOLE_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          err += String(d);
          const m = /Ouvrez (http:\/\/\S+) dans votre navigateur/.exec(err);
          if (m) resolve(m[1]!);
        });
        exited.then((code) => reject(new Error(`exited with ${code}: ${err}`)));
      });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(await (await fetch(url)).text()).toMatch(/Syndicat mixte Lozère Numérique/);
      expect((await fetch(`${url}/static/relais.css`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
