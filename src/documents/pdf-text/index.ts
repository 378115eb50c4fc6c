// Text for PDFs drawn with the standard fonts (stamp, slips, préfecture letters, handover reports):
// WinAnsi transliteration and line wrapping, shared so that every PDF we draw treats text the same way.
export { isWinAnsi, toWinAnsi, toWinAnsiLines } from './win-ansi.ts';
export { type MeasuringFont, wrapText } from './wrap-text.ts';
