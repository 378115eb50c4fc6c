// Worker thread of checkPdf: opens a PDF with pdfjs and reports its page count or why it cannot be read.
// Plain JavaScript because worker threads do not inherit the tsx loader the platform runs under; the
// types of its messages are declared in pdf-check.ts. Running here (not on the main thread) lets the
// caller stop a runaway parse with terminate() and cap its heap: pdfjs rebuilding a broken 150 MB file
// works synchronously for seconds.
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdfjs asks for ranges of this size; only the ranges it needs are read (xref, catalog, page tree). */
const CHUNK = 1 << 16;

/** pdfjs over a file handle, reading on demand: a well-formed 150 MB PDF costs a few MB of reads. */
function rangeSource(handle, size) {
  const transport = new pdfjs.PDFDataRangeTransport(size, null);
  transport.requestDataRange = (begin, end) => {
    const chunk = new Uint8Array(end - begin);
    handle.read(chunk, 0, chunk.length, begin).then(
      () => transport.onDataRange(begin, chunk),
      (e) => parentPort.postMessage({ ok: false, code: 'UNREADABLE', detail: String(e) }),
    );
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

async function run() {
  if (workerData.bytes) return inspect({ data: workerData.bytes });
  const handle = await open(workerData.path, 'r');
  try {
    const { size } = await handle.stat();
    return await inspect(rangeSource(handle, size));
  } finally {
    await handle.close();
  }
}

run().then(
  (result) => parentPort.postMessage(result),
  (e) => parentPort.postMessage({ ok: false, code: 'UNREADABLE', detail: String(e) }),
);
