// `relais start` as a real process: ready on /readyz, prints what to open, a second process on the
// same embedded data directory is refused, SIGTERM stops it cleanly and a restart keeps the data.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/relais.mjs');
/** Free ports for the reply receiver and the simulated préfecture's console, so runs never collide. */
const QUIET_PORTS = { RELAIS_SMTP_RECEIVER_PORT: '0', RELAIS_SIMULATOR_CONSOLE_PORT: '0' };

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      RELAIS_DATA_DIR: dataDir,
      RELAIS_HTTP_PORT: '0',
      RELAIS_LOG_LEVEL: 'warn',
      ...QUIET_PORTS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += String(d);
      const m = /Ouvrez (http:\/\/\S+) dans votre navigateur/.exec(err);
      if (m) resolve({ child, url: m[1]!, stderr: () => err, exited });
    });
    exited.then((code) => reject(new Error(`relais start exited with ${code}: ${err}`)));
  });
}

describe('relais start', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-start-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('starts in demo mode on an empty data directory, stops on SIGTERM and restarts with its data', async () => {
    const first = await start(dataDir);
    children.push(first.child);
    expect(first.stderr()).toMatch(/mode démonstration/);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    const home = await (await fetch(first.url)).text();
    expect(home).toMatch(/Syndicat mixte Lozère Numérique/);

    // A second process on the same embedded data directory is refused with a clear message.
    const second = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, RELAIS_DATA_DIR: dataDir, RELAIS_HTTP_PORT: '0', ...QUIET_PORTS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let secondErr = '';
    second.stderr.on('data', (d: Buffer) => {
      secondErr += String(d);
    });
    const secondCode = await new Promise((r) => second.once('exit', r));
    expect(secondCode).toBe(1);
    expect(secondErr).toMatch(/déjà utilisé par un autre processus Relais/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toMatch(/termine le travail en cours/);
    expect(existsSync(path.join(dataDir, 'relais.lock'))).toBe(false);

    const again = await start(dataDir);
    children.push(again.child);
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 90_000);

  it('refuses to start on a wrong configuration value, naming the key', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...process.env, RELAIS_DATA_DIR: dataDir, RELAIS_HTTP_PORT: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += String(d);
    });
    expect(await new Promise((r) => child.once('exit', r))).toBe(1);
    expect(err).toMatch(/RELAIS_HTTP_PORT : la valeur « abc » n'est pas acceptée/);
  }, 30_000);
});
