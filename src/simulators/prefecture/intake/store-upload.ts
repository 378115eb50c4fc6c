// Streams the uploaded archive to a temporary file while hashing it: nothing is held in memory, and
// beyond the size limit the rest is read and thrown away (the upload is then marked truncated).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploads are written while they come in; made when the simulator starts. */
export const UPLOADS_DIR = 'tmp';

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
  const tmpPath = path.join(dataDir, UPLOADS_DIR, `${randomUUID()}.part`);
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
