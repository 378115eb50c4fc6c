// Is this upload really a readable PDF? Cheap byte checks first (in the child for a file), then pdfjs in a
// child process with a time limit and a heap cap; the answer is a result with a French reason, never an
// exception.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { formatBytes } from './document-store.ts';

export type PdfCheckFailure =
  | 'EMPTY'
  | 'NOT_PDF'
  | 'TRUNCATED'
  | 'PASSWORD'
  | 'ENCRYPTED'
  | 'DAMAGED'
  | 'NO_PAGE'
  | 'TIMEOUT'
  | 'TOO_COMPLEX'
  | 'TOO_LARGE'
  | 'UNREADABLE';

export type PdfCheckResult =
  | { ok: true; pages: number }
  | { ok: false; code: PdfCheckFailure; reason: string; detail?: string };

/**
 * A path is the cheap input: the parent does not open it; the child checks its size and edges and reads
 * it, whole up to 4 MiB, otherwise only the byte ranges pdfjs asks for (a few MB for a well-formed 150 MB
 * file). Bytes are checked in the parent and copied once into the child. A stream is first written to a
 * temporary file (capped by maxBytes), then checked as a path: prefer a path when the upload is already
 * on disk.
 */
export type PdfSource =
  | { path: string }
  | { bytes: Uint8Array }
  | { stream: Readable | AsyncIterable<Uint8Array> };

export interface PdfCheckOptions {
  /** Gives up after this long (default 20 s): pdfjs rebuilds a 150 MB file with a broken xref in 2–5 s. */
  timeoutMs?: number;
  /**
   * Old-generation heap of the child (default 256 MB, enough to rebuild a broken 150 MB file). The
   * file's bytes live outside it: such a rebuild peaks near 600 MB RSS, a well-formed file near 120 MB.
   */
  maxHeapMb?: number;
  /** Refuses larger inputs before parsing (default 150 MB). */
  maxBytes?: number;
}

const DEFAULTS = { timeoutMs: 20_000, maxHeapMb: 256, maxBytes: 150 * 1024 * 1024 };

/** Acrobat accepts the header in the first 1024 bytes and %%EOF in the last 1024: so do we (and the child). */
const EDGE = 1024;

/**
 * What the child is asked: a path with the size limit, whose cheap checks (size, then EMPTY, NOT_PDF,
 * TRUNCATED) it makes itself with the bytes it reads anyway, synchronously; or bytes already checked
 * here. The parent used to open, stat and read the edges of the file first (5 fs/promises calls at
 * ~30 µs of CPU each) before the child opened and read it again, asynchronously too. Measured on the
 * bench act (a 300 KB and two 100 KB PDFs by path, one child, CPU of the whole process tree): 3.73 and
 * 3.78 → 2.55 and 2.62 ms per 3 checks; with two checks at once, 4.63 and 5.10 → 3.30 and 3.35 ms.
 */
type ChildJob = { path: string; maxBytes: number } | { bytes: Uint8Array };

/** NOT_PDF from a path comes with the file's first bytes (up to EDGE), for sniff. */
type ChildAnswer =
  | { ok: true; pages: number }
  | { ok: false; code: Exclude<PdfCheckFailure, 'NOT_PDF'>; detail?: string }
  | { ok: false; code: 'NOT_PDF'; head: Uint8Array };

export async function checkPdf(source: PdfSource, options: PdfCheckOptions = {}): Promise<PdfCheckResult> {
  const limits = { ...DEFAULTS, ...options };
  let input: Prepared;
  try {
    input = await prepare(source, limits.maxBytes);
  } catch (e) {
    // A stream that failed midway: still an answer, with the cause for the logs.
    return failure('UNREADABLE', limits, e instanceof Error ? e.message : String(e));
  }
  if ('code' in input) return failure(input.code, limits, input.code === 'NOT_PDF' ? input.kind : undefined);
  try {
    const answer = await inspectInChild(input.job, limits);
    if (answer.ok) return answer;
    return answer.code === 'NOT_PDF'
      ? failure('NOT_PDF', limits, sniff(answer.head))
      : failure(answer.code, limits, answer.detail);
  } finally {
    await input.cleanup?.();
  }
}

