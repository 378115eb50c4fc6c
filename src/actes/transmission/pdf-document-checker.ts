// The document checker of the transmission service: a file named .pdf must be a readable PDF (checked
// by pdfjs out of process); other accepted types are checked by their extension only.

import type { DocumentStore } from '../../documents/index.ts';
import { checkPdf } from '../../documents/pdf-check.ts';
import type { DocumentChecker } from './deps.ts';

export function pdfDocumentChecker(documents: DocumentStore): DocumentChecker {
  return async ({ sha256, extension }) => {
    if (extension !== 'pdf') return null;
    // A local file is read by ranges in place; a remote document is streamed to a temporary file first.
    const file = documents.localPath?.(sha256);
    const r = await checkPdf(file ? { path: file } : { stream: await documents.get(sha256) });
    return r.ok ? null : r.reason;
  };
}
