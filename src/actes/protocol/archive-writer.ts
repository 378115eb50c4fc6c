// Writes the flat tar.gz of an envelope, streaming each document in constant memory, deterministically
// (fixed mtime, uid/gid 0, mode 0644, the members in the order given) and within the 150 MB limit.
// One gzip member whose deflate level changes per member: XML is compressed normally, PDF/JPG/PNG
// (already compressed) are stored, which costs no deflate time — see docs/actes-codec.md for figures.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar, { type Pack } from 'tar-stream';
import { ArchiveError, MAX_ARCHIVE_BYTES, megabytes } from './archive-error.ts';
import { fileExtension } from './file-names.ts';

export type MemberCompression = 'store' | 'fast' | 'normal';

export interface ArchiveMember {
  name: string;
  /** Exact byte length of the content (tar headers carry it before the data). */
  size: number;
  content: Readable | AsyncIterable<Uint8Array> | Uint8Array;
  /** Default: by extension (compressionFor). */
  compression?: MemberCompression;
}

export interface WriteArchiveOptions {
  /** Modification time written for every member, in seconds since 1970 (default 0). */
  mtime?: number;
  /** Largest archive allowed, in bytes (default 150 MB). */
  maxBytes?: number;
}

const LEVELS: Record<MemberCompression, number> = { store: 0, fast: 1, normal: 6 };
const STORED_EXTENSIONS = new Set(['pdf', 'jpg', 'jpeg', 'png', 'gif', 'zip', 'gz', 'p7s', 'odt', 'docx']);
const END_OF_TAR = 1024;

/** Already-compressed formats are stored; text (XML…) is deflated. */
export function compressionFor(name: string): MemberCompression {
  return STORED_EXTENSIONS.has(fileExtension(name)) ? 'store' : 'normal';
}

function checkMembers(members: readonly ArchiveMember[], maxBytes: number): void {
  const seen = new Set<string>();
  let stored = 0;
  for (const m of members) {
    if (
      !m.name ||
      m.name.includes('/') ||
      m.name.includes('\\') ||
      m.name === '.' ||
      m.name === '..' ||
      Buffer.byteLength(m.name) > 255
    ) {
      throw new ArchiveError(
        'ARCHIVE_BAD_NAME',
        `Le nom de fichier « ${m.name} » ne peut pas entrer dans l'archive : il doit être non vide, sans dossier, et de 255 octets au plus.`,
      );
    }
    if (seen.has(m.name)) {
      throw new ArchiveError(
        'ARCHIVE_DUPLICATE_NAME',
        `Le fichier « ${m.name} » figure deux fois dans l'archive.`,
      );
    }
    seen.add(m.name);
    if (!Number.isSafeInteger(m.size) || m.size < 0) {
      throw new ArchiveError(
        'ARCHIVE_SIZE_MISMATCH',
        `La taille annoncée pour « ${m.name} » (${m.size}) n'est pas valide.`,
      );
    }
    if ((m.compression ?? compressionFor(m.name)) === 'store') stored += m.size;
  }
  if (stored > maxBytes) throw tooLarge(maxBytes, stored);
}

function tooLarge(maxBytes: number, atLeast: number): ArchiveError {
  return new ArchiveError(
    'ARCHIVE_TOO_LARGE',
    `L'envoi dépasse ${megabytes(maxBytes)} (au moins ${megabytes(atLeast)}), la limite de la préfecture : retirez des annexes ou envoyez-les sur papier (DocumentPapier).`,
  );
}

async function* fromContent(m: ArchiveMember): AsyncGenerator<Uint8Array> {
  if (m.content instanceof Uint8Array) yield m.content;
  else yield* m.content as AsyncIterable<Uint8Array>;
}

async function feed(entry: ReturnType<Pack['entry']>, m: ArchiveMember): Promise<void> {
  for await (const chunk of fromContent(m)) {
    if (!entry.write(chunk)) await once(entry, 'drain');
  }
  entry.end(undefined);
}

/** The tar header of every member we write: the same on every platform (mode 0644, uid/gid 0). */
export function memberHeader(name: string, size: number, mtime: Date) {
  return {
    name,
    size,
    mode: 0o644,
    uid: 0,
    gid: 0,
    uname: '',
    gname: '',
    mtime,
    type: 'file' as const,
  };
}

