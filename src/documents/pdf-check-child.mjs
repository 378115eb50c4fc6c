// Child process of checkPdf: reads PDFs, checks their size and edges, opens them with pdfjs, one at a time,
// and reports each one's page count or why it cannot be read. It stays up between checks (pdf-check.ts
// keeps a pool of them).
// A process, not a worker thread: pdfjs rebuilding a broken file holds it as one string on the heap, and
// a worker reaching its heap limit that way aborts the whole server; here only this child dies. Plain
// JavaScript, started without the tsx loader; the messages' types are declared in pdf-check.ts.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdfjs asks for ranges of this size; only the ranges it needs are read (xref, catalog, page tree). */
const CHUNK = 1 << 16;
/**
 * Up to this size a file is read whole and handed to pdfjs at once: ranges only pay off for large files
 * (for 300 KB acts, 3 checks cost 4.2 ms of CPU by ranges against 3.2 ms whole).
 */
const WHOLE_FILE_MAX = 4 * 1024 * 1024;
/** Acrobat accepts the header in the first 1024 bytes and %%EOF in the last 1024: so do we (as pdf-check.ts). */
const EDGE = 1024;
const HEADER = Buffer.from('%PDF-');
const EOF_MARK = Buffer.from('%%EOF');

/**
 * Reads are synchronous: this process serves one check at a time and has nothing else to do meanwhile,
 * and a blocking call costs ~2 µs of CPU where an fs/promises one costs ~30 µs (a round trip through
 * libuv's thread pool; reading a 300 KB file: 23 µs against 131 µs). Reads as many bytes as there are,
 * up to `into`'s length, from `position`.
 */
function readAt(fd, into, position) {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === into.length ? into : into.subarray(0, done);
}

/** pdfjs over a file descriptor, reading on demand: a well-formed 150 MB PDF costs a few MB of reads. */
function rangeSource(fd, size) {
  const transport = new pdfjs.PDFDataRangeTransport(size, null);
  // pdfjs registers its range reader before asking, so the answer may come synchronously.
  transport.requestDataRange = (begin, end) => {
    let chunk;
    try {
      chunk = readAt(fd, new Uint8Array(end - begin), begin);
    } catch (e) {
      // A failed read leaves pdfjs waiting: answer now and end this child (the pool starts another).
      process.send({ ok: false, code: 'UNREADABLE', detail: String(e) }, () => process.exit(0));
      return;
    }
    transport.onDataRange(begin, chunk);
  };
  return {
    range: transport,
    length: size,
    rangeChunkSize: CHUNK,
    disableAutoFetch: true,
    disableStream: true,
  };
}

async function inspect(source) {
  const task = pdfjs.getDocument({
    ...source,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWasm: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const { info } = await doc.getMetadata();
    if (info?.EncryptFilterName) return { ok: false, code: 'ENCRYPTED' };
    if (doc.numPages < 1) return { ok: false, code: 'NO_PAGE' };
    // Reading the first and last page dictionaries catches a page tree that only looks complete.
    await doc.getPage(1);
    if (doc.numPages > 1) await doc.getPage(doc.numPages);
    return { ok: true, pages: doc.numPages };
  } catch (e) {
    if (e?.name === 'PasswordException') return { ok: false, code: 'PASSWORD' };
    return { ok: false, code: 'DAMAGED', detail: e instanceof Error ? e.message : String(e) };
  } finally {
    await task.destroy();
  }
}

/** The cheap checks of pdf-check.ts, on the bytes read anyway: the parent no longer opens the file. */
function edgeFailure(size, head, tail) {
  if (size === 0) return { ok: false, code: 'EMPTY' };
  // The first bytes go back so that the parent can name what the file really is (sniff).
  if (!Buffer.from(head.buffer, head.byteOffset, head.length).includes(HEADER))
    return { ok: false, code: 'NOT_PDF', head: head.slice() };
  if (!Buffer.from(tail.buffer, tail.byteOffset, tail.length).includes(EOF_MARK))
    return { ok: false, code: 'TRUNCATED' };
  return null;
}

/** A `{ path, maxBytes }` job: size, edges, then pdfjs, on one open descriptor. */
async function runPath(job) {
  let fd;
  try {
    fd = openSync(job.path, 'r');
  } catch (e) {
    return { ok: false, code: 'UNREADABLE', detail: e instanceof Error ? e.message : String(e) };
  }
  try {
    let size;
    let data;
    let head;
    let tail;
    try {
      size = fstatSync(fd).size;
      if (size > job.maxBytes) return { ok: false, code: 'TOO_LARGE' };
      if (size <= WHOLE_FILE_MAX) {
        data = readAt(fd, new Uint8Array(size), 0);
        head = data.subarray(0, Math.min(EDGE, data.length));
        tail = data.subarray(data.length - Math.min(EDGE, data.length));
      } else {
        head = readAt(fd, new Uint8Array(EDGE), 0);
        tail = readAt(fd, new Uint8Array(EDGE), size - EDGE);
      }
    } catch (e) {
      return { ok: false, code: 'UNREADABLE', detail: e instanceof Error ? e.message : String(e) };
    }
    const refused = edgeFailure(data ? data.length : size, head, tail);
    if (refused) return refused;
    return await inspect(data ? { data } : rangeSource(fd, size));
  } finally {
    closeSync(fd);
  }
}

async function run(job) {
  // A Buffer crosses the IPC channel as a Buffer, which pdfjs refuses: view the same memory as Uint8Array.
  if (job.bytes)
    return inspect({ data: new Uint8Array(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length) });
  return runPath(job);
}

process.on('message', (job) => {
  run(job).then(
    (answer) => process.send(answer),
    (e) => process.send({ ok: false, code: 'UNREADABLE', detail: String(e) }),
  );
});
