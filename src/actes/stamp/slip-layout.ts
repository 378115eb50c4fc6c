// A small top-to-bottom writer for A4 documents with standard fonts: headings, label/value rows that wrap,
// framed notices, new pages when the current one is full, and "page n / N" footers once all are known.
import { type PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { toWinAnsi, toWinAnsiLines, wrapText } from '../../documents/pdf-text/index.ts';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const FOOTER = 28;
const LABEL_WIDTH = 150;
export const INK = rgb(0.1, 0.1, 0.1);
export const GREY = rgb(0.4, 0.4, 0.4);
export const RED = rgb(0.75, 0.1, 0.1);

type Color = ReturnType<typeof rgb>;

export interface TextStyle {
  font?: 'regular' | 'bold' | 'mono';
  size?: number;
  color?: Color;
}

export interface SlipLayout {
  title(text: string, size?: number): void;
  heading(text: string): void;
  paragraph(text: string, style?: TextStyle): void;
  /** A label in the left column and a value wrapped in the right one. */
  row(label: string, value: string, style?: TextStyle): void;
  /** A framed block of lines that is never split across pages. */
  notice(lines: string[], color: Color): void;
  gap(points: number): void;
  /** Writes `footer(n, total)` at the bottom of every page. */
  finish(footer: (page: number, pages: number) => string): void;
}

export async function createSlipLayout(doc: PDFDocument): Promise<SlipLayout> {
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;

  const fontOf = (style: TextStyle): PDFFont => fonts[style.font ?? 'regular'];
  const newPage = () => {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  /** Moves down by `height`, first to a new page if it would cross the bottom margin. */
  const reserve = (height: number) => {
    if (y - height < MARGIN + FOOTER) newPage();
    y -= height;
  };
  const draw = (text: string, x: number, style: TextStyle) =>
    page.drawText(text, { x, y, size: style.size ?? 9.5, font: fontOf(style), color: style.color ?? INK });
  const lines = (text: string, style: TextStyle, maxWidth: number) =>
    wrapText(toWinAnsiLines(text), fontOf(style), style.size ?? 9.5, maxWidth);

  return {
    title(text, size = 16) {
      for (const line of lines(text, { font: 'bold', size }, width)) {
        reserve(size * 1.3);
        draw(line, MARGIN, { font: 'bold', size });
      }
    },
    heading(text) {
      if (y - 60 < MARGIN + FOOTER) newPage(); // keeps a heading with the first lines under it
      reserve(20);
      draw(text, MARGIN, { font: 'bold', size: 11.5, color: rgb(0.12, 0.23, 0.48) });
      page.drawLine({
        start: { x: MARGIN, y: y - 3 },
        end: { x: MARGIN + width, y: y - 3 },
        thickness: 0.5,
        color: GREY,
      });
      y -= 6;
    },
    paragraph(text, style = {}) {
      const size = style.size ?? 9.5;
      for (const line of lines(text, style, width)) {
        reserve(size * 1.35);
        draw(line, MARGIN, style);
      }
    },
    row(label, value, style = {}) {
      const size = style.size ?? 9.5;
      const valueLines = lines(value, style, width - LABEL_WIDTH);
      valueLines.forEach((line, i) => {
        reserve(size * 1.35);
        if (i === 0) draw(toWinAnsi(label), MARGIN, { color: GREY, size: 9.5 });
        draw(line, MARGIN + LABEL_WIDTH, style);
      });
      y -= 2.5;
    },
    notice(noticeLines, color) {
      const size = 9.5;
      const wrapped = noticeLines.flatMap((text, i) => {
        const style: TextStyle = { font: i === 0 ? 'bold' : 'regular', size, color };
        return lines(text, style, width - 16).map((line) => ({ line, style }));
      });
      const height = wrapped.length * size * 1.35 + 12;
      if (y - height < MARGIN + FOOTER) newPage();
      page.drawRectangle({ x: MARGIN, y: y - height, width, height, borderColor: color, borderWidth: 1.2 });
      y -= 6;
      for (const { line, style } of wrapped) {
        y -= size * 1.35;
        draw(line, MARGIN + 8, style);
      }
      y -= 6 + 8;
    },
    gap(points) {
      y -= points;
    },
    finish(footer) {
      const pages = doc.getPages();
      pages.forEach((p, i) => {
        p.drawText(toWinAnsi(footer(i + 1, pages.length)), {
          x: MARGIN,
          y: MARGIN - 10,
          size: 7.5,
          font: fonts.regular,
          color: GREY,
        });
      });
    },
  };
}
