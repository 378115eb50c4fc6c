// CSV for French spreadsheets: UTF-8 with a BOM, `;` separator, CRLF, every cell quoted, and a leading
// = + - @ neutralised so that a spreadsheet never runs a formula planted in a name or an object.

/** The byte-order mark that makes spreadsheets read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/** One CSV cell: quoted, and a leading = + - @ (or tab, CR) neutralised. */
export function csvCell(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV line, CRLF included. */
export function csvRow(cells: readonly (string | number)[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}