/** The tar bytes of one member (header, data, padding), plus the end-of-archive blocks if `isLast`. */
async function* memberTar(m: ArchiveMember, mtime: Date, isLast: boolean): AsyncGenerator<Buffer> {
  const pack = tar.pack();
  const entry = pack.entry(memberHeader(m.name, m.size, mtime));
  entry.on('error', (e: Error) => pack.destroy(e));
  const fed = feed(entry, m).catch((e: unknown) => {
    pack.destroy(e as Error);
  });
  pack.finalize();
  // tar-stream ends every pack with the two zero blocks; hold the last 1024 bytes back unless isLast.
  let held = Buffer.alloc(0);
  try {
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      if (isLast) {
        yield chunk;
        continue;
      }
      const both = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      if (both.length > END_OF_TAR) yield both.subarray(0, both.length - END_OF_TAR);
      held = Buffer.from(both.subarray(Math.max(0, both.length - END_OF_TAR)));
    }
  } catch (e) {
    const message =
      e instanceof Error && /size/i.test(e.message)
        ? `Le fichier « ${m.name} » n'a pas la taille annoncée (${m.size} octets).`
        : `Le fichier « ${m.name} » n'a pas pu être lu : ${e instanceof Error ? e.message : String(e)}`;
    throw new ArchiveError('ARCHIVE_SIZE_MISMATCH', message, { cause: e });
  } finally {
    pack.destroy();
  }
  await fed;
  if (!isLast && (held.length !== END_OF_TAR || held.some((b) => b !== 0))) {
    throw new Error('tar-stream did not end the member with the end-of-archive blocks');
  }
}

// RFC 1952 header: deflate, no flags, mtime 0, no extra flags, OS 3 (Unix) — the same on every platform.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
// A final, empty fixed-Huffman block: what zlib writes on Z_FINISH after a sync flush.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * The gzip bytes: one deflate stream made of one segment per member, each compressed at its own level
 * and ended by a sync flush (byte-aligned, not final), so that the segments join into a single valid
 * gzip member. Node's zlib params() cannot change the level mid-stream here, hence this construction.
 */
async function* gzipChunks(members: readonly ArchiveMember[], mtime: Date): AsyncGenerator<Buffer> {
  yield GZIP_HEADER;
  let crc = 0;
  let size = 0;
  const segments = members.length > 0 ? members : [undefined];
  for (const [i, m] of segments.entries()) {
    const level = m ? LEVELS[m.compression ?? compressionFor(m.name)] : 6;
    // 256 KiB output chunks: with the 16 KiB default, thread-pool round trips dominate stored data.
    const deflate = zlib.createDeflateRaw({
      level,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      chunkSize: 256 * 1024,
    });
    async function* tarBytes(): AsyncGenerator<Buffer> {
      const chunks = m ? memberTar(m, mtime, i === segments.length - 1) : [Buffer.alloc(END_OF_TAR)];
      for await (const chunk of chunks) {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    }
    const source = Readable.from(tarBytes(), { objectMode: false });
    source.on('error', (e) => deflate.destroy(e));
    source.pipe(deflate);
    try {
      yield* deflate as AsyncIterable<Buffer>;
    } finally {
      source.destroy();
      deflate.destroy();
    }
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  yield Buffer.concat([FINAL_BLOCK, trailer]);
}

async function* archiveChunks(
  members: readonly ArchiveMember[],
  options: WriteArchiveOptions,
): AsyncGenerator<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_ARCHIVE_BYTES;
  checkMembers(members, maxBytes);
  let total = 0;
  for await (const chunk of gzipChunks(members, new Date((options.mtime ?? 0) * 1000))) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes, total);
    yield chunk;
  }
}

/** The tar.gz as a readable stream; errors (ArchiveError) are emitted on it. */
export function createArchiveStream(
  members: readonly ArchiveMember[],
  options: WriteArchiveOptions = {},
): Readable {
  return Readable.from(archiveChunks(members, options), { objectMode: false });
}

/** Writes the tar.gz into `destination`; resolves with its size and SHA-256 (hex). */
export async function writeArchive(
  members: readonly ArchiveMember[],
  destination: Writable,
  options: WriteArchiveOptions = {},
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* tap(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  await pipeline(archiveChunks(members, options), tap, destination);
  return { bytes, sha256: hash.digest('hex') };
}
