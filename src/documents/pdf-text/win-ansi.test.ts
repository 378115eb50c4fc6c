// toWinAnsi keeps French text as it is and turns everything else into something a standard font draws.
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { isWinAnsi, toWinAnsi } from './win-ansi.ts';

describe('toWinAnsi', () => {
  it('keeps French accents, ligatures, quotes, dashes, the euro sign and « guillemets »', () => {
    const french = 'Délibération n° 12 : « cœur » – l’Œuvre à 1 000 € — Noël, maïs, ÇA, ŒUF… S²LOW';
    expect(toWinAnsi(french)).toBe(french);
  });

  it('composes decomposed accents (as pasted from macOS) instead of losing them', () => {
    expect(toWinAnsi('De\u0301libe\u0301ration')).toBe('Délibération');
  });

  it('transliterates letters of other Latin alphabets and typographic signs', () => {
    expect(toWinAnsi('Dvořák, Łódź, Ștefan, ﬁnances')).toBe('Dvorák, Lódz, Stefan, finances');
    expect(toWinAnsi('x ≥ 3 − 1 ‐ N№')).toBe('x >= 3 - 1 - NN°');
  });

  it('turns line breaks, tabs and typographic spaces into plain spaces and drops invisible characters', () => {
    expect(toWinAnsi('a\nb\tc\u202fd\u2009e')).toBe('a b c d e');
    expect(toWinAnsi('mot\u200bcollé\u00adici\ufeff')).toBe('motcolléici');
  });

  it('replaces what has no close spelling by a question mark, one per character', () => {
    expect(toWinAnsi('Ville 東京 🏛 fin')).toBe('Ville ?? ? fin');
  });

  it('produces only characters that the Helvetica of pdf-lib encodes, whatever the input', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const all = `${Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i)).join('')}🏛𝔸`;
    expect(() => font.encodeText(toWinAnsi(all))).not.toThrow();
  });

  it('agrees with pdf-lib on which characters WinAnsi contains', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const ours = Array.from({ length: 0x10000 }, (_, i) => i).filter(isWinAnsi);
    expect(ours).toEqual([...font.getCharacterSet()].sort((a, b) => a - b));
  });
});
