// Build → parse gives back the same value for every message type, over random valid values
// (property-based), and every built file validates against the official ACTES 2.2 schema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeConformance } from '../../../test/support/conformance.ts';
import { actesXsdErrors } from '../../../test/support/xsd.ts';
import { buildMessage } from './build-message.ts';
import { messageArbitraries } from './message-arbitraries.ts';
import { parseMessage } from './parse-message.ts';

const RUNS = 40;

describe('round trip', () => {
  for (const [kind, arbitrary] of Object.entries(messageArbitraries)) {
    it(`parses a built ${kind} back to the same value`, () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<Parameters<typeof buildMessage>[0]>, (message) => {
          const r = parseMessage(buildMessage(message));
          if (!r.ok) throw new Error(r.error);
          expect(r.warnings).toEqual([]);
          expect(r.message).toEqual(message);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describeConformance('conformance: every built message validates against ACTES 2.2', () => {
  for (const [kind, arbitrary] of Object.entries(messageArbitraries)) {
    it(`validates random ${kind} messages`, () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<Parameters<typeof buildMessage>[0]>, (message) => {
          expect(actesXsdErrors(buildMessage(message))).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
