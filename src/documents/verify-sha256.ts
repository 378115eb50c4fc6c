// Integrity on the way out: a pass-through that hashes what flows and fails at the end if the bytes are
// not the ones the document is named after (disk rot, truncation, tampering). Any store can use it.
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { AppError } from '../kernel/errors.ts';

export function verifySha256(expected: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (hash.digest('hex') === expected) return callback();
      callback(
        new AppError(
          'DOCUMENT_CORRUPTED',
          `Le document ${expected} est endommagé : son contenu ne correspond plus à son empreinte. Restaurez-le depuis une sauvegarde.`,
        ),
      );
    },
  });
}
