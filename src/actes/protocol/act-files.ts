// From validated metadata to what the 1-1 needs: the file names of the message and documents, and the
// ActeData to build (with the detached signatures, if any).
import { actBaseName, documentFileName, messageFileName } from './file-names.ts';
import type { ActeData } from './message-types.ts';
import type { ActMetadata } from './validate-act-metadata.ts';

export interface ActFiles {
  /** {dept}-{SIREN}-{date}-{numero}-{NAT}-1-1 */
  base: string;
  messageFile: string;
  mainDocumentFile: string;
  annexFiles: string[];
}

export function actFiles(meta: ActMetadata): ActFiles {
  const base = actBaseName(
    {
      departement: meta.departement,
      siren: meta.siren,
      decisionDate: meta.decisionDate,
      numeroInterne: meta.numeroInterne,
      natureAbbrev: meta.nature.abbrev,
    },
    '1-1',
  );
  return {
    base,
    messageFile: messageFileName(base),
    mainDocumentFile: documentFileName(meta.mainDocument.typology, base, 1, meta.mainDocument.extension),
    annexFiles: meta.annexes.map((a, i) => documentFileName(a.typology, base, i + 2, a.extension)),
  };
}

export interface DetachedSignatures {
  /** Base64 of the main document's detached signature. */
  main?: string;
  /** Base64 signatures of the annexes, by position. */
  annexes?: readonly (string | undefined)[];
}

/** The ActeData of a 1-1 for `meta`, naming its files as actFiles() does. */
export function acteDataFor(meta: ActMetadata, signatures: DetachedSignatures = {}): ActeData {
  const files = actFiles(meta);
  const signed = (nomFichier: string, signature: string | undefined) =>
    signature !== undefined ? { nomFichier, signature } : { nomFichier };
  return {
    date: meta.decisionDate,
    numeroInterne: meta.numeroInterne,
    codeNatureActe: meta.nature.code,
    codesMatiere: meta.codesMatiere,
    objet: meta.objet,
    classificationDateVersion: meta.classificationDate,
    ...(meta.previousIdActe !== undefined ? { precedentIdentifiantActe: meta.previousIdActe } : {}),
    document: signed(files.mainDocumentFile, signatures.main),
    annexes: files.annexFiles.map((name, i) => signed(name, signatures.annexes?.[i])),
    documentPapier: meta.documentPapier,
  };
}
