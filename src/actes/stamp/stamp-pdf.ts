// The stamped act: a small box of text on the first page, written as an incremental update so that the
// original bytes stay untouched in front of it and the signatures they carry remain valid.
import { Readable } from 'node:stream';
import {
  concatTransformationMatrix,
  EncryptedPDFError,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  StandardFonts,
} from '@cantoo/pdf-lib';
import { toWinAnsi } from '../../documents/pdf-text/index.ts';
import { AppError } from '../../kernel/errors.ts';
import { type Box, cornerBox, pageView, type StampCorner } from './stamp-placement.ts';
import { type StampFacts, stampText } from './stamp-text.ts';

export interface StampInput extends StampFacts {
  /** Corner of the first page as displayed (default top-right, where acts usually leave a margin). */
  corner?: StampCorner;
}

export interface StampedPdf {
  /** The input, unchanged: the stamped file starts with exactly these bytes. */
  original: Uint8Array;
  /** What the stamp appends: new objects, a cross-reference section pointing back to the original's. */
  increment: Uint8Array;
  /** Bytes of the stamped file (original + increment). */
  size: number;
}

const FONT_SIZE = 7.5;
const LEADING = 9.5;
const PADDING = 4;
/** About 5 mm: inside the margins of a letter or a deliberation, outside its text. */
const MARGIN = 14;

/**
 * Stamps the first page. pdf-lib parses from memory and copies part of the stream contents: measured
 * peaks (measure-pdf.ts) are 176 MB RSS for a 50 MB act and 280 MB for 150 MB, Node's 75 MB included,
 * in 0.3 s. The result does not repeat the original: send it with stampedPdfStream().
 */
export async function stampPdf(pdf: Uint8Array, input: StampInput): Promise<StampedPdf> {
  const text = stampText(input);
  const doc = await loadForUpdate(pdf);
  // Loading forIncrementalUpdate started change tracking on this snapshot: pass the same one back.
  const snapshot = doc.context.snapshot!;
  const page = doc.getPage(0);
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  drawStamp(page, fonts, text, input);
  // Object streams only when the original may contain them (PDF ≥ 1.5), as pdf-lib decides by default.
  const increment = await doc.saveIncremental(snapshot);
  return { original: pdf, increment, size: pdf.length + increment.length };
}

async function loadForUpdate(pdf: Uint8Array): Promise<PDFDocument> {
  try {
    // updateMetadata: false — no ModDate from the clock, no rewritten Info: the increment stays minimal.
    const doc = await PDFDocument.load(pdf, { forIncrementalUpdate: true, updateMetadata: false });
    if (doc.getPageCount() < 1) throw new Error('no page');
    return doc;
  } catch (e) {
    const reason =
      e instanceof EncryptedPDFError
        ? 'il est chiffré ou protégé par un mot de passe'
        : 'il est endommagé ou n’est pas un PDF';
    throw new AppError('VALIDATION_FAILED', `Le tampon ne peut pas être apposé sur ce document : ${reason}.`);
  }
}

type Line = { text: string; font: PDFFont; color: ReturnType<typeof rgb> };

function drawStamp(
  page: PDFPage,
  fonts: { regular: PDFFont; bold: PDFFont },
  text: ReturnType<typeof stampText>,
  input: StampInput,
): void {
  const ink = rgb(0.1, 0.1, 0.1);
  const accent = input.isSimulated ? rgb(0.75, 0.1, 0.1) : rgb(0.12, 0.23, 0.48);
  const view = pageView(normalized(page.getCropBox()), page.getRotation().angle);
  const maxTextWidth = Math.max(40, view.width - 2 * (MARGIN + PADDING));
  const lines: Line[] = [
    ...(text.title ? [{ text: text.title, font: fonts.bold, color: accent }] : []),
    ...text.lines.map((t) => ({ text: t, font: fonts.regular, color: ink })),
    ...(text.warning ? [{ text: text.warning, font: fonts.bold, color: accent }] : []),
  ].map((line) => ({ ...line, text: fitWidth(toWinAnsi(line.text), line.font, maxTextWidth) }));

  const textWidth = Math.max(...lines.map((l) => l.font.widthOfTextAtSize(l.text, FONT_SIZE)));
  const size = { width: textWidth + 2 * PADDING, height: lines.length * LEADING + 2 * PADDING - 1.5 };
  const box = cornerBox(view, size, input.corner ?? 'top-right', MARGIN);

  // Drawn in displayed coordinates; pdf-lib already wraps the original content in q/Q, so whatever
  // graphics state the act's content leaves behind does not move or scale the stamp.
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(...view.matrix));
  page.drawRectangle({ ...box, color: rgb(1, 1, 1), borderColor: accent, borderWidth: 0.8 });
  lines.forEach((line, i) => {
    const baseline = box.y + box.height - PADDING - FONT_SIZE - i * LEADING + 1;
    page.drawText(line.text, {
      x: box.x + PADDING,
      y: baseline,
      size: FONT_SIZE,
      font: line.font,
      color: line.color,
    });
  });
  page.pushOperators(popGraphicsState());
}

/** A box written with its corners in any order ([0 842 595 0] happens) as x, y, positive sizes. */
function normalized(box: Box): Box {
  return {
    x: Math.min(box.x, box.x + box.width),
    y: Math.min(box.y, box.y + box.height),
    width: Math.abs(box.width),
    height: Math.abs(box.height),
  };
}

/** `text` shortened with an ellipsis to fit `width` (a long operator name on a narrow page). */
function fitWidth(text: string, font: PDFFont, width: number): string {
  if (font.widthOfTextAtSize(text, FONT_SIZE) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, FONT_SIZE) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The stamped file as a stream, without copying the original. */
export function stampedPdfStream(stamped: StampedPdf): Readable {
  return Readable.from([stamped.original, stamped.increment], { objectMode: false });
}

/** The stamped file in one buffer (one more copy of the original). */
export function stampedPdfBytes(stamped: StampedPdf): Uint8Array {
  return Buffer.concat([stamped.original, stamped.increment], stamped.size);
}
