// Breaks a text into lines that fit a width in a given font: at spaces, and inside a word only when the
// word alone is wider than the line (a file name, a hash, an objet pasted without spaces).

/** What wrapping needs to know of a font: pdf-lib's PDFFont has it. */
export interface MeasuringFont {
  widthOfTextAtSize(text: string, size: number): number;
}

/** Lines of `text` no wider than `width`; explicit line breaks start a new line; never returns []. */
export function wrapText(text: string, font: MeasuringFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter((w) => w !== '')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      let rest = word;
      while (rest.length > 1 && !fits(rest)) {
        const cut = longestFittingPrefix(rest, fits);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** At least one character, so that a width narrower than any glyph still ends. */
function longestFittingPrefix(word: string, fits: (s: string) => boolean): number {
  let low = 1;
  let high = word.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(word.slice(0, mid))) low = mid;
    else high = mid - 1;
  }
  return low;
}
