// Search of matières: by code prefix, or by the beginnings of words, ignoring accents and case.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformancePath, describeConformance } from '../../../test/support/conformance.ts';
import { GOLDEN_MESSAGES } from '../protocol/golden/golden-messages.ts';
import type { RetourClassificationMessage } from '../protocol/message-types.ts';
import { parseMessage } from '../protocol/parse-message.ts';
import { classificationFromMessage } from './classification.ts';
import { normaliseForSearch, searchMatieres } from './search-matieres.ts';

const golden = classificationFromMessage(
  GOLDEN_MESSAGES['7-2-RetourClassification'] as RetourClassificationMessage,
);
const codes = (list: { code: string }[]) => list.map((m) => m.code);

describe('searchMatieres', () => {
  it('normalises text: no accents, no case, no punctuation', () => {
    expect(normaliseForSearch('Décisions BUDGÉTAIRES (œuvre)')).toBe('decisions budgetaires oeuvre');
  });

  it('finds by code prefix, the entry first and then its subdivisions', () => {
    expect(codes(searchMatieres(golden, '1.1'))).toEqual(['1.1', '1.1.9', '1.1.9.1', '1.1.9.1.2']);
    expect(codes(searchMatieres(golden, '7.'))).toEqual(['7', '7.1']);
  });

  it('finds by words typed without accents, own label before parents', () => {
    expect(codes(searchMatieres(golden, 'marches'))).toEqual(['1.1', '1.1.9']);
    expect(codes(searchMatieres(golden, 'budget'))).toEqual(['7.1']);
    expect(codes(searchMatieres(golden, 'voirie marchés'))).toEqual(['1.1.9.1.2']);
    expect(codes(searchMatieres(golden, 'procédure adaptée'))).toEqual(['1.1.9']);
  });

  it('ignores small words and returns nothing for an empty query or no match', () => {
    expect(codes(searchMatieres(golden, 'les travaux'))).toEqual(['1.1.9.1']);
    expect(searchMatieres(golden, '  ')).toEqual([]);
    expect(searchMatieres(golden, 'de la')).toEqual([]);
    expect(searchMatieres(golden, 'urbanisme')).toEqual([]);
  });
});

describeConformance('conformance: search in the real classification', () => {
  it('finds the MAPA and the budget decisions in the 2017 classification', () => {
    const r = parseMessage(readFileSync(conformancePath('actes', 'samples', 'exemple_codes_matieres.xml')));
    if (!r.ok || r.message.kind !== 'RetourClassification') throw new Error('not a classification');
    const c = classificationFromMessage(r.message);
    expect(codes(searchMatieres(c, 'mapa'))[0]).toBe('1.1.9');
    expect(codes(searchMatieres(c, 'decisions budgetaires'))[0]).toBe('7.1');
    expect(searchMatieres(c, 'marches', 3)).toHaveLength(3);
  });
});
