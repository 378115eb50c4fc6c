// stampPdf appends the stamp to the act without touching a byte of it: the text reads in pdfjs, lands in
// the chosen corner of the page as displayed, and signatures made before it stay valid.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../kernel/errors.ts';
import { readPdfText } from './fixtures/read-pdf-text.ts';
import { samplePdf, signedPdf, unbalancedPdf, verifySignatureSpan } from './fixtures/sample-pdfs.ts';
import { type StampInput, stampedPdfBytes, stampedPdfStream, stampPdf } from './stamp-pdf.ts';

const input: StampInput = {
  sentDate: '2024-01-15',
  receiptDate: '2024-01-16',
  publicationDate: '2024-01-17',
  idActe: '034-213400000-20240115-DEL2024_017-DE',
  isSimulated: false,
  operatorName: 'Hérault Numérique',
};

async function stamped(pdf: Uint8Array, overrides: Partial<StampInput> = {}): Promise<Uint8Array> {
  return stampedPdfBytes(await stampPdf(pdf, { ...input, ...overrides }));
}

/** The stamp's strings on page 1 as pdfjs reads them. */
async function stampItems(pdf: Uint8Array) {
  const { pages } = await readPdfText(pdf);
  const page = pages[0]!;
  return { page, items: page.items.filter((i) => /préfecture|^ID :|Publi|Hérault|simul/i.test(i.str)) };
}

