// Reads a tar.gz received from a peer, streaming, and refuses what could harm: path traversal,
// folders, links and other non-regular entries, duplicate names, too many entries, and more bytes
// than allowed — compressed or decompressed, counted as they come so that a gzip bomb stops early.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import tar, { type Header } from 'tar-stream';
import { ArchiveError, MAX_ARCHIVE_BYTES, megabytes } from './archive-error.ts';

export interface ArchiveLimits {
  /** Largest tar.gz accepted, in bytes (default 150 MB). */
  maxCompressedBytes?: number;
  /** Largest decompressed tar stream (headers included), in bytes (default 400 MB). */
  maxUncompressedBytes?: number;
  /** Largest single file, in bytes (default: maxUncompressedBytes). */
  maxEntryBytes?: number;
  /** Most files accepted (default 1000). */
  maxEntries?: number;
  /**
   * Decompressed bytes per chunk (default zlib's 16 KB, right for the préfecture's small replies). A reader
   * of whole acts passes 256 KB: a 500 KB act then takes ~2 thread-pool trips instead of ~32 (2.6 → 2.0 ms
   * of CPU per act), while a 1 KB reply would allocate 256 KB for nothing.
   */
  chunkSize?: number;
}

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The file's bytes; read it before asking for the next entry (what is left is skipped). */
  stream: Readable;
}

const DEFAULTS = {
  maxCompressedBytes: MAX_ARCHIVE_BYTES,
  maxUncompressedBytes: 400_000_000,
  maxEntries: 1000,
};

/** A pass-through that fails as soon as more than `limit` bytes went through it. */
function byteLimit(limit: number, error: () => ArchiveError): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(error());
      else done(null, chunk);
    },
  });
}

/** The entry's name if it is a plain file at the root of the archive; throws otherwise. */
function safeName(header: Header): string | undefined {
  const raw = header.name;
  if (header.type === 'directory' && (raw === './' || raw === '.')) return undefined;
  if (header.type !== 'file') {
    const what =
      header.type === 'symlink' || header.type === 'link'
        ? 'un lien'
        : header.type === 'directory'
          ? 'un dossier'
          : `une entrée spéciale (${header.type})`;
    throw new ArchiveError(
      'ARCHIVE_UNSAFE_ENTRY',
      `L'archive contient ${what} (« ${raw} ») : seuls des fichiers, sans dossier, sont admis.`,
    );
  }
  const name = raw.startsWith('./') ? raw.slice(2) : raw;
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.includes('\\') ||
    /[\u0000-\u001f]/.test(name)
  ) {
    throw new ArchiveError(
      'ARCHIVE_UNSAFE_ENTRY',
      `L'archive contient un chemin refusé (« ${raw} ») : les fichiers doivent être à la racine, sans dossier ni « .. ».`,
    );
  }
  return name;
}

/**
 * Yields each file of the archive in order. Throws ArchiveError (or a zlib/tar error wrapped in one)
 * at the first problem; the streams are then destroyed.
 */
export async function* readArchive(
  source: Readable,
  limits: ArchiveLimits = {},
): AsyncGenerator<ArchiveEntry> {
  const maxCompressed = limits.maxCompressedBytes ?? DEFAULTS.maxCompressedBytes;
  const maxUncompressed = limits.maxUncompressedBytes ?? DEFAULTS.maxUncompressedBytes;
  const maxEntry = limits.maxEntryBytes ?? maxUncompressed;
  const maxEntries = limits.maxEntries ?? DEFAULTS.maxEntries;
  const inLimit = byteLimit(
    maxCompressed,
    () =>
      new ArchiveError(
        'ARCHIVE_TOO_LARGE',
        `L'archive dépasse ${megabytes(maxCompressed)} : elle est refusée.`,
      ),
  );
  // The limits below still stop a bomb within one chunk.
  const gunzip = zlib.createGunzip(limits.chunkSize ? { chunkSize: limits.chunkSize } : {});
  const outLimit = byteLimit(
    maxUncompressed,
    () =>
      new ArchiveError(
        'ARCHIVE_TOO_LARGE',
        `Le contenu décompressé de l'archive dépasse ${megabytes(maxUncompressed)} : elle est refusée.`,
      ),
  );
  const extract = tar.extract();
  const fail = (e: Error) => {
    const error =
      e instanceof ArchiveError
        ? e
        : new ArchiveError('ARCHIVE_CORRUPT', `L'archive est illisible (${e.message}).`, { cause: e });
    extract.destroy(error);
  };
  for (const s of [source, inLimit, gunzip, outLimit]) s.on('error', fail);
  source
    .pipe(inLimit)
    .pipe(gunzip)
    .pipe(outLimit)
    .pipe(extract as unknown as NodeJS.WritableStream);

  const seen = new Set<string>();
  let count = 0;
  try {
    for await (const entry of extract) {
      const name = safeName(entry.header);
      if (name === undefined) {
        entry.resume();
        continue;
      }
      count += 1;
      if (count > maxEntries) {
        throw new ArchiveError(
          'ARCHIVE_TOO_MANY_ENTRIES',
          `L'archive contient plus de ${maxEntries} fichiers : elle est refusée.`,
        );
      }
      const key = name.toLowerCase();
      if (seen.has(key)) {
        throw new ArchiveError(
          'ARCHIVE_DUPLICATE_NAME',
          `Le fichier « ${name} » figure deux fois dans l'archive (la casse n'est pas distinguée).`,
        );
      }
      seen.add(key);
      if (entry.header.size > maxEntry) {
        throw new ArchiveError(
          'ARCHIVE_TOO_LARGE',
          `Le fichier « ${name} » fait ${megabytes(entry.header.size)}, plus que les ${megabytes(maxEntry)} admis.`,
        );
      }
      yield { name, size: entry.header.size, stream: entry as unknown as Readable };
      entry.resume();
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(
      'ARCHIVE_CORRUPT',
      `L'archive est illisible (${e instanceof Error ? e.message : String(e)}).`,
      { cause: e },
    );
  } finally {
    for (const s of [source, inLimit, gunzip, outLimit]) s.destroy();
    extract.destroy();
  }
}

export interface ArchiveFile {
  name: string;
  bytes: Buffer;
}

export type ReadArchiveResult = { ok: true; files: ArchiveFile[] } | { ok: false; error: ArchiveError };

/** Reads every file into memory (for the préfecture's small reply archives); never throws. */
export async function readArchiveFiles(
  source: Readable | Uint8Array,
  limits: ArchiveLimits = {},
): Promise<ReadArchiveResult> {
  const input = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
  const files: ArchiveFile[] = [];
  try {
    for await (const entry of readArchive(input, limits)) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
      files.push({ name: entry.name, bytes: Buffer.concat(chunks) });
    }
    return { ok: true, files };
  } catch (e) {
    const error =
      e instanceof ArchiveError
        ? e
        : new ArchiveError('ARCHIVE_CORRUPT', `L'archive est illisible (${String(e)}).`, { cause: e });
    return { ok: false, error };
  }
}
