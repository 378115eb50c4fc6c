// Document store: content-addressed (SHA-256), streamed, atomic, integrity-checked on read.
export {
  checkSha256,
  type DocumentStore,
  formatBytes,
  isSha256,
  type PutOptions,
  type StoredDocument,
} from './document-store.ts';
export { createFsDocumentStore } from './fs-document-store.ts';
export { checkPdf, type PdfCheckResult, type PdfSource } from './pdf-check.ts';
export { verifySha256 } from './verify-sha256.ts';
