// Small real PDFs for tests, made with pdf-lib (no fixture files needed).
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';

export async function makePdf(text = 'Délibération de test', pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${text} — page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  }
  return Buffer.from(await doc.save());
}
