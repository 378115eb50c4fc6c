// Child process of checkPdf: opens PDFs with pdfjs, one at a time, and reports each one's page count or
// why it cannot be read. It stays up between checks (pdf-check.ts keeps a pool of them).
// A process, not a worker thread: pdfjs rebuilding a broken file holds it as one string on the heap, and
// a worker reaching its heap limit that way aborts the whole server; here only this child dies. Plain
// JavaScript, started without the tsx loader; the messages' types are declared in pdf-check.ts.
import { open, readFile } from 'node:fs/promises';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** pdfjs asks for ranges of this size; only the ranges it needs are read (xref, catalog, page tree). */
const CHUNK = 1 << 16;
/**
 * Up to this size a file is read whole and handed to pdfjs at once: ranges only pay off for large files
 * (for 300 KB acts, 3 checks cost 4.2 ms of CPU by ranges against 3.2 ms whole).
 */
const WHOLE_FILE_MAX = 4 * 1024 * 1024;

/** pdfjs over a file handle, reading on demand: a well-formed 150 MB PDF costs a few MB of reads. */
function rangeSource(handle, size) {
  const transport = new pdfjs.PDFDataRangeTransport(size, null);
  transport.requestDataRange = (begin, end) => {
    const chunk = new Uint8Array(end - begin);
    handle.read(chunk, 0, chunk.length, begin).then(
      () => transport.onDataRange(begin, chunk),
      // A failed read leaves pdfjs waiting: answer now and end this child (the pool starts another).
      (e) => process.send({ ok: false, code: 'UNREADABLE', detail: String(e) }, () => process.exit(0)),
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

async function run(job) {
  // A Buffer crosses the IPC channel as a Buffer, which pdfjs refuses: view the same memory as Uint8Array.
  if (job.bytes)
    return inspect({ data: new Uint8Array(job.bytes.buffer, job.bytes.byteOffset, job.bytes.length) });
  const handle = await open(job.path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= WHOLE_FILE_MAX) return await inspect({ data: new Uint8Array(await readFile(handle)) });
    return await inspect(rangeSource(handle, size));
  } finally {
    await handle.close();
  }
}

process.on('message', (job) => {
  run(job).then(
    (answer) => process.send(answer),
    (e) => process.send({ ok: false, code: 'UNREADABLE', detail: String(e) }),
  );
});
