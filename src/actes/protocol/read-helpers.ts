// Lenient accessors over the XML tree of a received message: missing or odd values become defaults
// plus a warning ("soft"), except the few a message cannot be matched without ("required").
import { ACTES_NAMESPACE } from './message-types.ts';
import type { XmlNode } from './xml-reader.ts';

/** Thrown inside a reader when a message lacks what identifies it; parseMessage turns it into an error. */
export class ParseFailure extends Error {}

function isActes(ns: string): boolean {
  return ns === ACTES_NAMESPACE || ns === '';
}

export class Reader {
  readonly warnings: string[];

  constructor(warnings: string[]) {
    this.warnings = warnings;
  }

  child(node: XmlNode | undefined, name: string): XmlNode | undefined {
    return node?.children.find((c) => c.name === name && isActes(c.ns));
  }

  children(node: XmlNode | undefined, name: string): XmlNode[] {
    return node ? node.children.filter((c) => c.name === name && isActes(c.ns)) : [];
  }

  /** Attribute in namespace `ns` (ACTES by default), or unqualified. */
  attr(node: XmlNode | undefined, name: string, ns = ACTES_NAMESPACE): string | undefined {
    const a = node?.attrs.find((x) => x.name === name && (x.ns === ns || x.ns === ''));
    return a?.value.trim();
  }

  /** Attribute value as written (labels keep their spaces). */
  rawAttr(node: XmlNode | undefined, name: string): string | undefined {
    return node?.attrs.find((x) => x.name === name && isActes(x.ns))?.value;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Records `message` and returns '' (for a missing value read leniently). */
  missing(message: string): string {
    this.warn(message);
    return '';
  }

  /** Text of a child element; '' and a warning when it is missing. */
  text(node: XmlNode | undefined, name: string, where: string): string {
    const c = this.child(node, name);
    if (c === undefined) {
      this.warn(`L'élément ${name} manque dans ${where}.`);
      return '';
    }
    return c.text;
  }

  optionalText(node: XmlNode | undefined, name: string): string | undefined {
    return this.child(node, name)?.text;
  }

  /** A date, read leniently: a time zone suffix is dropped; anything else is kept as is with a warning. */
  date(value: string | undefined, where: string): string {
    if (value === undefined) {
      this.warn(`La date ${where} manque.`);
      return '';
    }
    const v = value.trim();
    const m = /^\d{4}-\d{2}-\d{2}/.exec(v);
    if (m) return m[0];
    this.warn(`La date ${where} (« ${v} ») n'est pas au format AAAA-MM-JJ.`);
    return v;
  }

  requiredAttr(node: XmlNode, name: string, where: string, ns = ACTES_NAMESPACE): string {
    const v = this.attr(node, name, ns);
    if (v === undefined || v === '')
      throw new ParseFailure(
        `L'attribut ${name} de ${where} manque : le message ne peut pas être rattaché à un acte.`,
      );
    return v;
  }

  requiredDate(value: string | undefined, where: string): string {
    const m = value === undefined ? null : /^\d{4}-\d{2}-\d{2}/.exec(value.trim());
    if (!m) throw new ParseFailure(`La date ${where} manque ou n'est pas au format AAAA-MM-JJ.`);
    return m[0];
  }

  /** A whole number, or NaN with a warning. */
  integer(value: string | undefined, where: string): number {
    const n = value !== undefined && /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (Number.isNaN(n)) this.warn(`La valeur ${where} (« ${value ?? ''} ») n'est pas un nombre entier.`);
    return n;
  }
}
