// Writes the flat tar.gz of an envelope, streaming each document in constant memory, deterministically
// (fixed mtime, uid/gid 0, mode 0644, the members in the order given) and within the 150 MB limit.
// One gzip member whose deflate level changes per member: XML is compressed normally, PDF/JPG/PNG
// (already compressed) are stored, written as deflate stored blocks without zlib, and the tar headers
// are our own (tar-header.ts): no pack or zlib stream per member — see docs/actes-codec.md for figures.
import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ArchiveError, MAX_ARCHIVE_BYTES, megabytes } from './archive-error.ts';
import { fileExtension } from './file-names.ts';
import { END_OF_TAR_BYTES, tarHeader, tarPadding } from './tar-header.ts';

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

function sizeMismatch(m: ArchiveMember): ArchiveError {
  return new ArchiveError(
    'ARCHIVE_SIZE_MISMATCH',
    `Le fichier « ${m.name} » n'a pas la taille annoncée (${m.size} octets).`,
  );
}

/** Zero padding of the member's data, plus the end-of-archive blocks if `isLast`. */
function tail(m: ArchiveMember, isLast: boolean): Buffer {
  // Fresh zeros rather than views of one shared buffer: a consumer may reuse the chunks it is given.
  return Buffer.alloc(tarPadding(m.size) + (isLast ? END_OF_TAR_BYTES : 0));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The tar bytes of one member (header, data, padding, plus the end-of-archive blocks if `isLast`),
 * the data passed on as received. Fails before passing on a byte beyond the announced size.
 */
async function* memberTar(m: ArchiveMember, mtime: Date, isLast: boolean): AsyncGenerator<Buffer> {
  yield tarHeader(m.name, m.size, mtime);
  let received = 0;
  if (m.content instanceof Uint8Array) {
    received = m.content.length;
    if (received === m.size && received > 0) yield asBuffer(m.content);
  } else {
    try {
      for await (const chunk of m.content as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        if (received > m.size) break;
        if (chunk.length > 0) yield asBuffer(chunk);
      }
    } catch (e) {
      throw new ArchiveError(
        'ARCHIVE_SIZE_MISMATCH',
        `Le fichier « ${m.name} » n'a pas pu être lu : ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  }
  if (received !== m.size) throw sizeMismatch(m);
  const zeros = tail(m, isLast);
  if (zeros.length > 0) yield zeros;
}

// RFC 1952 header: deflate, no flags, mtime 0, no extra flags, OS 3 (Unix) — the same on every platform.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
// A final, empty fixed-Huffman block: what zlib writes on Z_FINISH after a sync flush.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
// The largest stored block deflate allows (RFC 1951 §3.2.4: LEN is 16 bits).
const MAX_STORED_BLOCK = 65535;
// In-memory members up to this size are deflated in one synchronous call (level 6 deflated 1.6 MB of
// XML in 3 ms, so ~10-20 ms on the event loop at worst); larger or streamed ones go through a stream.
const MAX_SYNC_DEFLATE = 4 * 1024 * 1024;

/**
 * Raw deflate stored blocks (BFINAL=0, BTYPE=00) carrying `bytes` as they are: a 5-byte header
 * (LEN, NLEN) before each slice of at most 65535 bytes, the slices being views, not copies. Valid
 * only at a byte boundary, which every member starts on (deflated segments end with a sync flush).
 */
function* storedBlocks(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += MAX_STORED_BLOCK) {
    const len = Math.min(MAX_STORED_BLOCK, bytes.length - at);
    yield Buffer.from([0x00, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff]);
    yield bytes.subarray(at, at + len);
  }
}

/** Chunks at least this large go out as views; smaller ones are gathered first (one header each block). */
const GATHER_BELOW = 16 * 1024;

/**
 * A stored member's tar bytes as stored blocks. Small chunks (a tar header, a source that reads in small
 * pieces) are copied together into blocks of up to 65535 bytes, so that the 5-byte headers stay a
 * negligible share whatever the source's chunk size; large ones are sent as views, as they come.
 */
async function* storedSegment(
  tar: AsyncIterable<Buffer>,
  count: (b: Buffer) => Buffer,
): AsyncGenerator<Buffer> {
  let gathered: Buffer | null = null;
  let used = 0;
  function* flush(): Generator<Buffer> {
    if (gathered && used > 0) yield* storedBlocks(gathered.subarray(0, used));
    gathered = null;
    used = 0;
  }
  for await (const chunk of tar) {
    count(chunk);
    if (chunk.length >= GATHER_BELOW) {
      yield* flush();
      yield* storedBlocks(chunk);
      continue;
    }
    for (let at = 0; at < chunk.length; ) {
      gathered ??= Buffer.allocUnsafe(MAX_STORED_BLOCK);
      const n = Math.min(chunk.length - at, MAX_STORED_BLOCK - used);
      chunk.copy(gathered, used, at, at + n);
      used += n;
      at += n;
      if (used === MAX_STORED_BLOCK) yield* flush();
    }
  }
  yield* flush();
}

/** One deflate segment ended by a sync flush: byte-aligned, not final, so that the next one can follow. */
function deflateSync(bytes: Buffer, level: number): Buffer {
  return zlib.deflateRawSync(bytes, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

/**
 * The gzip bytes: one deflate stream made of one segment per member, each ending byte-aligned and not
 * final, so that the segments join into a single valid gzip member. Stored members are written as
 * stored blocks directly (zlib would only copy them, at the cost of a native stream per member);
 * deflated ones go through zlib at their level, the small in-memory ones in one synchronous call.
 * Node's zlib params() cannot change the level mid-stream here, hence this construction.
 */
async function* gzipChunks(members: readonly ArchiveMember[], mtime: Date): AsyncGenerator<Buffer> {
  yield GZIP_HEADER;
  let crc = 0;
  let size = 0;
  const count = (tar: Buffer): Buffer => {
    crc = zlib.crc32(tar, crc);
    size += tar.length;
    return tar;
  };
  if (members.length === 0) yield deflateSync(count(Buffer.alloc(END_OF_TAR_BYTES)), LEVELS.normal);
  for (const [i, m] of members.entries()) {
    const isLast = i === members.length - 1;
    const level = LEVELS[m.compression ?? compressionFor(m.name)];
    if (level === 0) {
      yield* storedSegment(memberTar(m, mtime, isLast), count);
    } else if (m.content instanceof Uint8Array && m.size <= MAX_SYNC_DEFLATE) {
      if (m.content.length !== m.size) throw sizeMismatch(m);
      const tar = Buffer.concat([tarHeader(m.name, m.size, mtime), m.content, tail(m, isLast)]);
      yield deflateSync(count(tar), level);
    } else {
      yield* deflateStream(memberTar(m, mtime, isLast), level, count);
    }
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  yield Buffer.concat([FINAL_BLOCK, trailer]);
}

/** A streamed (or large) member through a zlib stream, in constant memory. */
async function* deflateStream(
  tar: AsyncIterable<Buffer>,
  level: number,
  count: (tar: Buffer) => Buffer,
): AsyncGenerator<Buffer> {
  // 64 KiB output chunks: on 40 MB of PDF forced to level 1, 16 KiB (the default) cost ~15 % more CPU
  // in thread-pool round trips (40-46 against 47-55 MB/s); 256 KiB did no better than 64 KiB.
  const deflate = zlib.createDeflateRaw({
    level,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
    chunkSize: 64 * 1024,
  });
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of tar) yield count(chunk);
  }
  const source = Readable.from(counted(), { objectMode: false });
  source.on('error', (e) => deflate.destroy(e));
  source.pipe(deflate);
  try {
    yield* deflate as AsyncIterable<Buffer>;
  } finally {
    source.destroy();
    deflate.destroy();
  }
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
