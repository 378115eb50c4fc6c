// The tar.gz of a reply: a few small files (the envelope, a message, sometimes a letter's PDF), all in
// memory. The tar is laid out with the codec's own headers (tarHeader, mtime 0: what the archive writer
// writes) and gzipped in one synchronous call — a reply is a few kilobytes, deflated in tens of
// microseconds; the writer's streaming path is for acts of up to 150 MB.
import { gzipSync } from 'node:zlib';
import { END_OF_TAR_BYTES, tarHeader, tarPadding } from '../../../actes/protocol/index.ts';

export interface ArchivedFile {
  name: string;
  bytes: Uint8Array;
}

export async function replyArchive(files: readonly ArchivedFile[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (const f of files)
    parts.push(
      tarHeader(f.name, f.bytes.byteLength, new Date(0)),
      f.bytes,
      Buffer.alloc(tarPadding(f.bytes.byteLength)),
    );
  parts.push(Buffer.alloc(END_OF_TAR_BYTES));
  return gzipSync(Buffer.concat(parts));
}
