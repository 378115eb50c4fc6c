// The behaviour every DocumentStore implementation owes its callers, as one test suite: the filesystem
// store runs it now, the S3 store will run it unchanged.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from './document-store.ts';

export interface ContractSubject {
  store: DocumentStore;
  /** Changes the stored bytes of a document behind the store's back (disk rot, tampering). */
  corrupt(sha256: string): Promise<void>;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface GeneratedContentOptions {
  /** Called after each chunk is pulled; a throw makes the stream fail there. */
  onChunk?: (producedSoFar: number) => Promise<void> | void;
  /** Same seed, same bytes. */
  seed?: Buffer;
}

/**
 * `total` bytes of pseudo-random content in 64 KiB chunks, produced only when pulled. `produced` counts
 * what was pulled so far and `sha256()` is the hash of the whole content once it has all been produced.
 */
export function generatedContent(total: number, { onChunk, seed }: GeneratedContentOptions = {}) {
  const block = seed ?? randomBytes(64 * 1024);
  const hash = createHash('sha256');
  const state = { produced: 0 };
  async function* generate() {
    for (let n = 0; state.produced < total; n++) {
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, total - state.produced)));
      chunk.writeUInt32BE(n % 2 ** 32, 0); // no two chunks alike
      hash.update(chunk);
      state.produced += chunk.length;
      yield chunk;
      await onChunk?.(state.produced);
    }
  }
  return { stream: Readable.from(generate()), state, sha256: () => hash.copy().digest('hex') };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function documentStoreContract(name: string, makeStore: () => Promise<ContractSubject>): void {
  describe(`document store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: DocumentStore;
    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('stores a document under its SHA-256 and gives back the same bytes', async () => {
      const bytes = Buffer.from('Délibération n° 2024-12 du conseil municipal\n', 'utf8');
      const stored = await store.put(Readable.from([bytes]));
      expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await store.stat(stored.sha256)).toEqual(stored);
      expect(await readAll(await store.get(stored.sha256))).toEqual(bytes);
    });

    it('stores an empty document', async () => {
      const stored = await store.put(Readable.from([]));
      expect(stored).toEqual({ sha256: sha256Of(Buffer.alloc(0)), size: 0 });
      expect(await readAll(await store.get(stored.sha256))).toEqual(Buffer.alloc(0));
    });

    it('streams 64 MiB in and out, never holding more than a little of it', async () => {
      const content = generatedContent(64 * MiB);
      const stored = await store.put(content.stream);
      expect(stored).toEqual({ sha256: content.sha256(), size: 64 * MiB });

      const out = await store.get(stored.sha256);
      const hash = createHash('sha256');
      let size = 0;
      let maxBuffered = 0;
      for await (const chunk of out) {
        maxBuffered = Math.max(maxBuffered, out.readableLength + (chunk as Buffer).length);
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      expect(size).toBe(64 * MiB);
      expect(hash.digest('hex')).toBe(stored.sha256);
      expect(maxBuffered).toBeLessThan(MiB);
    });

    it('keeps storing the same content as one document', async () => {
      const bytes = randomBytes(10_000);
      const first = await store.put(Readable.from([bytes]));
      const second = await store.put(Readable.from([bytes.subarray(0, 5_000), bytes.subarray(5_000)]));
      expect(second).toEqual(first);
      expect(await store.delete(first.sha256)).toBe(true);
      expect(await store.has(first.sha256)).toBe(false);
    });

    it('shows a document only once it is complete, and nothing of a write that failed midway', async () => {
      const seed = randomBytes(64 * 1024);
      const reference = generatedContent(4 * MiB, { seed });
      await reference.stream.toArray();
      const expected = reference.sha256();

      let sawWhileWriting: boolean | undefined;
      const whole = generatedContent(4 * MiB, {
        seed,
        onChunk: async (produced) => {
          if (produced === 2 * MiB) sawWhileWriting = await store.has(expected);
        },
      });
      const stored = await store.put(whole.stream);
      expect(stored.sha256).toBe(expected);
      expect(sawWhileWriting).toBe(false);
      expect(await store.has(expected)).toBe(true);
      await store.delete(stored.sha256);

      const failing = generatedContent(4 * MiB, {
        seed,
        onChunk: (produced) => {
          if (produced === 2 * MiB) throw new Error('connexion interrompue');
        },
      });
      await expect(store.put(failing.stream)).rejects.toThrow('connexion interrompue');
      expect(await store.has(stored.sha256)).toBe(false);
      expect(await store.has(failing.sha256())).toBe(false); // the 2 MiB that did arrive
    });

    it('refuses a document over maxBytes in French, without reading it all, and stores nothing', async () => {
      const big = generatedContent(16 * MiB);
      const error = await store.put(big.stream, { maxBytes: MiB }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', status: 413 });
      expect((error as Error).message).toBe(
        'Le document dépasse la taille maximale autorisée (1 Mo). Réduisez sa taille ou découpez-le.',
      );
      expect(big.state.produced).toBeLessThan(4 * MiB);
      expect(await store.has(big.sha256())).toBe(false);
    });

    it('accepts a document of exactly maxBytes', async () => {
      const bytes = randomBytes(1000);
      expect((await store.put(Readable.from([bytes]), { maxBytes: 1000 })).size).toBe(1000);
    });

    it('ends the read stream with DOCUMENT_CORRUPTED when the stored bytes changed', async () => {
      const content = generatedContent(3 * MiB);
      const stored = await store.put(content.stream);
      await subject.corrupt(stored.sha256);
      await expect(readAll(await store.get(stored.sha256))).rejects.toMatchObject({
        code: 'DOCUMENT_CORRUPTED',
      });
    });

    it('answers DOCUMENT_NOT_FOUND for an unknown or malformed hash', async () => {
      const unknown = sha256Of(Buffer.from('jamais stocké'));
      await expect(store.get(unknown)).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND', status: 404 });
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
      expect(await store.has(unknown)).toBe(false);
      expect(await store.stat(unknown)).toBeNull();
      expect(await store.delete(unknown)).toBe(false);
    });

    it('accepts an uppercase hash for the same document', async () => {
      const stored = await store.put(Readable.from([Buffer.from('majuscules')]));
      expect(await store.has(stored.sha256.toUpperCase())).toBe(true);
    });
  });
}
