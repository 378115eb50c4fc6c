// Identifier validators: values normalised with a notice, or every problem said in French.
import { describe, expect, it } from 'vitest';
import {
  validateArrondissement,
  validateDepartement,
  validateNatureCollectivite,
  validateNumeroInterne,
  validateQuadrigramme,
  validateSiren,
  validateTrigramme,
} from './identifiers.ts';

describe('validateSiren', () => {
  it('accepts a Luhn-valid SIREN and removes the spaces people type, saying so', () => {
    expect(validateSiren('217901230')).toEqual({ ok: true, value: '217901230', notices: [] });
    const r = validateSiren('217 901 230');
    expect(r.ok && r.value).toBe('217901230');
    expect(r.ok && r.notices[0]?.message).toContain('sans espaces');
  });

  it('refuses a wrong check digit and a wrong length with a sentence naming the value', () => {
    const bad = validateSiren('217901234');
    expect(bad).toEqual({
      ok: false,
      problems: [{ field: 'siren', message: expect.stringContaining('clé de contrôle') }],
    });
    expect(!validateSiren('1234').ok && validateSiren('1234')).toMatchObject({
      problems: [{ message: expect.stringContaining('9 chiffres') }],
    });
  });
});

describe('validateDepartement', () => {
  it('writes the 3-character form: 48 → 048, 2a → 02A, 974 stays', () => {
    expect(validateDepartement('48')).toMatchObject({ ok: true, value: '048' });
    expect(validateDepartement('2a')).toMatchObject({ ok: true, value: '02A' });
    expect(validateDepartement('974')).toEqual({ ok: true, value: '974', notices: [] });
  });

  it('refuses a code that is no département, and says which codes exist', () => {
    expect(validateDepartement('20')).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('2A, 2B') }],
    });
    expect(validateDepartement('96').ok).toBe(false);
  });
});

describe('validateArrondissement and validateNatureCollectivite', () => {
  it('accepts one digit for the arrondissement and pads the nature to two digits', () => {
    expect(validateArrondissement(2)).toMatchObject({ ok: true, value: '2' });
    expect(validateArrondissement('12').ok).toBe(false);
    expect(validateNatureCollectivite('2')).toMatchObject({ ok: true, value: '02' });
    expect(validateNatureCollectivite(31)).toMatchObject({ ok: true, value: '31' });
    expect(validateNatureCollectivite('commune')).toMatchObject({
      ok: false,
      problems: [{ field: 'natureCollectivite' }],
    });
  });
});

describe('validateNumeroInterne', () => {
  it('accepts 1 and 15 characters of A–Z, 0–9 and _', () => {
    expect(validateNumeroInterne('7')).toEqual({ ok: true, value: '7', notices: [] });
    expect(validateNumeroInterne('DEL2024_0000001')).toMatchObject({ ok: true, value: 'DEL2024_0000001' });
  });

  it('upper-cases lowercase input and says so', () => {
    const r = validateNumeroInterne('del2024_01');
    expect(r).toMatchObject({ ok: true, value: 'DEL2024_01' });
    expect(r.ok && r.notices).toEqual([
      { field: 'numeroInterne', message: expect.stringContaining('majuscules') },
    ]);
  });

  it('reports every problem at once: length, forbidden characters named, leading underscore', () => {
    const r = validateNumeroInterne('_DEL-2024/01 été');
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.problems.map((p) => p.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('16 caractères');
    expect(messages[1]).toContain('« - », « / », les espaces, « É »');
    expect(messages[2]).toContain('« _ »');
  });

  it('refuses an empty number with a sentence saying what to type', () => {
    expect(validateNumeroInterne('  ')).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('vide') }],
    });
  });
});

describe('operator codes', () => {
  it('accepts a trigramme of 3 and a quadrigramme of 4 characters, upper-cased', () => {
    expect(validateTrigramme('slo')).toMatchObject({ ok: true, value: 'SLO' });
    expect(validateQuadrigramme('EACT')).toMatchObject({ ok: true, value: 'EACT' });
    expect(validateTrigramme('SLOW').ok).toBe(false);
    expect(validateQuadrigramme('EAC').ok).toBe(false);
  });
});
