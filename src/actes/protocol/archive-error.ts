// The one error type of the archive writer and reader: a stable code and a French sentence.

export type ArchiveErrorCode =
  | 'ARCHIVE_TOO_LARGE'
  | 'ARCHIVE_BAD_NAME'
  | 'ARCHIVE_DUPLICATE_NAME'
  | 'ARCHIVE_UNSAFE_ENTRY'
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  | 'ARCHIVE_SIZE_MISMATCH'
  | 'ARCHIVE_CORRUPT';

export class ArchiveError extends Error {
  readonly code: ArchiveErrorCode;

  constructor(code: ArchiveErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveError';
    this.code = code;
  }
}

export function isArchiveError(e: unknown): e is ArchiveError {
  return e instanceof ArchiveError;
}

/** 150 MB: the largest archive @CTES accepts (protocol §7); beyond, documents go on paper. */
export const MAX_ARCHIVE_BYTES = 150 * 1000 * 1000;

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}
