// Gathers a stream (a document from the store) into one buffer for pdf-lib, which parses from memory.
// With the size known in advance, the bytes are written once into a buffer of that size: no second copy.
import { AppError } from '../../kernel/errors.ts';

export interface ReadAllOptions {
  /** Expected size (from the store's stat): allocates once; a stream of another length is an error. */
  size?: number;
  /** Refuses, as soon as it is passed, a stream longer than this. */
  maxBytes?: number;
}

export async function readAllBytes(
  source: AsyncIterable<Uint8Array>,
  options: ReadAllOptions = {},
): Promise<Uint8Array> {
  const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (options.size !== undefined) {
    if (options.size > max) throw tooLarge(max);
    const out = new Uint8Array(options.size);
    let at = 0;
    for await (const chunk of source) {
      if (at + chunk.length > out.length) throw new Error('readAllBytes: the stream is longer than its size');
      out.set(chunk, at);
      at += chunk.length;
    }
    if (at !== out.length) throw new Error('readAllBytes: the stream is shorter than its size');
    return out;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > max) throw tooLarge(max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(max: number): AppError {
  return new AppError(
    'DOCUMENT_TOO_LARGE',
    `Le document dépasse la taille maximale autorisée (${max} octets).`,
  );
}
