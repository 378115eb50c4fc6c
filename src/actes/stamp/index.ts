// Stamped PDF and bordereau d'acquittement. The stamp is an incremental update (original bytes kept, so
// signatures survive) drawn with standard fonts, which are WinAnsi only: text goes through toWinAnsi,
// which transliterates or replaces, never throws. Choices and costs: docs/stamp.md.

export { toWinAnsi } from '../../documents/pdf-text/index.ts';
export { type ReadAllOptions, readAllBytes } from './read-all-bytes.ts';
export {
  buildReceiptSlip,
  parisDateTime,
  type ReceiptSlipDocument,
  type ReceiptSlipInput,
} from './receipt-slip.ts';
export {
  type StampedPdf,
  type StampInput,
  stampedPdfBytes,
  stampedPdfStream,
  stampPdf,
} from './stamp-pdf.ts';
export type { StampCorner } from './stamp-placement.ts';
export { type StampFacts, type StampText, stampText } from './stamp-text.ts';
