// Realistic benchmark PDFs: pdf-lib documents whose weight is image streams of random samples, so that
// deflate cannot shrink them (as with real scanned acts), each made unique cheaply by a patched marker.
import { randomBytes } from 'node:crypto';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
} from '@cantoo/pdf-lib';

/** Written at the start of the first image's samples; variants overwrite it (same length, still valid). */
const MARKER = Buffer.from('RELAIS-BENCH-VARIANT-0000000000000000');

export interface BenchPdf {
  bytes: Buffer;
  /** Offset of the marker: `variant()` writes a counter there so that every act has its own SHA-256. */
  markerAt: number;
}

/**
 * A PDF of about `targetBytes`: one page of text per ~100 KB plus one raw RGB image per page, whose
 * samples are random (incompressible). The image is a noise picture, readable by any PDF viewer.
 */
export async function makeBenchPdf(targetBytes: number, title = 'Délibération'): Promise<BenchPdf> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // About 100 KB a page, at most 60 pages: a 140 MB act is then 60 scans of 2.3 MB.
  const pages = Math.min(60, Math.max(1, Math.round(targetBytes / (100 * 1024))));
  // Image of width 256 RGB: 768 bytes a row.
  const width = 256;
  const imageBytes = Math.max(768, Math.floor((targetBytes - 4000) / pages));
  const height = Math.max(1, Math.floor(imageBytes / (width * 3)));
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${title} — page ${i + 1} sur ${pages}`, { x: 50, y: 800, size: 14, font });
    const samples = randomBytes(width * height * 3);
    if (i === 0) MARKER.copy(samples, 0);
    const image = doc.context.register(
      doc.context.stream(samples, {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        ColorSpace: 'DeviceRGB',
        BitsPerComponent: 8,
      }),
    );
    const name = page.node.newXObject('Scan', image);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(495, 0, 0, 700, 50, 60),
      drawObject(name instanceof PDFName ? name : PDFName.of(String(name))),
      popGraphicsState(),
    );
  }
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
  const markerAt = bytes.indexOf(MARKER);
  if (markerAt < 0) throw new Error('bench PDF: marker not found');
  return { bytes, markerAt };
}

/** A copy of the PDF with its own bytes (hence its own hash), still a valid PDF. */
export function variant(pdf: BenchPdf, n: number): Buffer {
  const out = Buffer.from(pdf.bytes);
  out.write(String(n).padStart(16, '0'), pdf.markerAt + MARKER.length - 16, 'latin1');
  return out;
}
