// wrapText fills lines up to the width, breaks at spaces, and cuts only words too long for a line.
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { type MeasuringFont, wrapText } from './wrap-text.ts';

/** Every character is 1 unit wide at size 1: widths are lengths. */
const mono: MeasuringFont = { widthOfTextAtSize: (text, size) => [...text].length * size };

describe('wrapText', () => {
  it('keeps a short text on one line', () => {
    expect(wrapText('Vente du lot 12', mono, 1, 40)).toEqual(['Vente du lot 12']);
  });

  it('breaks at spaces, filling each line as much as it can', () => {
    expect(wrapText('aaa bbb ccc ddd', mono, 1, 7)).toEqual(['aaa bbb', 'ccc ddd']);
  });

  it('cuts a word wider than a line, and only that word', () => {
    expect(wrapText('sha 0123456789abcdef fin', mono, 1, 6)).toEqual([
      'sha',
      '012345',
      '6789ab',
      'cdef',
      'fin',
    ]);
  });

  it('starts a new line at each explicit line break and keeps empty paragraphs', () => {
    expect(wrapText('un\n\ndeux', mono, 1, 20)).toEqual(['un', '', 'deux']);
  });

  it('returns one empty line for an empty text and still ends when no character fits', () => {
    expect(wrapText('', mono, 1, 10)).toEqual(['']);
    expect(wrapText('abc', mono, 1, 0)).toEqual(['a', 'b', 'c']);
  });

  it('never exceeds the width with a real font, on a 500-character objet with accents', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const objet = 'Délibération approuvant la convention de mutualisation des services « numérique » '
      .repeat(7)
      .slice(0, 500);
    const lines = wrapText(objet, font, 9, 300);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 9)).toBeLessThanOrEqual(300);
    expect(lines.join(' ')).toBe(objet.trim().replace(/ +/g, ' '));
  });
});
