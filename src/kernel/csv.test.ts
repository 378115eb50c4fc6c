import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.ts';

describe('csv', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('Le "grand" pré')).toBe('"Le ""grand"" pré"');
    expect(csvCell(149)).toBe('"149"');
  });

  it('neutralises what a spreadsheet would run', () => {
    for (const evil of ['=HYPERLINK("x")', '+1', '-1+2', '@SUM(A1)', '\t=1'])
      expect(csvCell(evil).startsWith(`"'`)).toBe(true);
  });

  it('joins a row with ; and ends it with CRLF', () => {
    expect(csvRow(['a', 1])).toBe('"a";"1"\r\n');
  });
});