function hasQpdf(): boolean {
  try {
    execFileSync('qpdf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('stampPdf', () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await samplePdf({ pages: 2 });
  });

  it('keeps the original bytes verbatim as the prefix of the stamped file', async () => {
    const result = await stampPdf(pdf, input);
    const bytes = stampedPdfBytes(result);
    expect(result.original).toBe(pdf);
    expect(bytes.length).toBe(result.size);
    expect(Buffer.from(bytes.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(result.increment).toString('latin1')).toMatch(/startxref\s+\d+\s+%%EOF\s*$/);
  });

  it('streams the original then the increment, without building the whole file first', async () => {
    const result = await stampPdf(pdf, input);
    expect((await buffer(stampedPdfStream(result))).equals(Buffer.from(stampedPdfBytes(result)))).toBe(true);
  });

  it('writes the sent, received, published and ID lines on the first page only', async () => {
    const { pages } = await readPdfText(await stamped(pdf));
    expect(pages).toHaveLength(2);
    expect(pages[0]!.text).toContain('Envoyé en préfecture le 15/01/2024');
    expect(pages[0]!.text).toContain('Reçu en préfecture le 16/01/2024');
    expect(pages[0]!.text).toContain('Publié le 17/01/2024');
    expect(pages[0]!.text).toContain('ID : 034-213400000-20240115-DEL2024_017-DE');
    expect(pages[0]!.text).toContain('Hérault Numérique');
    expect(pages[0]!.text).toContain('Délibération n° 2024-017, page 1');
    expect(pages[1]!.text).not.toContain('préfecture');
  });

  it('leaves out the publication line when no publication date is given', async () => {
    const { publicationDate: _, ...unpublished } = input;
    const { pages } = await readPdfText(stampedPdfBytes(await stampPdf(pdf, unpublished)));
    expect(pages[0]!.text).not.toContain('Publié');
  });

  it('says "simulé" and "sans valeur juridique" on demo and training platforms', async () => {
    const { pages } = await readPdfText(await stamped(pdf, { isSimulated: true }));
    const text = pages[0]!.text;
    expect(text).toContain('Envoi simulé le 15/01/2024');
    expect(text).toContain('Réception simulée le 16/01/2024');
    expect(text).toContain('Publication simulée le 17/01/2024');
    expect(text).toContain('Simulation : sans valeur juridique');
    expect(text).not.toContain('Envoyé en préfecture');
  });

  it('puts the box in the top-right corner by default, within a few centimetres of the edges', async () => {
    const { page, items } = await stampItems(await stamped(pdf));
    expect(items.length).toBeGreaterThanOrEqual(5);
    for (const item of items) {
      expect(item.x).toBeGreaterThan(page.width / 2);
      expect(item.y).toBeLessThan(90);
    }
  });

  it('puts the box in the requested corner', async () => {
    const { page, items } = await stampItems(await stamped(pdf, { corner: 'bottom-left' }));
    for (const item of items) {
      expect(item.x).toBeLessThan(page.width / 2);
      expect(item.y).toBeGreaterThan(page.height - 90);
    }
  });

  it.each([90, 180, 270])(
    'stays top-right as the reader sees a page rotated by %i° and cropped',
    async (rotate) => {
      const { page, items } = await stampItems(await stamped(await samplePdf({ rotate, cropped: true })));
      expect(page.width).toBe(rotate === 180 ? 555 : 790);
      expect(items.length).toBeGreaterThanOrEqual(5);
      for (const item of items) {
        expect(item.x).toBeGreaterThan(page.width / 2);
        expect(item.x).toBeLessThan(page.width);
        expect(item.y).toBeGreaterThan(0);
        expect(item.y).toBeLessThan(90);
      }
    },
  );

  it('is not moved by content that leaves the coordinate system scaled, and keeps inherited fonts', async () => {
    const { page, items } = await stampItems(await stamped(unbalancedPdf()));
    expect(page.text).toContain('Arrete du maire');
    for (const item of items) {
      expect(item.x).toBeGreaterThan(page.width / 2);
      expect(item.x).toBeLessThan(page.width);
      expect(item.y).toBeLessThan(90);
    }
  });

  it('keeps an existing signature valid: its byte range is intact and its objects are not redefined', async () => {
    const signed = await signedPdf();
    expect(verifySignatureSpan(signed).isIntact).toBe(true);
    const result = await stampPdf(signed, input);
    expect(verifySignatureSpan(stampedPdfBytes(result)).isIntact).toBe(true);
    const sigObject = /(\d+) 0 obj\s*<<\s*\/Type \/Sig/.exec(Buffer.from(signed).toString('latin1'))![1];
    const redefined = [
      ...Buffer.from(result.increment)
        .toString('latin1')
        .matchAll(/(\d+) 0 obj/g),
    ].map((m) => m[1]);
    expect(redefined).not.toContain(sigObject);
    const { pages } = await readPdfText(stampedPdfBytes(result));
    expect(pages[0]!.text).toContain('Délibération signée électroniquement');
    expect(pages[0]!.text).toContain('Reçu en préfecture le 16/01/2024');
  });

  it('replaces what a standard font cannot draw instead of failing, and shortens an overlong operator', async () => {
    const { pages } = await readPdfText(
      await stamped(pdf, { operatorName: `Syndicat 東京 ${'très '.repeat(60)}long` }),
    );
    const title = pages[0]!.items.find((i) => i.str.startsWith('Syndicat'))!;
    expect(title.str).toMatch(/^Syndicat \?\? très .*…$/);
    expect(title.x).toBeGreaterThan(0);
  });

  it('gives the same bytes for the same act and facts', async () => {
    expect(Buffer.from(await stamped(pdf)).equals(Buffer.from(await stamped(pdf)))).toBe(true);
  });

  it('can stamp a file that already has incremental updates', async () => {
    const twice = await stamped(await stamped(pdf), { corner: 'bottom-right', isSimulated: true });
    const { pages } = await readPdfText(twice);
    expect(pages[0]!.text).toContain('Envoyé en préfecture le 15/01/2024');
    expect(pages[0]!.text).toContain('Envoi simulé le 15/01/2024');
  });

  it('refuses what is not a PDF with a French reason', async () => {
    const error = await stampPdf(Buffer.from('pas un PDF'), input).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    expect((error as Error).message).toContain('Le tampon ne peut pas être apposé');
  });
});

describe.skipIf(!hasQpdf())('stampPdf checked by qpdf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relais-stamp-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 10 }));

  async function qpdfCheck(bytes: Uint8Array): Promise<string> {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    await writeFile(file, bytes);
    return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  }

  it.each([
    ['object and xref streams', () => samplePdf()],
    ['a classic xref table', () => samplePdf({ objectStreams: false })],
    ['a rotated, cropped page', () => samplePdf({ rotate: 90, cropped: true })],
    ['an unbalanced content stream', async () => unbalancedPdf()],
    ['a signature', () => signedPdf()],
  ])('finds no error in a stamped PDF with %s', async (_, make) => {
    expect(await qpdfCheck(await stamped(await make()))).toContain('No syntax or stream encoding errors');
  });

  it('refuses an encrypted PDF with a French reason', async () => {
    const plain = path.join(dir, 'clair.pdf');
    const locked = path.join(dir, 'protege.pdf');
    await writeFile(plain, await samplePdf());
    execFileSync('qpdf', ['--encrypt', '', 'owner', '256', '--', plain, locked]);
    const error = await stampPdf(await readFile(locked), input).catch((e: unknown) => e);
    expect((error as Error).message).toContain('chiffré');
  });
});
if (!hasQpdf()) console.warn('qpdf absent: the qpdf checks of stamp-pdf.test.ts are skipped');
