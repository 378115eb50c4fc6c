// The classification model: read from a 7-2 (both shapes), indexed by code, children in code order.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conformancePath, describeConformance } from '../../../test/support/conformance.ts';
import { GOLDEN_MESSAGES } from '../protocol/golden/golden-messages.ts';
import type { RetourClassificationMessage } from '../protocol/message-types.ts';
import { parseMessage } from '../protocol/parse-message.ts';
import { allowedTypologies, classificationFromMessage, findMatiere, findNature } from './classification.ts';

function sampleClassification(file: string) {
  const r = parseMessage(readFileSync(conformancePath('actes', 'samples', file)));
  if (!r.ok || r.message.kind !== 'RetourClassification') throw new Error(`not a classification: ${file}`);
  return classificationFromMessage(r.message);
}

const golden = classificationFromMessage(
  GOLDEN_MESSAGES['7-2-RetourClassification'] as RetourClassificationMessage,
);

describe('classification model', () => {
  it('indexes every matière by its dotted code, with the labels of its parents', () => {
    expect(golden.date).toBe('2023-06-01');
    expect(findMatiere(golden, '1.1.9.1.2')).toMatchObject({
      code: '1.1.9.1.2',
      levels: [1, 1, 9, 1, 2],
      libelle: 'Voirie',
      path: [
        'Commande publique',
        'Marchés publics',
        'Marchés passés selon une procédure adaptée (MAPA)',
        'Travaux',
        'Voirie',
      ],
    });
    expect(findMatiere(golden, [7, 1])?.libelle).toBe('Décisions budgétaires');
    expect(findMatiere(golden, '7.2')).toBeUndefined();
  });

  it('finds natures by code or abbreviation, with their document types', () => {
    expect(findNature(golden, 'cc')?.code).toBe(4);
    expect(allowedTypologies(golden, 1).map((t) => t.codeTypePJ)).toEqual(['99_DE', '99_AU']);
    expect(allowedTypologies(golden, 6)).toEqual([]);
    expect(golden.hasTypology).toBe(true);
  });
});

describeConformance('conformance: the real classifications', () => {
  it('reads the 2017 classification with its typology and sorts codes as numbers', () => {
    const c = sampleClassification('exemple_codes_matieres.xml');
    expect(c.date).toBe('2017-12-08');
    expect(c.matieres.map((m) => `${m.code} ${m.libelle}`)).toEqual([
      '1 Commande Publique',
      '2 Urbanisme',
      '3 Domaine et patrimoine',
      '4 Fonction publique',
      '5 Institutions et vie politique',
      '6 Libertés publiques et pourvoirs de police',
      '7 Finances locales',
      '8 Domaines de competences par themes',
      '9 Autres domaines de competences',
    ]);
    expect(findMatiere(c, '1.1')?.children.map((m) => m.code)).toEqual(
      Array.from({ length: 10 }, (_, i) => `1.1.${i + 1}`),
    );
    expect(findMatiere(c, '1.1.9')?.libelle).toBe('marchés passés selon une procédure adaptée (MAPA)');
    expect(c.natures.map((n) => n.abbrev)).toEqual(['DE', 'AR', 'AI', 'CC', 'BF', 'AU']);
    expect(allowedTypologies(c, 'BF').map((t) => t.codeTypePJ)).toEqual(['70_DE', '99_BU', '99_SE']);
    expect(allowedTypologies(c, 'CC').some((t) => t.codeTypePJ === '11_AE')).toBe(true);
    expect(c.byCode.size).toBeGreaterThan(200);
  });

  it('reads the 1.x classification, which has no typology', () => {
    const c = sampleClassification('classification.xml');
    expect(c.date).toBe('2004-04-01');
    expect(c.hasTypology).toBe(false);
    expect(findMatiere(c, '2.3')?.libelle).toBe('Droit de preemption urbain');
  });
});
