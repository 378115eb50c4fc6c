// Streams uploaded documents into the content-addressed store and checks each one (type, size,
// readable PDF). Returns the stored descriptions and every problem found.
import type { Readable } from 'node:stream';
import { type FieldProblem, isAppError } from '../../kernel/errors.ts';
import { validateTypologyCode } from '../protocol/index.ts';
import type { ActDocument } from './act.ts';
import type { TransmissionDeps } from './deps.ts';

export interface UploadedDocument {
  typology: string;
  originalName: string;
  /** The bytes, or a reference to bytes the caller already put in the document store. */
  content: Readable | AsyncIterable<Uint8Array> | { stored: { sha256: string; size: number } };
}

export const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

function label(position: number): string {
  return position === 1 ? 'L’acte principal' : `L’annexe ${position - 1}`;
}

export async function storeDocuments(
  deps: Pick<TransmissionDeps, 'documents' | 'settings' | 'checkDocument'>,
  uploads: Iterable<UploadedDocument> | AsyncIterable<UploadedDocument>,
): Promise<{ documents: ActDocument[]; problems: FieldProblem[] }> {
  const documents: ActDocument[] = [];
  const problems: FieldProblem[] = [];
  let total = 0;
  let position = 0;
  // One at a time, in order: a multipart upload yields each file only after the previous one was read.
  for await (const u of uploads) {
    position++;
    const field = position === 1 ? 'mainDocument' : `annexes[${position - 2}]`;
    const typology = validateTypologyCode(u.typology ?? '', `${field}.typologie`);
    if (!typology.ok) problems.push(...typology.problems);
    const extension = extensionOf(u.originalName);
    const mediaType = MEDIA_TYPES[extension];
    if (!mediaType) {
      problems.push({
        field,
        message: `${label(position)} « ${u.originalName} » n’est pas d’un type accepté : envoyez un PDF (ou XML, JPG, PNG pour une annexe).`,
      });
      if ('resume' in u.content) (u.content as Readable).resume();
      continue;
    }
    try {
      const stored =
        'stored' in u.content
          ? u.content.stored
          : await deps.documents.put(u.content, { maxBytes: deps.settings.maxArchiveBytes });
      total += stored.size;
      const reason = await deps.checkDocument({
        sha256: stored.sha256,
        extension,
        originalName: u.originalName,
      });
      if (reason)
        problems.push({
          field,
          message: `${label(position)} « ${u.originalName} » : ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
        });
      if (stored.size === 0)
        problems.push({ field, message: `${label(position)} « ${u.originalName} » est vide.` });
      documents.push({
        position,
        typology: typology.ok ? typology.value : u.typology,
        originalName: u.originalName,
        extension: extension === 'jpeg' ? 'jpg' : extension,
        mediaType,
        sha256: stored.sha256,
        size: stored.size,
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      problems.push({ field, message: `${label(position)} « ${u.originalName} » : ${e.message}` });
    }
  }
  if (total > deps.settings.maxArchiveBytes)
    problems.push({
      field: 'documents',
      message: `Les documents pèsent ensemble ${(total / 1e6).toFixed(1)} Mo, au-delà des ${(deps.settings.maxArchiveBytes / 1e6).toFixed(0)} Mo qu’accepte la préfecture : envoyez les plus lourds sur papier (« documents papier »).`,
    });
  return { documents, problems };
}
