// The embedded data directory admits one process: a second gets a clear French error; a crashed
// owner's lock is taken over.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock.ts';

function holdLockInChild(dir: string): Promise<{ kill(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('${path.resolve(import.meta.dirname, 'data-dir-lock.ts')}').then(m => { m.lockDataDir(process.argv[1]); console.log('locked'); setInterval(() => {}, 1000); })`,
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (String(d).includes('locked'))
        resolve({
          kill: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

describe('lockDataDir', () => {
  it('refuses a second process with a French message, then takes over after the owner is killed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-lock-'));
    const child = await holdLockInChild(dir);
    expect(() => lockDataDir(dir)).toThrow(/déjà utilisé par un autre processus Relais \(pid \d+/);
    await child.kill();
    const lock = lockDataDir(dir);
    lock.release();
  }, 20_000);

  it('refuses a second lock inside the same process and frees it on release', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-lock-'));
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/déjà utilisé/);
    first.release();
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a previous life of the same pid', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-lock-'));
    writeFileSync(
      path.join(dir, 'relais.lock'),
      JSON.stringify({ pid: process.pid, host: hostname(), since: '2000-01-01T00:00:00Z' }),
    );
    lockDataDir(dir).release();
  });
});
