// The ACTES 2.2 schema the simulator checks what it receives against: its own copy in ./xsd (the
// conformance folder is absent on a user's machine), read and compiled once per simulator.
import { readFileSync } from 'node:fs';
import { type CompiledXsd, compileXsd } from '../../actes/protocol/xsd-validator.ts';

const SCHEMA_FILES = ['actesv1_1.xsd', 'siret.xsd', 'insee-commun.xsd'] as const;

export function compileActesSchema(): CompiledXsd {
  const files = Object.fromEntries(
    SCHEMA_FILES.map((name) => [name, readFileSync(new URL(`./xsd/${name}`, import.meta.url))]),
  );
  return compileXsd({ main: 'actesv1_1.xsd', files });
}
