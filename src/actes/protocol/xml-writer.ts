// Deterministic XML output for the @CTES files: a tiny element tree serialised with 2-space
// indentation, escaped, and encoded in ISO-8859-1 with the prolog that says so. Characters that
// ISO-8859-1 or XML 1.0 cannot carry are refused with the path of the element that holds them.
import { validationError } from '../../kernel/errors.ts';
import { unencodableCharMessage, unencodableChars } from './latin1.ts';
import { ACTES_NAMESPACE, INSEE_NAMESPACE } from './message-types.ts';
import type { FieldProblem } from './validation.ts';

export interface XmlElement {
  name: string;
  attrs: readonly (readonly [string, string])[];
  children: readonly XmlElement[];
  text?: string;
}

type Attrs = Record<string, string | number | undefined>;

/** An element; `content` is either its text or its child elements (undefined ones are skipped). */
export function el(
  name: string,
  attrs: Attrs = {},
  content: string | readonly (XmlElement | undefined)[] = [],
): XmlElement {
  const attrList = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => [k, String(v)] as const);
  if (typeof content === 'string') return { name, attrs: attrList, children: [], text: content };
  return { name, attrs: attrList, children: content.filter((c): c is XmlElement => c !== undefined) };
}

const PROLOG = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';
const ROOT_NAMESPACES: readonly (readonly [string, string])[] = [
  ['xmlns:actes', ACTES_NAMESPACE],
  ['xmlns:insee', INSEE_NAMESPACE],
  ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
  ['xsi:schemaLocation', `${ACTES_NAMESPACE} actesv1_1.xsd`],
];

function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;',
  );
}

function escapeAttr(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function checkChars(value: string, path: string, problems: FieldProblem[]): void {
  for (const c of unencodableChars(value)) {
    problems.push({ field: path, message: unencodableCharMessage(`Le champ ${path}`, c) });
  }
}

function serialise(
  node: XmlElement,
  depth: number,
  path: string,
  out: string[],
  problems: FieldProblem[],
): void {
  const indent = '  '.repeat(depth);
  const here = path ? `${path}/${localName(node.name)}` : localName(node.name);
  let open = `${indent}<${node.name}`;
  for (const [k, v] of node.attrs) {
    checkChars(v, `${here}@${localName(k)}`, problems);
    open += ` ${k}="${escapeAttr(v)}"`;
  }
  if (node.children.length > 0) {
    out.push(`${open}>\n`);
    for (const child of node.children) serialise(child, depth + 1, here, out, problems);
    out.push(`${indent}</${node.name}>\n`);
  } else if (node.text !== undefined && node.text !== '') {
    checkChars(node.text, here, problems);
    out.push(`${open}>${escapeText(node.text)}</${node.name}>\n`);
  } else {
    out.push(`${open}/>\n`);
  }
}

/** The ISO-8859-1 bytes of a document whose root is `root`; throws VALIDATION_FAILED on unencodable text. */
export function toActesBytes(root: XmlElement): Buffer {
  const out: string[] = [PROLOG];
  const problems: FieldProblem[] = [];
  serialise({ ...root, attrs: [...ROOT_NAMESPACES, ...root.attrs] }, 0, '', out, problems);
  if (problems.length > 0) throw validationError(problems);
  return Buffer.from(out.join(''), 'latin1');
}
