// XSD validation with libxml2 (WASM) from schema files held in memory, so that the codec stays free of
// file-system access: the caller reads the schema files and hands their bytes over. Used by the tests
// and by the préfecture simulator. Not exported from index.ts: importing it loads the WASM module.
import { XmlDocument, type XmlInputProvider, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';

export interface XsdSchemaFiles {
  /** Name of the main schema among `files` (e.g. "actesv1_1.xsd"). */
  main: string;
  /** Every schema file by name, as the schemaLocation attributes refer to them. */
  files: Readonly<Record<string, Uint8Array>>;
}

export interface XsdIssue {
  message: string;
  line: number;
}

export type XsdResult = { ok: true } | { ok: false; issues: XsdIssue[] };

export interface CompiledXsd {
  validate(xml: Uint8Array): XsdResult;
  dispose(): void;
}

// One input provider serves every compiled schema from memory under a pseudo-path no disk has.
const ROOT = '/relais-in-memory-xsd/';
const sets = new Map<string, Readonly<Record<string, Uint8Array>>>();
const open = new Map<number, { bytes: Uint8Array; offset: number }>();
let nextSet = 0;
let nextFd = 1;
let registered = false;

function lookup(filename: string): Uint8Array | undefined {
  const path = filename.startsWith('file://') ? filename.slice('file://'.length) : filename;
  if (!path.startsWith(ROOT)) return undefined;
  const [set, ...rest] = path.slice(ROOT.length).split('/');
  return sets.get(set ?? '')?.[rest.join('/')];
}

const memoryProvider: XmlInputProvider = {
  match: (filename) => lookup(filename) !== undefined,
  open: (filename) => {
    const bytes = lookup(filename);
    if (bytes === undefined) return undefined;
    const fd = nextFd++;
    open.set(fd, { bytes, offset: 0 });
    return fd;
  },
  read: (fd, buf) => {
    const f = open.get(fd as number);
    if (!f) return -1;
    const n = Math.min(buf.byteLength, f.bytes.byteLength - f.offset);
    buf.set(f.bytes.subarray(f.offset, f.offset + n));
    f.offset += n;
    return n;
  },
  close: (fd) => open.delete(fd as number),
};

function describe(e: unknown): XsdIssue[] {
  const details = (e as { details?: { message: string; line: number }[] }).details;
  if (details && details.length > 0) return details.map((d) => ({ message: d.message.trim(), line: d.line }));
  return [{ message: e instanceof Error ? e.message : String(e), line: 0 }];
}

/** Compiles the schema once; validate() may then be called any number of times. */
export function compileXsd(schema: XsdSchemaFiles): CompiledXsd {
  if (!registered) registered = xmlRegisterInputProvider(memoryProvider);
  const setId = String(nextSet++);
  sets.set(setId, schema.files);
  const mainBytes = schema.files[schema.main];
  if (!mainBytes) throw new Error(`Schema file ${schema.main} is not among the files given`);
  const xsdDoc = XmlDocument.fromBuffer(mainBytes, { url: `${ROOT}${setId}/${schema.main}` });
  let validator: XsdValidator;
  try {
    validator = XsdValidator.fromDoc(xsdDoc);
  } finally {
    xsdDoc.dispose();
  }
  return {
    validate(xml) {
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromBuffer(xml);
      } catch (e) {
        return { ok: false, issues: describe(e) };
      }
      try {
        validator.validate(doc);
        return { ok: true };
      } catch (e) {
        return { ok: false, issues: describe(e) };
      } finally {
        doc.dispose();
      }
    },
    dispose() {
      validator.dispose();
      sets.delete(setId);
    },
  };
}
