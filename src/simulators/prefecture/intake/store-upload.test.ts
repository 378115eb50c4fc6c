// An upload is hashed as it comes; a small one stays in memory, a larger one goes to a temporary file;
// either way it reads back, is kept or is discarded the same.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardUpload, keepUpload, storeUpload, UPLOADS_DIR, uploadStream } from './store-upload.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'relais-store-upload-'));
  mkdirSync(path.join(dataDir, UPLOADS_DIR));
});
afterEach(() => rm(dataDir, { recursive: true, force: true, maxRetries: 10 }));

const bytes = randomBytes(100_000);
const sha256 = createHash('sha256').update(bytes).digest('hex');
const source = () => {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 16_384) chunks.push(bytes.subarray(i, i + 16_384));
  return Readable.from(chunks);
};
async function readBack(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('storeUpload', () => {
  it('keeps a small upload in memory, with its size and SHA-256, and writes it once where it is kept', async () => {
    const stored = await storeUpload(source(), dataDir);
    expect(stored).toMatchObject({ size: bytes.length, sha256, truncated: false });
    expect('bytes' in stored.content).toBe(true);
    expect(readdirSync(path.join(dataDir, UPLOADS_DIR))).toEqual([]);
    expect((await readBack(uploadStream(stored))).equals(bytes)).toBe(true);
    keepUpload(stored, path.join(dataDir, 'gardee.tar.gz'));
    expect(readFileSync(path.join(dataDir, 'gardee.tar.gz')).equals(bytes)).toBe(true);
  });

  it('streams a larger upload to a temporary file, moved where it is kept or removed', async () => {
    const kept = await storeUpload(source(), dataDir, 40_000);
    expect(kept).toMatchObject({ size: bytes.length, sha256, truncated: false });
    expect('tmpPath' in kept.content).toBe(true);
    expect((await readBack(uploadStream(kept))).equals(bytes)).toBe(true);
    keepUpload(kept, path.join(dataDir, 'gardee.tar.gz'));
    expect(readFileSync(path.join(dataDir, 'gardee.tar.gz')).equals(bytes)).toBe(true);

    const dropped = await storeUpload(source(), dataDir, 40_000);
    expect(dropped.sha256).toBe(sha256);
    discardUpload(dropped);
    discardUpload(dropped);
    expect(readdirSync(path.join(dataDir, UPLOADS_DIR))).toEqual([]);
  });

  it('leaves no temporary file when the upload fails on the way', async () => {
    async function* broken() {
      yield bytes.subarray(0, 50_000);
      throw new Error('connexion coupée');
    }
    await expect(storeUpload(Readable.from(broken()), dataDir, 40_000)).rejects.toThrow('connexion coupée');
    expect(readdirSync(path.join(dataDir, UPLOADS_DIR))).toEqual([]);
  });
});
