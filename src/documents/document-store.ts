// The document store port: content-addressed by SHA-256, streamed both ways. The filesystem fills it now,
// S3 later; both run document-store-contract.ts.
import type { Readable } from 'node:stream';
import { AppError } from '../kernel/errors.ts';

export interface StoredDocument {
  /** Lowercase hex SHA-256 of the content: the document's name in the store. */
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** Refused (DOCUMENT_TOO_LARGE) as soon as the stream goes past this many bytes; nothing is stored. */
  maxBytes?: number;
}

export interface DocumentStore {
  /**
   * Streams `content` in and returns its hash and size. The document becomes visible all at once, when
   * complete; a failed or refused write leaves nothing. Storing the same content again is harmless.
   */
  put(content: Readable | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredDocument>;
  /**
   * Streams a document out (rejects with DOCUMENT_NOT_FOUND). The hash is recomputed on the way: if the
   * stored bytes changed, the stream ends with a DOCUMENT_CORRUPTED error instead of finishing, so a
   * consumer that pipes it somewhere must treat an error as "the copy is worthless".
   */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Size of a stored document, or null when absent. */
  stat(sha256: string): Promise<StoredDocument | null>;
  /**
   * Removes a document; false when it was absent. Content is shared by every reference to the same
   * bytes: only a caller that knows no reference remains may delete it.
   */
  delete(sha256: string): Promise<boolean>;
  /**
   * Where the bytes lie on this machine, for tools that read files by ranges (the PDF check); absent or
   * null for a remote store. Reading it skips the hash check: only for documents just stored.
   */
  localPath?(sha256: string): string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/** Normalised hash, or DOCUMENT_NOT_FOUND for a string that can name no document (and no path). */
export function checkSha256(value: string): string {
  const v = value.toLowerCase();
  if (!isSha256(v))
    throw new AppError(
      'DOCUMENT_NOT_FOUND',
      `« ${value.slice(0, 80)} » n’est pas une empreinte SHA-256 de document.`,
    );
  return v;
}

export function documentNotFound(sha256: string): AppError {
  return new AppError('DOCUMENT_NOT_FOUND', `Le document ${sha256} est introuvable dans le stockage.`);
}

export function documentTooLarge(maxBytes: number): AppError {
  return new AppError(
    'DOCUMENT_TOO_LARGE',
    `Le document dépasse la taille maximale autorisée (${formatBytes(maxBytes)}). Réduisez sa taille ou découpez-le.`,
  );
}

/** Sizes as a French reader expects them: « 1,5 Mo », « 200 Ko », « 12 octets ». */
export function formatBytes(bytes: number): string {
  const n = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${n.format(bytes / 1024)} Ko`;
  if (bytes < 1024 ** 3) return `${n.format(bytes / 1024 ** 2)} Mo`;
  return `${n.format(bytes / 1024 ** 3)} Go`;
}
