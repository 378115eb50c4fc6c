// Document store on a local (or mounted) filesystem: <dir>/<first 2 hex>/<sha256>. A write goes to a
// temporary file in <dir>/.tmp (same filesystem, so the rename is atomic), is fsynced, then renamed to
// its hash; the directory is fsynced too, so a document reported stored survives a power cut.
// Each asynchronous fs call is a thread-pool round trip, ~25-30 µs of CPU on the 2-core benchmark VM against
// a few µs for the same call made synchronously: calls that wait for no device on a local filesystem are
// synchronous, those that wait for the disk (fsync, opening and reading a document) stay asynchronous. On a
// network mount the synchronous ones wait for the server, blocking the event loop meanwhile.
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fstatSync,
  fsync,
  mkdirSync,
  open,
  openSync,
  read,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  write,
  writeSync,
} from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import {
  checkSha256,
  type DocumentStore,
  documentNotFound,
  documentTooLarge,
  type PutOptions,
  type StoredDocument,
} from './document-store.ts';
import { verifySha256 } from './verify-sha256.ts';

const TMP = '.tmp';
/** Bytes gathered before each file write. */
const WRITE_BATCH = 256 * 1024;
/**
 * A document's first MiB is written synchronously, the rest through the thread pool. Measured on the 2-core
 * VM (ext4; create, write 256 + 44 KB, close, unlink; alternated 4 × 1,000 times): 371-386 µs of CPU per
 * document with writeSync against 440-537 µs with two async writes, ~30-35 µs saved per thread-pool round
 * trip, for ~50-55 µs of event loop blocked by the page-cache copy (against ~10-12 µs to queue the async
 * writes). Per put of 300 KB, interleaved: 1,282 → 1,194 and 1,430 → 1,367 µs of CPU. A large upload goes
 * on asynchronously: when the kernel throttles writers (too many dirty pages), a write waits for the disk,
 * and only an async one waits without blocking the event loop.
 */
const SYNC_WRITE_BYTES = 1024 * 1024;
/** Bytes asked for by each read of a document. */
const READ_BATCH = 256 * 1024;
const fsyncAsync = promisify(fsync);
const openAsync = promisify(open);
const writeAsync = promisify(write);
/**
 * Staging buffers kept between writes (a few, for writes running at the same time): a fresh 256 KB for
 * every put, most of them small (reply mails), would only add work for the garbage collector.
 */
const spareStaging: Buffer[] = [];
const MAX_SPARE_STAGING = 4;
/** A temporary file this old belongs to a write that crashed; nothing still writes it. */
const ABANDONED_TMP_MS = 24 * 3600 * 1000;

