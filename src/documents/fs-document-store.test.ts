// The filesystem store passes the document store contract, writes as it reads, lays files out by hash
// and leaves no temporary file behind.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentStoreContract, generatedContent, sha256Of } from './document-store-contract.ts';
import { createFsDocumentStore } from './fs-document-store.ts';

const MiB = 1024 * 1024;

documentStoreContract('filesystem', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'relais-docs-'));
  const store = createFsDocumentStore(dir);
  return {
    store,
    async corrupt(sha256) {
      const file = path.join(dir, sha256.slice(0, 2), sha256);
      const bytes = await readFile(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await writeFile(file, bytes);
    },
    cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 10 }),
  };
});

describe('createFsDocumentStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relais-docs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('stores chunks of any size exactly, across its staging buffer and past the first MiB written synchronously', async () => {
    const store = createFsDocumentStore(dir);
    const sizes = [1, 16_384, 100_000, 300 * 1024, 7, 262_144, 65_536, 12_345, 600_000, 3];
    const chunks = sizes.map((n, i) => Buffer.alloc(n, i + 1));
    // The source's buffers are refilled after each chunk is taken, as a reader reusing its buffer would.
    async function* source() {
      for (const c of chunks) {
        const reused = Buffer.from(c);
        yield reused;
        reused.fill(0xee);
      }
    }
    const whole = Buffer.concat(chunks);
    const stored = await store.put(source());
    expect(stored).toEqual({ sha256: sha256Of(whole), size: whole.length });
    const back = await readFile(path.join(dir, stored.sha256.slice(0, 2), stored.sha256));
    expect(back.equals(whole)).toBe(true);
  });

  /** Every file under the store, relative to it. */
  async function files(): Promise<string[]> {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  }

  it('lays a document out under the first two hex characters of its hash', async () => {
    const store = createFsDocumentStore(dir);
    const bytes = Buffer.from('arrêté du maire');
    const { sha256 } = await store.put(Readable.from([bytes]));
    expect(await files()).toEqual([path.join(sha256.slice(0, 2), sha256)]);
  });

  it('keeps one file for the same content stored twice', async () => {
    const store = createFsDocumentStore(dir);
    const bytes = Buffer.from('même contenu');
    await store.put(Readable.from([bytes]));
    await store.put(Readable.from([bytes]));
    expect(await files()).toEqual([path.join(sha256Of(bytes).slice(0, 2), sha256Of(bytes))]);
  });

  it('stores again into a shard folder removed by hand after it was first used', async () => {
    const store = createFsDocumentStore(dir);
    const first = Buffer.from('délibération');
    const { sha256 } = await store.put(Readable.from([first]));
    await rm(path.join(dir, sha256.slice(0, 2)), { recursive: true });
    expect(await store.put(Readable.from([first]))).toEqual({ sha256, size: first.length });
    expect(await files()).toEqual([path.join(sha256.slice(0, 2), sha256)]);
  });

  it('writes to disk as it reads: the temporary file follows the incoming stream', async () => {
    const store = createFsDocumentStore(dir);
    const lags: number[] = [];
    const content = generatedContent(64 * MiB, {
      onChunk: async (produced) => {
        if (produced % (8 * MiB) !== 0 || produced === 64 * MiB) return;
        const [tmp] = await readdir(path.join(dir, '.tmp'));
        lags.push(produced - (await stat(path.join(dir, '.tmp', tmp!))).size);
      },
    });
    await store.put(content.stream);
    expect(lags).toHaveLength(7);
    for (const lag of lags) expect(lag).toBeLessThan(4 * MiB);
  });

  it('leaves no file and no open descriptor after a failed write, a refused one or a failed rename', async () => {
    const store = createFsDocumentStore(dir);
    const before = openDescriptors();
    const failing = generatedContent(2 * MiB, {
      onChunk: (produced) => {
        if (produced > MiB) throw new Error('coupure');
      },
    });
    await expect(store.put(failing.stream)).rejects.toThrow('coupure');
    await expect(store.put(Readable.from([Buffer.alloc(2000)]), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
    });
    expect(await files()).toEqual([]);
    // A file where the shard folder should be: the folder cannot be made, so neither can the rename.
    const bytes = Buffer.from('registre des délibérations');
    await writeFile(path.join(dir, sha256Of(bytes).slice(0, 2)), 'pas un dossier');
    await expect(store.put(Readable.from([bytes]))).rejects.toMatchObject({ code: expect.any(String) });
    expect(await readdir(path.join(dir, '.tmp'))).toEqual([]);
    expect(openDescriptors()).toEqual(before);
  });

  it('closes the document it reads, whether read to the end or dropped midway', async () => {
    const store = createFsDocumentStore(dir);
    const { sha256 } = await store.put(generatedContent(3 * MiB).stream);
    const before = openDescriptors();
    for await (const _ of await store.get(sha256));
    const dropped = await store.get(sha256);
    for await (const _ of dropped) break;
    // The stream closes the file once the read under way has come back.
    await vi.waitFor(() => expect(openDescriptors()).toEqual(before));
  });

  it('closes, once collected, a document whose stream was dropped unfinished and undestroyed', async () => {
    const store = createFsDocumentStore(dir);
    const { sha256 } = await store.put(generatedContent(3 * MiB).stream);
    const before = openDescriptors();
    // A pipe whose destination went away: the source is neither read to the end nor destroyed.
    for (let i = 0; i < 5; i++) {
      const out = new PassThrough();
      (await store.get(sha256)).pipe(out);
      await new Promise((r) => out.once('data', r));
      out.destroy();
    }
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    await vi.waitFor(
      async () => {
        gc();
        await new Promise((r) => setTimeout(r, 20));
        expect(openDescriptors()).toEqual(before);
      },
      { timeout: 5000 },
    );
  });

  it('clears temporary files a crash left long ago, and keeps recent ones', async () => {
    createFsDocumentStore(dir);
    const old = path.join(dir, '.tmp', 'old.part');
    const recent = path.join(dir, '.tmp', 'recent.part');
    await writeFile(old, 'partiel');
    await writeFile(recent, 'en cours');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    createFsDocumentStore(dir);
    expect(await readdir(path.join(dir, '.tmp'))).toEqual(['recent.part']);
  });
});

/** This process's open file descriptors, to check that nothing leaks one (Linux; elsewhere, none are seen). */
function openDescriptors(): string[] {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').sort() : [];
}
