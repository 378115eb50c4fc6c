// The simulator's own copy of the ACTES 2.2 schema stays byte-identical to the conformance oracle, and
// compiles: it validates what the codec builds and refuses what the schema does not allow.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformancePath, describeConformance } from '../../../test/support/conformance.ts';
import { buildMessage } from '../../actes/protocol/index.ts';
import { compileActesSchema } from './actes-schema.ts';

describe('compileActesSchema', () => {
  it('validates a message the codec builds and refuses an unknown element', () => {
    const schema = compileActesSchema();
    try {
      const xml = buildMessage({ kind: 'DemandeClassification', dateClassification: '2025-01-06' });
      expect(schema.validate(xml)).toEqual({ ok: true });
      const wrong = Buffer.from(
        xml
          .toString('latin1')
          .replace('</actes:DemandeClassification>', '<actes:X/></actes:DemandeClassification>'),
        'latin1',
      );
      expect(schema.validate(wrong).ok).toBe(false);
    } finally {
      schema.dispose();
    }
  });
});

describeConformance('conformance: the simulator’s schema copy', () => {
  it.each(['actesv1_1.xsd', 'siret.xsd', 'insee-commun.xsd'])('keeps %s byte-identical', (name) => {
    const copy = readFileSync(new URL(`./xsd/${name}`, import.meta.url));
    expect(copy.equals(readFileSync(conformancePath('actes', 'xsd-2.2', name)))).toBe(true);
  });
});
