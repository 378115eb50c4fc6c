// Reads the files of a received archive from disk with the codec's safe reader, keeping whatever could
// be read before a problem: the envelope usually comes first, so a damaged or truncated archive can
// still be answered with an anomaly sent to its return addresses.
import { createReadStream } from 'node:fs';
import { type ArchiveError, isArchiveError, readArchive } from '../../../actes/protocol/index.ts';

export interface ReceivedFiles {
  files: Map<string, Buffer>;
  error?: ArchiveError | Error;
}

export async function readReceivedArchive(file: string): Promise<ReceivedFiles> {
  const files = new Map<string, Buffer>();
  try {
    // The size was already limited while receiving; the reader still bounds decompression and entries.
    for await (const entry of readArchive(createReadStream(file), {
      maxCompressedBytes: Number.MAX_SAFE_INTEGER,
    })) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
      files.set(entry.name, Buffer.concat(chunks));
    }
    return { files };
  } catch (e) {
    return { files, error: isArchiveError(e) || e instanceof Error ? e : new Error(String(e)) };
  }
}
