// Reads a multipart request: text fields, and files streamed one by one into the document store (never
// buffered). Each file part's field name is its typology code (99_DE…); the first file is the act.
import type { FastifyRequest } from 'fastify';
import type { UploadedDocument } from '../../actes/transmission/index.ts';
import type { DocumentStore } from '../../documents/index.ts';
import { type FieldProblem, isAppError } from '../../kernel/errors.ts';

export interface MultipartInput {
  fields: Record<string, string>;
  uploads: UploadedDocument[];
  problems: FieldProblem[];
}

export async function readMultipart(
  req: FastifyRequest,
  documents: DocumentStore,
  maxBytes: number,
): Promise<MultipartInput> {
  const fields: Record<string, string> = {};
  const uploads: UploadedDocument[] = [];
  const problems: FieldProblem[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    try {
      const stored = await documents.put(part.file, { maxBytes });
      if (part.file.truncated)
        problems.push({
          field: part.fieldname,
          message: `Le fichier « ${part.filename} » dépasse la taille permise.`,
        });
      else uploads.push({ typology: part.fieldname, originalName: part.filename, content: { stored } });
    } catch (e) {
      if (!isAppError(e)) throw e;
      part.file.resume();
      problems.push({ field: part.fieldname, message: `Le fichier « ${part.filename} » : ${e.message}` });
    }
  }
  return { fields, uploads, problems };
}

/** Draft fields from a multipart request: one JSON field "metadata", or one field per property. */
export function draftFields(fields: Record<string, string>): Record<string, unknown> {
  if (fields.metadata) {
    try {
      const parsed = JSON.parse(fields.metadata) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // reported below as a missing/invalid set of fields
    }
    return {};
  }
  return {
    ...fields,
    ...(fields.documentPapier ? { documentPapier: fields.documentPapier === 'true' } : {}),
  };
}
