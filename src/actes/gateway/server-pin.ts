// The ministry's server certificate, pinned: either the certificate itself (PEM, possibly several for a
// rotation) or SHA-256 fingerprints. A connection whose peer shows anything else is refused.
import { createHash, X509Certificate } from 'node:crypto';
import { AppError } from '../../kernel/errors.ts';

export type ServerPin = (peerDer: Buffer) => boolean;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function normaliseFingerprint(value: string): string | null {
  const hex = value
    .replace(/^sha256[:=/]?/i, '')
    .replace(/[:\s]/g, '')
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/**
 * Accepts PEM text (one or more certificates) or SHA-256 fingerprints (hex, with or without colons,
 * separated by commas or spaces). Throws CONFIG_INVALID, in French, for anything else.
 */
export function parseServerPin(value: string | readonly string[]): ServerPin {
  const items = typeof value === 'string' ? [value] : value;
  const fingerprints = new Set<string>();
  for (const item of items) {
    const blocks = item.match(PEM_BLOCK);
    if (blocks) {
      for (const block of blocks) {
        try {
          fingerprints.add(createHash('sha256').update(new X509Certificate(block).raw).digest('hex'));
        } catch {
          throw new AppError(
            'CONFIG_INVALID',
            'Le certificat du serveur du ministère à épingler est illisible : fournissez-le au format PEM.',
          );
        }
      }
      continue;
    }
    for (const part of item.split(/[,;\s]+/).filter(Boolean)) {
      const fp = normaliseFingerprint(part);
      if (!fp)
        throw new AppError(
          'CONFIG_INVALID',
          'Le certificat du serveur du ministère à épingler doit être un certificat PEM ou son empreinte SHA-256 (64 caractères hexadécimaux).',
        );
      fingerprints.add(fp);
    }
  }
  if (fingerprints.size === 0)
    throw new AppError('CONFIG_INVALID', 'Aucun certificat du serveur du ministère n’est épinglé.');
  return (peerDer) => fingerprints.has(createHash('sha256').update(peerDer).digest('hex'));
}
