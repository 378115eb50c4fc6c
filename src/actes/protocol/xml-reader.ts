// Reads untrusted XML bytes into a small namespace-resolved tree: bounded size, encoding taken from the
// prolog (UTF-8 or ISO-8859-1, also windows-1252), DOCTYPE and entity declarations refused, only the
// five predefined entities and character references decoded. Never throws: returns a result.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeWindows1252 } from './latin1.ts';
import { ACTES_NAMESPACE, INSEE_NAMESPACE } from './message-types.ts';

export interface XmlAttr {
  ns: string;
  name: string;
  value: string;
}

export interface XmlNode {
  /** Namespace URI, '' for none. */
  ns: string;
  /** Local name. */
  name: string;
  attrs: readonly XmlAttr[];
  children: readonly XmlNode[];
  /** Concatenated text content of this element (not of its descendants). */
  text: string;
}

export type XmlEncoding = 'UTF-8' | 'ISO-8859-1' | 'windows-1252';

export type ReadXmlResult =
  | { ok: true; root: XmlNode; encoding: XmlEncoding; warnings: string[] }
  | { ok: false; error: string };

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;
const MAX_DEPTH = 64;

class XmlReadError extends Error {}

const ENCODINGS: Record<string, XmlEncoding> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  'iso-8859-1': 'ISO-8859-1',
  iso8859_1: 'ISO-8859-1',
  'iso8859-1': 'ISO-8859-1',
  'iso_8859-1': 'ISO-8859-1',
  latin1: 'ISO-8859-1',
  'us-ascii': 'ISO-8859-1',
  ascii: 'ISO-8859-1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

function decode(bytes: Uint8Array, warnings: string[]): { text: string; encoding: XmlEncoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xfe || buf[0] === 0xff || buf[0] === 0x00 || buf[1] === 0x00) {
    throw new XmlReadError("Le fichier est encodé en UTF-16, que le protocole @CTES n'emploie pas.");
  }
  const hasBom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = hasBom ? buf.subarray(3) : buf;
  const head = body.subarray(0, 256).toString('latin1');
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  let encoding: XmlEncoding | undefined = declared ? ENCODINGS[declared.toLowerCase()] : 'UTF-8';
  if (declared && !encoding) {
    throw new XmlReadError(
      `L'encodage « ${declared} » déclaré par le fichier n'est pas pris en charge (UTF-8 ou ISO-8859-1 attendus).`,
    );
  }
  if (encoding === 'UTF-8') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding };
    } catch {
      if (declared)
        throw new XmlReadError("Le fichier se déclare en UTF-8 mais contient des octets qui n'en sont pas.");
      warnings.push("Le fichier ne déclare pas son encodage et n'est pas en UTF-8 : lu comme ISO-8859-1.");
      encoding = 'ISO-8859-1';
    }
  }
  if (encoding === 'windows-1252') return { text: decodeWindows1252(body), encoding };
  return { text: body.toString('latin1'), encoding: 'ISO-8859-1' };
}

const KNOWN_ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|apos|quot);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|apos|quot);)/.test(value)) {
    throw new XmlReadError(
      'Le fichier utilise une entité XML inconnue (seules &lt; &gt; &amp; &apos; &quot; sont admises).',
    );
  }
  return value.replace(KNOWN_ENTITY, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED[ref]!;
  });
}

const FALLBACK_PREFIXES: Record<string, string> = {
  actes: ACTES_NAMESPACE,
  insee: INSEE_NAMESPACE,
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

type Raw = Record<string, unknown>;

function resolve(prefix: string, scope: Map<string, string>, warnings: string[]): string {
  const uri = scope.get(prefix) ?? (prefix === '' ? '' : undefined);
  if (uri !== undefined) return uri;
  const fallback = FALLBACK_PREFIXES[prefix];
  if (fallback !== undefined) {
    warnings.push(`Le préfixe « ${prefix} » est employé sans être déclaré.`);
    return fallback;
  }
  throw new XmlReadError(`Le préfixe d'espace de noms « ${prefix} » n'est pas déclaré.`);
}

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function toNode(tag: string, raw: Raw, parentScope: Map<string, string>, warnings: string[]): XmlNode {
  const rawAttrs = (raw[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(parentScope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') scope.set('', decodeEntities(v));
    else if (k.startsWith('xmlns:')) scope.set(k.slice(6), decodeEntities(v));
  }
  const attrs: XmlAttr[] = [];
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [prefix, name] = splitName(k);
    // XML 1.0 §3.3.3: literal white space in an attribute value reads as a space.
    const value = decodeEntities(v.replace(/[\t\n]/g, ' '));
    attrs.push({ ns: prefix === '' ? '' : resolve(prefix, scope, warnings), name, value });
  }
  const [prefix, name] = splitName(tag);
  const children: XmlNode[] = [];
  let text = '';
  for (const item of raw[tag] as Raw[]) {
    if ('#text' in item) text += decodeEntities(String(item['#text']));
    else if ('#cdata' in item)
      text += (item['#cdata'] as Raw[]).map((c) => String(c['#text'] ?? '')).join('');
    else {
      const childTag = Object.keys(item).find((k) => k !== ':@');
      if (childTag !== undefined) children.push(toNode(childTag, item, scope, warnings));
    }
  }
  return { ns: resolve(prefix, scope, warnings), name, attrs, children, text };
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_DEPTH,
});

/** Parses `bytes` as XML; every failure is returned as a French sentence. */
export function readXml(bytes: Uint8Array, maxBytes = DEFAULT_MAX_XML_BYTES): ReadXmlResult {
  try {
    if (bytes.byteLength > maxBytes) {
      return {
        ok: false,
        error: `Le fichier fait ${bytes.byteLength} octets : au-delà de ${maxBytes} octets, il est refusé.`,
      };
    }
    if (bytes.byteLength === 0) return { ok: false, error: 'Le fichier est vide.' };
    const warnings: string[] = [];
    const { text: decoded, encoding } = decode(bytes, warnings);
    if (/<!DOCTYPE|<!ENTITY/i.test(decoded)) {
      return {
        ok: false,
        error: 'Le fichier contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité.',
      };
    }
    // XML 1.0 §2.11: line ends are normalised to LF before parsing.
    const text = decoded.replace(/\r\n?/g, '\n');
    const check = XMLValidator.validate(text);
    if (check !== true) {
      return {
        ok: false,
        error: `Le fichier n'est pas un XML bien formé (ligne ${check.err.line}) : ${check.err.msg}`,
      };
    }
    const top = parser.parse(text) as Raw[];
    const rootItem = top.find((item) => Object.keys(item).some((k) => k !== ':@' && !k.startsWith('#')));
    if (!rootItem) return { ok: false, error: 'Le fichier ne contient aucun élément XML.' };
    const tag = Object.keys(rootItem).find((k) => k !== ':@')!;
    const root = toNode(tag, rootItem, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), warnings);
    return { ok: true, root, encoding, warnings };
  } catch (e) {
    if (e instanceof XmlReadError) return { ok: false, error: e.message };
    return {
      ok: false,
      error: `Le fichier n'a pas pu être lu comme du XML : ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
