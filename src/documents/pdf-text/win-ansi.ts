// Text for the PDF standard fonts, which only draw WinAnsi (Windows-1252): every other character is
// transliterated when a close spelling exists, replaced by "?" otherwise, so that drawing never throws.

/** Code points above U+00FF that Windows-1252 places in 0x80–0x9F. */
const WIN_ANSI_EXTRAS = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019,
  0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

export function isWinAnsi(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xff) ||
    WIN_ANSI_EXTRAS.has(codePoint)
  );
}

/** Close spellings for characters that word processors and other alphabets bring in. */
const SUBSTITUTES: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u02bc': '’',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2116': 'N°',
  '\u0131': 'i',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0126': 'H',
  '\u0127': 'h',
  '\u2713': 'x',
  '\u2714': 'x',
  '\u25cf': '•',
  '\u25aa': '•',
  '\u2023': '•',
  '\u2043': '-',
};

/** Invisible characters that would only print as "?": zero-width spaces and joiners, BOM, soft hyphen. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * `text` drawable with a standard font: NFC first (a decomposed "é" becomes one character), line breaks
 * and tabs as spaces, typographic spaces as plain spaces, then per character: kept, substituted,
 * stripped of its accents (ř → r, ș → s, ﬁ → fi), or replaced by "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(INVISIBLE, '')) {
    out += winAnsiChar(char);
  }
  return out;
}

function winAnsiChar(char: string): string {
  const code = char.codePointAt(0)!;
  if (isWinAnsi(code)) return char;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return ' ';
  if (/\p{Zs}/u.test(char)) return ' ';
  if (/\p{M}/u.test(char)) return '';
  const substitute = SUBSTITUTES[char];
  if (substitute !== undefined) return substitute;
  const decomposed = char.normalize('NFKD').replace(/\p{M}/gu, '');
  if (decomposed.length > 0 && [...decomposed].every((c) => isWinAnsi(c.codePointAt(0)!))) return decomposed;
  return '?';
}

/** toWinAnsi line by line, keeping the line breaks (toWinAnsi turns them into spaces): for wrapText. */
export function toWinAnsiLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(toWinAnsi)
    .join('\n');
}
