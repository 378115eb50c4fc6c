// Bytes in, typed message out: parses any @CTES message or envelope, keeps the raw bytes, never throws.
import { ACTES_NAMESPACE, type ActesMessage, type ActesMessageKind } from './message-types.ts';
import { ParseFailure, Reader } from './read-helpers.ts';
import { MESSAGE_READERS } from './read-messages.ts';
import { DEFAULT_MAX_XML_BYTES, readXml, type XmlEncoding } from './xml-reader.ts';

export interface ParseOptions {
  /** Larger inputs are refused before parsing (default 10 MiB). */
  maxBytes?: number;
}

export type ParseResult =
  | { ok: true; message: ActesMessage; raw: Uint8Array; encoding: XmlEncoding; warnings: string[] }
  | { ok: false; error: string; raw: Uint8Array };

function isKind(name: string): name is ActesMessageKind {
  return Object.hasOwn(MESSAGE_READERS, name);
}

/** Parses `bytes`; `warnings` lists (in French) what the message does differently from the schema. */
export function parseMessage(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const xml = readXml(bytes, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  if (!xml.ok) return { ok: false, error: xml.error, raw: bytes };
  const root = xml.root;
  if ((root.ns !== ACTES_NAMESPACE && root.ns !== '') || !isKind(root.name)) {
    return {
      ok: false,
      error: `L'élément racine « ${root.name} » n'est pas un message @CTES connu.`,
      raw: bytes,
    };
  }
  const warnings = [...xml.warnings];
  if (root.ns === '') warnings.push("Le message n'emploie pas l'espace de noms ACTES.");
  try {
    const message = MESSAGE_READERS[root.name](new Reader(warnings), root);
    return { ok: true, message, raw: bytes, encoding: xml.encoding, warnings };
  } catch (e) {
    const error =
      e instanceof ParseFailure ? e.message : `Le message ${root.name} n'a pas pu être lu : ${String(e)}`;
    return { ok: false, error, raw: bytes };
  }
}
