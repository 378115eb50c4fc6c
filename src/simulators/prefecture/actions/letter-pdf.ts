// The PDF letter the simulated préfecture attaches to a 2-1, 3-1, 4-1 or 5-1: one A4 page (more if the
// text is long) in a standard font, marked as coming from a simulator. Standard PDF fonts only carry
// WinAnsi (cp1252) characters: French is fine, anything else is transliterated.
import { PDFDocument, type PDFPage, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { frenchDate } from '../../../actes/protocol/index.ts';
import { toWinAnsi, toWinAnsiLines, wrapText } from '../../../documents/pdf-text/index.ts';

export interface LetterContent {
  prefectureName: string;
  /** Mende, Florac… */
  city: string;
  /** YYYY-MM-DD */
  date: string;
  title: string;
  idActe: string;
  siren: string;
  objetActe: string;
  paragraphs: readonly string[];
  /** Instant written as the PDF's creation date (from the simulator's clock). */
  createdAt: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 64;

export async function createLetterPdf(c: LetterContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(`${c.title} — ${c.idActe}`));
  doc.setAuthor(toWinAnsi(`${c.prefectureName} (simulateur Relais)`));
  doc.setProducer('Relais — simulateur de préfecture');
  doc.setCreationDate(c.createdAt);
  doc.setModificationDate(c.createdAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const write = (text: string, font = regular, size = 11, gap = 4) => {
    for (const line of wrapText(toWinAnsiLines(text), font, size, width)) {
      if (y < MARGIN + size) {
        page = doc.addPage(A4);
        y = A4[1] - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + gap;
    }
  };
  page.drawText('SIMULATEUR — document sans valeur, ne vient pas d’une vraie préfecture', {
    x: MARGIN,
    y: 24,
    size: 8,
    font: regular,
    color: rgb(0.7, 0.1, 0.1),
  });
  write(c.prefectureName.toUpperCase(), bold, 13);
  write('Direction de la citoyenneté et de la légalité — Bureau du contrôle de légalité', regular, 9, 16);
  write(`${c.city}, le ${frenchDate(c.date)}`, regular, 11, 18);
  write(`À l’attention de la collectivité SIREN ${c.siren}`, regular, 11, 14);
  write(`Objet : ${c.title}`, bold, 12);
  write(`Acte : ${c.idActe} — ${c.objetActe}`, regular, 10, 18);
  for (const p of c.paragraphs) write(p, regular, 11, 8);
  y -= 12;
  write(`Pour le préfet et par délégation,`, regular, 11);
  write('Le chef du bureau du contrôle de légalité (simulé)', regular, 11);
  return doc.save({ useObjectStreams: false });
}