type Prepared =
  | {
      job: ChildJob;
      /** Removes the temporary copy of a streamed input. */
      cleanup?: () => Promise<void>;
    }
  | { code: PdfCheckFailure; kind?: string };

async function prepare(source: PdfSource, maxBytes: number): Promise<Prepared> {
  if ('path' in source) return { job: { path: source.path, maxBytes } };
  if ('stream' in source) return spool(source.stream, maxBytes);
  const bytes = source.bytes;
  if (bytes.length > maxBytes) return { code: 'TOO_LARGE' };
  if (bytes.length === 0) return { code: 'EMPTY' };
  const edge = Math.min(EDGE, bytes.length);
  const head = bytes.subarray(0, edge);
  if (!Buffer.from(head).includes('%PDF-')) return { code: 'NOT_PDF', kind: sniff(head) };
  if (!Buffer.from(bytes.subarray(bytes.length - edge)).includes('%%EOF')) return { code: 'TRUNCATED' };
  return { job: { bytes } };
}

/**
 * A stream is written to a temporary file that the child then checks as any path: memory stays at one
 * chunk whatever the size (gathering a 145 MB upload, then copying it to the child, cost ~300 MB of RSS).
 */
async function spool(stream: Readable | AsyncIterable<Uint8Array>, maxBytes: number): Promise<Prepared> {
  const dir = await mkdtemp(path.join(tmpdir(), 'relais-pdf-check-'));
  const file = path.join(dir, 'document.pdf');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const handle = await open(file, 'w', 0o600);
    let size = 0;
    try {
      for await (const chunk of stream) {
        size += chunk.length;
        if (size > maxBytes) break;
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    if (size > maxBytes) {
      await cleanup();
      return { code: 'TOO_LARGE' };
    }
    return { job: { path: file, maxBytes }, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** What a file that is not a PDF most likely is, from its first bytes: the usual mistakes get named. */
const SIGNATURES: readonly [string, string][] = [
  ['ffd8ff', 'une image JPEG'],
  ['89504e47', 'une image PNG'],
  ['47494638', 'une image GIF'],
  ['49492a00', 'une image TIFF'],
  ['4d4d002a', 'une image TIFF'],
  ['504b0304', 'un document Word, LibreOffice ou une archive ZIP'],
  ['d0cf11e0', 'un document Word ou Excel (ancien format)'],
  ['7b5c727466', 'un document RTF'],
];

function sniff(head: Uint8Array): string | undefined {
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex');
  const found = SIGNATURES.find(([magic]) => hex.startsWith(magic));
  if (found) return found[1];
  return /^\s*<(!doctype html|html)/i.test(Buffer.from(head).toString('latin1'))
    ? 'une page web (HTML)'
    : undefined;
}

/**
 * pdfjs in child processes kept between checks: starting Node and loading pdfjs costs ~0.3 s of CPU, the
 * check of an ordinary PDF a few milliseconds. At most one child per core runs (extra checks wait their
 * turn, which also bounds memory under a burst of uploads); a child serves one check at a time, is killed
 * at the time limit, and alone dies if it runs out of heap. Children are per heap cap, retired after
 * MAX_CHECKS_PER_CHILD checks (pdfjs caches) or IDLE_MS of rest, and never keep the parent alive.
 * Measured (bench data: a 300 KB and two 100 KB scanned PDFs, read whole by the child): a child's RSS
 * levels off at 124–125 MB from 3,000 checks to 7,200, and its CPU at 4.0–4.5 ms per 3 checks once warm,
 * against 5.6 ms when retired every 1,000 checks (each new child starts Node, loads pdfjs and warms its
 * JIT up again: its first 600 checks cost half as much again). 5,000 stays inside what was measured.
 */
const MAX_CHECKS_PER_CHILD = 5000;
const IDLE_MS = 30_000;
const MAX_CHILDREN = Math.max(1, availableParallelism());

interface PooledChild {
  process: ChildProcess;
  checks: number;
  stderr: string;
  idleTimer: NodeJS.Timeout | null;
  /** Set while a check runs: receives the child's answer or its end. */
  pending: ((answer: ChildAnswer) => void) | null;
}

interface Pool {
  idle: PooledChild[];
  size: number;
  waiting: (() => void)[];
}

// Process-wide on purpose: the children are a cache of this adapter (like a connection pool), shared by
// every caller of checkPdf whatever the composition.
const pools = new Map<number, Pool>();

/** Live checking children, all heap caps together (for tests and diagnostics). */
export function pdfCheckChildren(): number {
  let n = 0;
  for (const pool of pools.values()) n += pool.size;
  return n;
}

function poolFor(maxHeapMb: number): Pool {
  let pool = pools.get(maxHeapMb);
  if (!pool) {
    pool = { idle: [], size: 0, waiting: [] };
    pools.set(maxHeapMb, pool);
  }
  return pool;
}

function spawnChild(pool: Pool, maxHeapMb: number): PooledChild {
  const child = fork(fileURLToPath(new URL('./pdf-check-child.mjs', import.meta.url)), {
    // The heap cap, and the garbage collector on the child's own thread: its helper threads only compete
    // with the server for the cores (3 checks of the bench's act: 4.5 → 3.5 ms of CPU with one child,
    // 5.1-5.3 → 4.7-4.9 ms with two at once). Not the parent's own flags (a TypeScript loader, a test
    // runner's).
    execArgv: [`--max-old-space-size=${maxHeapMb}`, '--single-threaded-gc'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const pooled: PooledChild = { process: child, checks: 0, stderr: '', idleTimer: null, pending: null };
  pool.size++;
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    if (pooled.stderr.length < 4000) pooled.stderr += text;
  });
  child.on('message', (answer: ChildAnswer) => pooled.pending?.(answer));
  child.once('error', (e) => pooled.pending?.({ ok: false, code: 'UNREADABLE', detail: e.message }));
  // 'close', not 'exit': under load the exit can be seen before the answer sent just before it.
  child.once('close', (code, signal) => {
    forget(pool, pooled);
    const outOfMemory = /heap out of memory|Allocation failed/i.test(pooled.stderr);
    pooled.pending?.({
      ok: false,
      code: outOfMemory ? 'TOO_COMPLEX' : 'UNREADABLE',
      detail: `pdfjs child ended (code ${code}, signal ${signal}) ${pooled.stderr.slice(0, 300)}`.trim(),
    });
  });
  return pooled;
}

/** Removes a child from its pool (once) and lets a waiting check start one in its place. */
function forget(pool: Pool, pooled: PooledChild): void {
  if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  const i = pool.idle.indexOf(pooled);
  if (i >= 0) pool.idle.splice(i, 1);
  if ((pooled as { gone?: boolean }).gone) return;
  (pooled as { gone?: boolean }).gone = true;
  pool.size--;
  pool.waiting.shift()?.();
}

async function acquire(pool: Pool, maxHeapMb: number): Promise<PooledChild> {
  for (;;) {
    const idle = pool.idle.pop();
    if (idle) {
      if (idle.idleTimer) clearTimeout(idle.idleTimer);
      idle.idleTimer = null;
      return idle;
    }
    if (pool.size < MAX_CHILDREN) return spawnChild(pool, maxHeapMb);
    await new Promise<void>((resolve) => pool.waiting.push(resolve));
  }
}

function release(pool: Pool, pooled: PooledChild): void {
  pooled.pending = null;
  if ((pooled as { gone?: boolean }).gone) return;
  if (pooled.checks >= MAX_CHECKS_PER_CHILD) {
    pooled.process.kill('SIGKILL');
    forget(pool, pooled);
    return;
  }
  // At rest, the child, its channel and its stderr pipe do not keep the parent's event loop alive (the
  // pipe did: a stopped `relais start` waited for its idle children to retire, up to 30 s).
  pooled.process.unref();
  (pooled.process.channel as { unref?: () => void } | undefined)?.unref?.();
  (pooled.process.stderr as { unref?: () => void } | null)?.unref?.();
  pooled.idleTimer = setTimeout(() => {
    pooled.process.kill('SIGKILL');
    forget(pool, pooled);
  }, IDLE_MS);
  pooled.idleTimer.unref();
  pool.idle.push(pooled);
  pool.waiting.shift()?.();
}

async function inspectInChild(job: ChildJob, limits: typeof DEFAULTS): Promise<ChildAnswer> {
  const pool = poolFor(limits.maxHeapMb);
  const pooled = await acquire(pool, limits.maxHeapMb);
  pooled.process.ref();
  (pooled.process.channel as { ref?: () => void } | undefined)?.ref?.();
  pooled.stderr = '';
  pooled.checks++;
  const answer = await new Promise<ChildAnswer>((resolve) => {
    const discard = () => {
      pooled.process.kill('SIGKILL');
      forget(pool, pooled);
    };
    const timer = setTimeout(() => {
      discard();
      settle({ ok: false, code: 'TIMEOUT' });
    }, limits.timeoutMs);
    const settle = (a: ChildAnswer) => {
      clearTimeout(timer);
      pooled.pending = null;
      resolve(a);
    };
    pooled.pending = settle;
    pooled.process.send(job, (e) => {
      if (!e) return;
      discard();
      settle({ ok: false, code: 'UNREADABLE', detail: e.message });
    });
  });
  release(pool, pooled);
  return answer;
}

const SAVE_AS_PDF =
  'Ouvrez le document dans son logiciel d’origine et enregistrez-le au format PDF (« Enregistrer sous » ou « Exporter » → PDF).';

/** `detail` is the sniffed kind for NOT_PDF, a technical message (for the logs) otherwise. */
function failure(
  code: PdfCheckFailure,
  limits: typeof DEFAULTS,
  detail?: string,
): Extract<PdfCheckResult, { ok: false }> {
  const reasons: Record<PdfCheckFailure, string> = {
    EMPTY: 'Le fichier est vide.',
    NOT_PDF:
      detail === undefined
        ? `Le fichier n’est pas un PDF, même si son nom se termine par « .pdf ». ${SAVE_AS_PDF}`
        : `Le fichier n’est pas un PDF : c’est en réalité ${detail} dont le nom a été changé en « .pdf ». ${SAVE_AS_PDF}`,
    TRUNCATED:
      'Le fichier PDF est incomplet (sa fin manque) : il a sans doute été mal copié ou mal téléchargé. Récupérez-le ou exportez-le à nouveau.',
    PASSWORD:
      'Le PDF est protégé par un mot de passe. Enregistrez-en une copie sans mot de passe, puis déposez cette copie.',
    ENCRYPTED:
      'Le PDF est chiffré (protégé contre la modification ou la copie) : la préfecture doit pouvoir le lire et Relais le tamponner. Enregistrez-en une copie sans protection.',
    DAMAGED: `Le fichier PDF est endommagé et ne peut pas être lu. ${SAVE_AS_PDF}`,
    NO_PAGE: 'Le PDF ne contient aucune page.',
    TIMEOUT: `La lecture du PDF a pris plus de ${Math.round(limits.timeoutMs / 1000)} secondes : le fichier est sans doute endommagé. ${SAVE_AS_PDF}`,
    TOO_COMPLEX:
      'Le PDF est trop complexe pour être vérifié. Réduisez sa taille (par exemple en l’imprimant en PDF) puis déposez-le à nouveau.',
    TOO_LARGE: `Le fichier dépasse la taille maximale autorisée (${formatBytes(limits.maxBytes)}).`,
    UNREADABLE: 'Le fichier n’a pas pu être lu. Réessayez ; si le problème persiste, prévenez le syndicat.',
  };
  return detail === undefined
    ? { ok: false, code, reason: reasons[code] }
    : { ok: false, code, reason: reasons[code], detail };
}
