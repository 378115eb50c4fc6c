// An act is checked against its préfecture's classification: nature, codes, date and document types.
import { describe, expect, it } from 'vitest';
import { GOLDEN_MESSAGES } from '../protocol/golden/golden-messages.ts';
import type { RetourClassificationMessage } from '../protocol/message-types.ts';
import { classificationFromMessage } from './classification.ts';
import { validateActAgainstClassification } from './validate-act-against-classification.ts';

const message = GOLDEN_MESSAGES['7-2-RetourClassification'] as RetourClassificationMessage;
const c = classificationFromMessage(message);
const act = {
  codeNatureActe: 1,
  codesMatiere: [1, 1, 9],
  classificationDateVersion: '2023-06-01',
  typologies: { main: '99_DE', annexes: ['99_AU'] },
};

describe('validateActAgainstClassification', () => {
  it('accepts an act coded with existing codes, the current date and allowed document types', () => {
    const r = validateActAgainstClassification(c, act);
    expect(r.ok && r.value.matiere.libelle).toBe('Marchés passés selon une procédure adaptée (MAPA)');
    expect(r.ok && r.value.nature.code).toBe(1);
  });

  it('names the level that does not exist and its parent', () => {
    const r = validateActAgainstClassification(c, { ...act, codesMatiere: [1, 1, 4] });
    expect(r).toMatchObject({
      ok: false,
      problems: [
        {
          field: 'classification',
          message: expect.stringContaining("la matière 1.1 « Marchés publics » n'a pas de subdivision 4"),
        },
      ],
    });
    expect(!validateActAgainstClassification(c, { ...act, codesMatiere: [3, 1] }).ok).toBe(true);
  });

  it('refuses an act coded with an older classification, as the préfecture would (ODT-VERIF-01)', () => {
    const r = validateActAgainstClassification(c, { ...act, classificationDateVersion: '2022-01-01' });
    expect(r).toMatchObject({
      ok: false,
      problems: [{ field: 'classificationDate', message: expect.stringContaining('01/01/2022') }],
    });
  });

  it('refuses document types the nature does not allow, listing those it allows', () => {
    const r = validateActAgainstClassification(c, {
      ...act,
      typologies: { main: '11_AE', annexes: ['99_AU', '99_BU'] },
    });
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual([
      'mainDocument.typologie',
      'annexes[1].typologie',
    ]);
    expect(r.ok ? '' : r.problems[0]?.message).toContain('99_DE (Délibération), 99_AU (Autre document)');
  });

  it('refuses a nature the classification does not list, and skips typology checks without typology', () => {
    expect(validateActAgainstClassification(c, { ...act, codeNatureActe: 6 })).toMatchObject({
      ok: false,
      problems: [{ field: 'nature' }],
    });
    const old = classificationFromMessage({
      ...message,
      naturesActes: message.naturesActes.map((n) => ({ ...n, typesPJ: [] })),
    });
    const r = validateActAgainstClassification(old, act);
    expect(r.ok && r.notices[0]?.field).toBe('typologie');
  });
});
