// Receives the uploaded archive while hashing it. A small one (most acts: a few hundred KB) stays in
// memory, read from there and written once where it is kept; a larger one is streamed to a temporary
// file as it comes, so that memory stays small whatever the size (up to 150 MB). Beyond the size limit
// the rest is read and thrown away (the upload is then marked truncated).
// Why memory first: writing an act of 500 KB to a temporary file and reading it back took some twenty
// thread-pool round trips; receiving, reading and keeping it cost 4.4 ms of CPU on the 2-core bench
// machine, 2.8 ms from memory.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where large uploads are written while they come in; made when the simulator starts. */
export const UPLOADS_DIR = 'tmp';

/** Uploads up to this size stay in memory: at most this much per deposit waiting for the lock. */
export const IN_MEMORY_MAX_BYTES = 2 * 1024 * 1024;

export interface StoredFile {
  /** The bytes of a small upload, or the temporary file of a larger one. */
  content: { bytes: Buffer } | { tmpPath: string };
  size: number;
  sha256: string;
  truncated: boolean;
}

/** `source` is the multipart file stream, already limited by busboy (which sets `truncated`). */
export async function storeUpload(
  source: Readable & { truncated?: boolean },
  dataDir: string,
  inMemoryMax = IN_MEMORY_MAX_BYTES,
): Promise<StoredFile> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  const input = source[Symbol.asyncIterator]();
  const done = (content: StoredFile['content']): StoredFile => ({
    content,
    size,
    sha256: hash.digest('hex'),
    truncated: source.truncated === true,
  });
  for (;;) {
    const next = await input.next();
    if (next.done) return done({ bytes: Buffer.concat(chunks, size) });
    const chunk = next.value as Buffer;
    hash.update(chunk);
    size += chunk.length;
    chunks.push(chunk);
    if (size > inMemoryMax) break;
  }
  // Too large for memory: what came so far, then the rest as it comes, to a temporary file.
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      yield* chunks.splice(0);
      for (;;) {
        const next = await input.next();
        if (next.done) return;
        const chunk = next.value as Buffer;
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } finally {
      await input.return?.();
    }
  }
  const tmpPath = path.join(dataDir, UPLOADS_DIR, `${randomUUID()}.part`);
  try {
    await pipeline(rest(), createWriteStream(tmpPath));
  } catch (e) {
    rmSync(tmpPath, { force: true });
    throw e;
  }
  return done({ tmpPath });
}

/** The upload's bytes, to read the archive. */
export function uploadStream(stored: StoredFile): Readable {
  return 'bytes' in stored.content
    ? Readable.from([stored.content.bytes], { objectMode: false })
    : createReadStream(stored.content.tmpPath);
}

/** Keeps the upload at `destination` (a file of the data directory). */
export function keepUpload(stored: StoredFile, destination: string): void {
  if ('bytes' in stored.content) {
    // Written beside it, then renamed: the console may be reading an earlier copy of the same content, and
    // a crash must not leave a partial file under the archive's name.
    const part = `${destination}.${randomUUID()}.part`;
    writeFileSync(part, stored.content.bytes);
    renameSync(part, destination);
  } else renameSync(stored.content.tmpPath, destination);
}

/** Drops the upload (a temporary file is removed; removing it twice is harmless). */
export function discardUpload(stored: StoredFile): void {
  if ('tmpPath' in stored.content) rmSync(stored.content.tmpPath, { force: true });
}
