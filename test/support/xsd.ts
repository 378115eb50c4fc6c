// Validates XML against the official @CTES schemas of the conformance folder: the schema files are read
// once, compiled once per shape, and every validated document is disposed (see xsd-validator.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { type CompiledXsd, compileXsd, type XsdResult } from '../../src/actes/protocol/xsd-validator.ts';
import { conformancePath } from './conformance.ts';

export type ActesSchemaShape = '2.2' | '1.x';

const compiled = new Map<ActesSchemaShape, CompiledXsd>();

function schema(shape: ActesSchemaShape): CompiledXsd {
  let v = compiled.get(shape);
  if (!v) {
    const dir = conformancePath('actes', shape === '2.2' ? 'xsd-2.2' : 'xsd-1.x');
    const files = Object.fromEntries(
      readdirSync(dir)
        .filter((f) => f.endsWith('.xsd'))
        .map((f) => [f, readFileSync(`${dir}/${f}`)]),
    );
    v = compileXsd({ main: 'actesv1_1.xsd', files });
    compiled.set(shape, v);
  }
  return v;
}

/** Validates `xml` against actesv1_1.xsd (ACTES 2.2 by default). */
export function validateActesXml(xml: Uint8Array, shape: ActesSchemaShape = '2.2'): XsdResult {
  return schema(shape).validate(xml);
}

/** The schema errors of `xml` as lines of text ([] when valid), for readable assertions. */
export function actesXsdErrors(xml: Uint8Array, shape: ActesSchemaShape = '2.2'): string[] {
  const r = validateActesXml(xml, shape);
  return r.ok ? [] : r.issues.map((i) => `line ${i.line}: ${i.message}`);
}
