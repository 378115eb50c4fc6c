// Streams the uploaded archive to a temporary file while hashing it: nothing is held in memory, and
// beyond the size limit the rest is read and thrown away (the upload is then marked truncated).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  tmpPath: string;
  size: number;
  sha256: string;
  truncated: boolean;
}

/** `source` is the multipart file stream, already limited by busboy (which sets `truncated`). */
export async function storeUpload(
  source: Readable & { truncated?: boolean },
  dataDir: string,
): Promise<StoredFile> {
  const dir = path.join(dataDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  const tmpPath = path.join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, tap, createWriteStream(tmpPath));
  return { tmpPath, size, sha256: hash.digest('hex'), truncated: source.truncated === true };
}