export function createFsDocumentStore(dir: string): DocumentStore {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, TMP);
  mkdirSync(tmpDir, { recursive: true });
  removeAbandonedTemporaryFiles(tmpDir);

  const fileOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);
  /** Shard folders known to exist: a put then renames without asking for the folder first. */
  const shards = new Set<string>();

  async function put(
    content: Readable | AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<StoredDocument> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tmp = path.join(tmpDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    // Creating, closing and renaming the file, and making a folder, are synchronous: they change directories
    // in memory and wait for no device. Measured on the VM (CPU per call, alternated): creating + closing a
    // file 18-41 µs against 50-60 µs async, renaming 18-25 µs against 32-50 µs. Creating a file can cost a
    // few hundred µs of kernel CPU there, either way, when many files of the same block group were deleted
    // in the last minutes (ext4 without a journal skips recently freed inodes one by one).
    const fd = openSync(tmp, 'wx', 0o640);
    let isWritten = false;
    try {
      // Chunks are copied into one staging buffer written when full: a file write costs a system call (and
      // past the first MiB a thread-pool round trip), and streams hand over 16-64 KB chunks. Awaiting each
      // write before pulling more input is the back-pressure: memory stays at one staging buffer plus one
      // chunk.
      const staging = spareStaging.pop() ?? Buffer.allocUnsafe(WRITE_BATCH);
      let staged = 0;
      let written = 0;
      try {
        for await (const chunk of content) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
          size += bytes.length;
          if (size > maxBytes) throw documentTooLarge(maxBytes);
          hash.update(bytes);
          let offset = 0;
          while (offset < bytes.length) {
            const n = Math.min(bytes.length - offset, WRITE_BATCH - staged);
            staging.set(bytes.subarray(offset, offset + n), staged);
            staged += n;
            offset += n;
            if (staged === WRITE_BATCH) {
              await writeAll(fd, staging, written < SYNC_WRITE_BYTES);
              written += staged;
              staged = 0;
            }
          }
        }
        if (staged > 0) await writeAll(fd, staging.subarray(0, staged), written < SYNC_WRITE_BYTES);
      } finally {
        if (spareStaging.length < MAX_SPARE_STAGING) spareStaging.push(staging);
      }
      await fsyncAsync(fd);
      isWritten = true;
    } finally {
      try {
        closeSync(fd);
      } finally {
        if (!isWritten) rmSync(tmp, { force: true });
      }
    }
    const sha256 = hash.digest('hex');
    const file = fileOf(sha256);
    const shard = path.dirname(file);
    try {
      // Same content already there: replacing it atomically is harmless, and heals a damaged copy.
      if (shards.has(shard))
        try {
          renameSync(tmp, file);
        } catch (e) {
          // The shard folder went away (removed by hand): make it again.
          if (!isNotFound(e)) throw e;
          shards.delete(shard);
        }
      if (!shards.has(shard)) {
        const createdShard = mkdirSync(shard, { recursive: true });
        if (createdShard) await fsyncDirectory(root);
        renameSync(tmp, file);
        shards.add(shard);
      }
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    await fsyncDirectory(shard);
    return { sha256, size };
  }

  async function get(sha256: string): Promise<Readable> {
    const hash = checkSha256(sha256);
    let fd: number;
    try {
      // Asynchronous: finding a document not read lately can wait for the disk.
      fd = await openAsync(fileOf(hash), 'r');
    } catch (e) {
      if (isNotFound(e)) throw documentNotFound(hash);
      throw e;
    }
    // Each read is a thread-pool round trip: 256 KiB reads take a 300 KB document in 2 of them instead of
    // 5 (64 KiB, the default), and stopping at the size fstat gives saves the one more read that would only
    // find the end of the file. Closing is synchronous (a read-only descriptor waits for no device). Round
    // trips per get of 300 KB: 3 instead of 8; CPU per get + read-all measured 812-836 → 518 µs. What the
    // verifier holds plus one chunk stays well under a MiB.
    let size: number;
    try {
      size = fstatSync(fd).size;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    const token = {};
    const file = createReadStream('', {
      fd,
      start: 0,
      end: size > 0 ? size - 1 : undefined,
      highWaterMark: READ_BATCH,
      fs: {
        read,
        close(fd: number, callback: (error: NodeJS.ErrnoException | null) => void) {
          abandonedReads.unregister(token);
          closeNow(fd, callback);
        },
      },
    });
    const verifier = verifySha256(hash);
    // pipeline destroys every stream on error or early close, so the file is always closed then. A caller
    // that drops the stream without reading it to the end or destroying it (a pipe whose destination went
    // away) leaves it to the garbage collector, as a FileHandle would be.
    abandonedReads.register(verifier, fd, token);
    pipeline(file, verifier, () => {});
    return verifier;
  }

  async function statDocument(sha256: string): Promise<StoredDocument | null> {
    const hash = checkSha256(sha256);
    try {
      const s = await stat(fileOf(hash));
      return { sha256: hash, size: s.size };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  return {
    put,
    get,
    stat: statDocument,
    has: async (sha256) => (await statDocument(sha256)) !== null,
    localPath: (sha256) => fileOf(checkSha256(sha256)),
    async delete(sha256) {
      const hash = checkSha256(sha256);
      try {
        await rm(fileOf(hash));
        return true;
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
    },
  };
}

/** Writes all of `bytes` at the file's current position, synchronously or through the thread pool. */
async function writeAll(fd: number, bytes: Uint8Array, isSync: boolean): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const length = bytes.length - offset;
    offset += isSync
      ? writeSync(fd, bytes, offset, length)
      : (await writeAsync(fd, bytes, offset, length)).bytesWritten;
  }
}

/**
 * Makes a rename or a new entry durable (POSIX); a filesystem that cannot fsync a directory is left as is.
 * Opening and closing the folder are synchronous (3.3 µs together on the VM); the fsync waits for the disk.
 * Keeping folders' descriptors open between puts was measured too: no difference in CPU per put within the
 * noise, since it would save only those 3.3 µs, and checking that a kept descriptor still names the folder
 * (one removed and made again by hand or by another process; an fsync of the old one syncs nothing useful)
 * costs a stat, 2.3 µs.
 */
async function fsyncDirectory(dir: string): Promise<void> {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    await fsyncAsync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `close` for a read stream, done synchronously. */
/** Descriptors of reads whose stream was dropped unfinished and undestroyed: closed once it is collected. */
const abandonedReads = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

function closeNow(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void {
  let error: NodeJS.ErrnoException | null = null;
  try {
    closeSync(fd);
  } catch (e) {
    error = e as NodeJS.ErrnoException;
  }
  callback(error);
}

function removeAbandonedTemporaryFiles(tmpDir: string): void {
  const limit = Date.now() - ABANDONED_TMP_MS;
  for (const name of readdirSync(tmpDir)) {
    const file = path.join(tmpDir, name);
    try {
      if (statSync(file).mtimeMs < limit) rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another process sharing the directory
    }
  }
}

function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
