// checkPdf accepts real PDFs with their page count and refuses, with a French reason, what is not one.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdf, pdfCheckChildren } from './pdf-check.ts';

/** A real PDF of `pages` pages, with some French text on each. */
async function samplePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    doc.addPage([595, 842]).drawText(`Délibération n° 2024-01, page ${i}`, { x: 50, y: 700, size: 14, font });
  }
  return doc.save({ addDefaultPage: false });
}

/**
 * A PDF with a wrong startxref and `megabytes` of image data: pdfjs must index every object by scanning
 * the whole file, holding it as one string on its heap.
 */
function brokenXrefPdf(megabytes: number): Buffer {
  const image = randomBytes(megabytes * 1024 * 1024);
  return Buffer.concat([
    Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
        '2 0 obj << /Type /Pages /Count 1 /Kids [3 0 R] >> endobj\n' +
        '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n' +
        `4 0 obj << /Length ${image.length} >> stream\n`,
    ),
    image,
    Buffer.from('\nendstream endobj\ntrailer << /Size 5 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n'),
  ]);
}

/** The smallest JFIF header: what a photo renamed to .pdf starts with. */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('checkPdf', () => {
  let dir: string;
  let pdf: Uint8Array;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relais-pdf-check-'));
    pdf = await samplePdf(3);
  });
  afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 10 }));

  async function file(name: string, bytes: Uint8Array): Promise<string> {
    const p = path.join(dir, name);
    await writeFile(p, bytes);
    return p;
  }

  it('accepts a real PDF given by path and counts its pages', async () => {
    expect(await checkPdf({ path: await file('acte.pdf', pdf) })).toEqual({ ok: true, pages: 3 });
  });

  it('accepts a PDF over 4 MiB given by path (the child reads such files by ranges)', async () => {
    const doc = await PDFDocument.load(await samplePdf(2), { updateMetadata: false });
    // 5 MiB of incompressible samples in a stream the file carries (as a scan would).
    doc.context.register(doc.context.stream(randomBytes(5 * 1024 * 1024)));
    const big = await doc.save({ useObjectStreams: false });
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(await checkPdf({ path: await file('gros.pdf', big) })).toEqual({ ok: true, pages: 2 });
  });

  it('lets the process exit once its checks are done (idle children, their channel and pipes are unref’d)', async () => {
    const pdf = path.join(dir, 'exit.pdf');
    await writeFile(pdf, await samplePdf(1));
    const script = path.join(dir, 'exit.mts');
    await writeFile(
      script,
      `import { checkPdf } from ${JSON.stringify(path.join(import.meta.dirname, 'pdf-check.ts'))};\n` +
        'const r = await checkPdf({ path: process.argv[2] });\nconsole.log(r.ok);\n',
    );
    const started = Date.now();
    // Without the unref, the idle child's stderr pipe kept it running until the child retired (30 s).
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, pdf], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(out.trim()).toBe('true');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('accepts the same PDF given as bytes or as a stream', async () => {
    expect(await checkPdf({ bytes: pdf })).toEqual({ ok: true, pages: 3 });
    const chunks = [pdf.subarray(0, 100), pdf.subarray(100)];
    expect(await checkPdf({ stream: Readable.from(chunks) })).toEqual({ ok: true, pages: 3 });
  });

  it('answers, rather than throws, when the file is missing or the stream fails', async () => {
    expect(await checkPdf({ path: path.join(dir, 'absent.pdf') })).toMatchObject({
      ok: false,
      code: 'UNREADABLE',
      detail: expect.stringContaining('ENOENT'),
    });
    const failing = new Readable({
      read() {
        this.destroy(new Error('connexion interrompue'));
      },
    });
    expect(await checkPdf({ stream: failing })).toMatchObject({
      code: 'UNREADABLE',
      detail: 'connexion interrompue',
    });
  });

  it('refuses an empty file', async () => {
    expect(await checkPdf({ bytes: new Uint8Array() })).toMatchObject({ ok: false, code: 'EMPTY' });
    expect(await checkPdf({ path: await file('vide.pdf', new Uint8Array()) })).toMatchObject({
      ok: false,
      code: 'EMPTY',
    });
  });

  it('refuses a JPEG renamed to .pdf and says it is an image, given by path, as bytes or as a stream', async () => {
    // By path, the child finds the header missing and sends the first bytes back for the parent to name.
    for (const source of [
      { path: await file('photo.pdf', JPEG) },
      { bytes: JPEG },
      { stream: Readable.from([JPEG]) },
    ]) {
      const result = await checkPdf(source);
      expect(result).toMatchObject({ ok: false, code: 'NOT_PDF', detail: 'une image JPEG' });
      expect(!result.ok && result.reason).toContain('c’est en réalité une image JPEG');
    }
  });

  it('refuses garbage that is not a PDF', async () => {
    const result = await checkPdf({ bytes: Buffer.from('ceci n’est pas un PDF\n'.repeat(50)) });
    expect(result).toMatchObject({ ok: false, code: 'NOT_PDF' });
    expect(!result.ok && result.reason).toMatch(/n’est pas un PDF/);
  });

  it('refuses a truncated PDF before parsing it', async () => {
    const result = await checkPdf({ path: await file('coupe.pdf', pdf.subarray(0, pdf.length - 40)) });
    expect(result).toMatchObject({ ok: false, code: 'TRUNCATED' });
    expect(!result.ok && result.reason).toContain('incomplet');
  });

  it('refuses a file with a PDF header and an end marker but nothing readable between', async () => {
    const bytes = Buffer.from(`%PDF-1.7\n${'n’importe quoi '.repeat(200)}\n%%EOF\n`);
    expect(await checkPdf({ bytes })).toMatchObject({ ok: false, code: 'DAMAGED' });
  });

  it('refuses a PDF without any page', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const empty = await doc.save({ addDefaultPage: false });
    expect(await checkPdf({ bytes: empty })).toMatchObject({ ok: false, code: 'NO_PAGE' });
  });

  it('refuses an input larger than the limit without parsing it', async () => {
    const result = await checkPdf({ bytes: pdf }, { maxBytes: 100 });
    expect(result).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(!result.ok && result.reason).toContain('100 octets');
    expect(await checkPdf({ stream: Readable.from([pdf]) }, { maxBytes: 100 })).toMatchObject({
      code: 'TOO_LARGE',
    });
  });

  it('refuses a file larger than the limit by its size alone, before looking at its bytes', async () => {
    // A broken 20 MB file takes pdfjs ~0.5 s to rebuild, garbage would be NOT_PDF: the size is decided first.
    const big = await file('trop-gros.pdf', brokenXrefPdf(20));
    const garbage = await file('trop-gros-pas-pdf.pdf', Buffer.alloc(4096, 'x'));
    for (const p of [big, garbage]) {
      const result = await checkPdf({ path: p }, { maxBytes: 1000, timeoutMs: 100 });
      expect(result).toMatchObject({ ok: false, code: 'TOO_LARGE' });
      expect(!result.ok && result.reason).toContain('1000 octets');
    }
  });

  it('gives up with a clear reason when reading takes longer than allowed', async () => {
    // A warm child checks a small PDF in about a millisecond: a broken 20 MB file takes ~0.5 s to rebuild.
    const slow = await file('lent.pdf', brokenXrefPdf(20));
    const result = await checkPdf({ path: slow }, { timeoutMs: 100 });
    expect(result).toMatchObject({ ok: false, code: 'TIMEOUT' });
    expect(!result.ok && result.reason).toContain('secondes');
  });

  it('rebuilds a PDF whose cross-reference table is broken, as readers do', async () => {
    expect(await checkPdf({ path: await file('xref-casse.pdf', brokenXrefPdf(20)) })).toEqual({
      ok: true,
      pages: 1,
    });
  });

  it('refuses as too complex a PDF that exhausts the heap allowed, and only the child process dies', async () => {
    const result = await checkPdf(
      { path: await file('xref-casse-2.pdf', brokenXrefPdf(20)) },
      { maxHeapMb: 32 },
    );
    expect(result).toMatchObject({ ok: false, code: 'TOO_COMPLEX' });
    expect(!result.ok && result.reason).toContain('trop complexe');
    expect(await checkPdf({ bytes: pdf })).toEqual({ ok: true, pages: 3 });
  });

  it('checks a stream through a temporary copy on disk, removed afterwards', async () => {
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('relais-pdf-check-')).length;
    expect(await checkPdf({ stream: Readable.from([pdf.subarray(0, 100), pdf.subarray(100)]) })).toEqual({
      ok: true,
      pages: 3,
    });
    expect(await checkPdf({ stream: Readable.from([JPEG]) })).toMatchObject({ code: 'NOT_PDF' });
    const after = (await readdir(tmpdir())).filter((n) => n.startsWith('relais-pdf-check-')).length;
    expect(after).toBe(before);
  });

  it('answers a burst of checks each with its own result, with at most one child per core', async () => {
    const one = await samplePdf(1);
    const inputs = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? { bytes: one, pages: 1 }
        : i % 3 === 1
          ? { bytes: pdf, pages: 3 }
          : { bytes: JPEG, pages: 0 },
    );
    let most = 0;
    const results = await Promise.all(
      inputs.map(async (x) => {
        const r = await checkPdf({ bytes: x.bytes });
        most = Math.max(most, pdfCheckChildren());
        return r;
      }),
    );
    expect(results).toMatchObject(
      inputs.map((x) => (x.pages ? { ok: true, pages: x.pages } : { code: 'NOT_PDF' })),
    );
    expect(most).toBeLessThanOrEqual(availableParallelism());
  });

  it('replaces a child killed at the time limit: the next check is answered', async () => {
    const slow = await file('lent-2.pdf', brokenXrefPdf(20));
    expect(await checkPdf({ path: slow }, { timeoutMs: 100 })).toMatchObject({ code: 'TIMEOUT' });
    expect(await checkPdf({ bytes: pdf })).toEqual({ ok: true, pages: 3 });
  });

  describe.skipIf(!hasQpdf())('encrypted PDFs (made with qpdf)', () => {
    it('refuses a PDF that needs a password to open', async () => {
      const plain = await file('clair.pdf', pdf);
      const locked = path.join(dir, 'mot-de-passe.pdf');
      execFileSync('qpdf', ['--encrypt', 'secret', 'owner', '256', '--', plain, locked]);
      const result = await checkPdf({ path: locked });
      expect(result).toMatchObject({ ok: false, code: 'PASSWORD' });
      expect(!result.ok && result.reason).toContain('mot de passe');
    });

    it('refuses a PDF that opens without a password but is encrypted against changes', async () => {
      const plain = await file('clair2.pdf', pdf);
      const locked = path.join(dir, 'protege.pdf');
      execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--modify=none', '--', plain, locked]);
      const result = await checkPdf({ path: locked });
      expect(result).toMatchObject({ ok: false, code: 'ENCRYPTED' });
      expect(!result.ok && result.reason).toContain('chiffré');
    });
  });
  if (!hasQpdf()) console.warn('qpdf absent: the encrypted-PDF cases of pdf-check.test.ts are skipped');
});
