// Reads the files of a received archive (from memory or from its temporary file) with the codec's safe
// reader, keeping whatever could be read before a problem: the envelope usually comes first, so a
// damaged or truncated archive can still be answered with an anomaly sent to its return addresses.
// Only XML files (envelope, messages) are kept whole; of the other documents — up to 150 MB of PDFs —
// only the first bytes are kept, enough to recognise their format, so that memory stays small.
import type { Readable } from 'node:stream';
import { type ArchiveError, isArchiveError, readArchive } from '../../../actes/protocol/index.ts';

/** XML files larger than this are not messages (parseMessage refuses them too): only their head is kept. */
const MAX_XML_BYTES = 10 * 1024 * 1024;
export const HEAD_BYTES = 1024;

export interface ReceivedFiles {
  /** Name → bytes: whole for XML files, the first HEAD_BYTES for the others. */
  files: Map<string, Buffer>;
  error?: ArchiveError | Error;
}

/** `source`: the stored upload's bytes (see uploadStream). */
export async function readReceivedArchive(source: Readable): Promise<ReceivedFiles> {
  const files = new Map<string, Buffer>();
  try {
    // The size was already limited while receiving; the reader still bounds decompression and entries.
    for await (const entry of readArchive(source, {
      maxCompressedBytes: Number.MAX_SAFE_INTEGER,
      chunkSize: 256 * 1024,
    })) {
      const whole = entry.name.toLowerCase().endsWith('.xml') && entry.size <= MAX_XML_BYTES;
      const chunks: Buffer[] = [];
      let kept = 0;
      for await (const chunk of entry.stream as AsyncIterable<Buffer>) {
        if (!whole && kept >= HEAD_BYTES) continue;
        // Of a document only the head is copied: its chunks are views of 16 KB decompressed blocks.
        const part = whole ? chunk : chunk.subarray(0, HEAD_BYTES - kept);
        chunks.push(part);
        kept += part.length;
      }
      files.set(entry.name, Buffer.concat(chunks, kept));
    }
    return { files };
  } catch (e) {
    return { files, error: isArchiveError(e) || e instanceof Error ? e : new Error(String(e)) };
  }
}
