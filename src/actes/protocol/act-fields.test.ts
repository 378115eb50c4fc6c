// Act field validators: nature, codes matières, typology, objet, decision date and e-mail.
import { describe, expect, it } from 'vitest';
import {
  validateActNature,
  validateClassificationCodes,
  validateDecisionDate,
  validateEmail,
  validateObjet,
  validateTypologyCode,
} from './act-fields.ts';

function messages(r: { ok: boolean; problems?: { message: string }[] }): string[] {
  return r.ok ? [] : (r.problems ?? []).map((p) => p.message);
}

describe('validateActNature', () => {
  it('accepts a code or an abbreviation and returns both', () => {
    expect(validateActNature(1)).toMatchObject({ ok: true, value: { code: 1, abbrev: 'DE' } });
    expect(validateActNature('bf')).toMatchObject({ ok: true, value: { code: 5, abbrev: 'BF' } });
  });

  it('refuses anything else and lists the six natures', () => {
    expect(messages(validateActNature(7))[0]).toContain('6 AU (Autre)');
  });
});

describe('validateClassificationCodes', () => {
  it('accepts 2 to 5 levels written with dots or as numbers', () => {
    expect(validateClassificationCodes('7.1.2')).toMatchObject({ ok: true, value: [7, 1, 2] });
    expect(validateClassificationCodes([1, 1, 1, 1, 1])).toMatchObject({ ok: true, value: [1, 1, 1, 1, 1] });
  });

  it('refuses one level, six levels and non-numbers, each with its reason', () => {
    expect(messages(validateClassificationCodes('7'))[0]).toContain('au moins la matière et la sous-matière');
    expect(messages(validateClassificationCodes('1.1.1.1.1.1'))[0]).toContain('5 au plus');
    expect(messages(validateClassificationCodes('1.a'))[0]).toContain('nombres entiers');
  });
});

describe('validateTypologyCode', () => {
  it('accepts five characters among A–Z, 0–9 and _, upper-casing with a notice', () => {
    expect(validateTypologyCode('99_DE')).toEqual({ ok: true, value: '99_DE', notices: [] });
    expect(validateTypologyCode('11_ae')).toMatchObject({
      ok: true,
      value: '11_AE',
      notices: [{ field: 'typologie' }],
    });
    expect(messages(validateTypologyCode('99-DE'))[0]).toContain('5 caractères');
  });
});

describe('validateObjet', () => {
  it('accepts 1 and 500 characters of Latin-1 text on one line', () => {
    expect(validateObjet('a')).toMatchObject({ ok: true, value: 'a' });
    expect(validateObjet('é'.repeat(500))).toMatchObject({ ok: true });
  });

  it('refuses 501 characters, saying how many there are', () => {
    expect(messages(validateObjet('x'.repeat(501)))[0]).toContain('501 caractères');
  });

  it('refuses line breaks and names every character ISO-8859-1 cannot carry, with a replacement', () => {
    const m = messages(validateObjet('Tarifs 2024\nen € — “cantine”'));
    expect(m).toHaveLength(5);
    expect(m[0]).toContain('une seule ligne');
    expect(m[1]).toContain('« € » (U+20AC)');
    expect(m[1]).toContain('remplacez-le par « EUR »');
    expect(m[2]).toContain('« — » (U+2014)');
    expect(m.join(' ')).toContain('« “ »');
  });

  it('refuses an empty objet and invisible control characters', () => {
    expect(messages(validateObjet('   '))[0]).toContain('vide');
    expect(messages(validateObjet('a\u0007b'))[0]).toContain('caractère de contrôle');
  });
});

describe('validateDecisionDate', () => {
  it('accepts today and earlier days, given today', () => {
    expect(validateDecisionDate('2024-01-15', '2024-01-15')).toMatchObject({ ok: true, value: '2024-01-15' });
    expect(validateDecisionDate('2024-02-29', '2024-03-01').ok).toBe(true);
  });

  it('refuses a future date and a date that does not exist', () => {
    expect(messages(validateDecisionDate('2024-01-16', '2024-01-15'))[0]).toContain(
      '16/01/2024) est dans le futur',
    );
    expect(messages(validateDecisionDate('2023-02-29', '2024-01-15'))[0]).toContain(
      "n'est pas une date valide",
    );
    expect(validateDecisionDate('15/01/2024', '2024-01-15').ok).toBe(false);
  });
});

describe('validateEmail', () => {
  it('accepts what the schema accepts, up to a 6-letter extension', () => {
    expect(validateEmail(' secretariat@mairie-echire.fr ')).toMatchObject({
      ok: true,
      value: 'secretariat@mairie-echire.fr',
    });
    expect(validateEmail('a.b_c-d@x.museum').ok).toBe(true);
  });

  it('explains a top-level domain longer than 6 letters', () => {
    expect(messages(validateEmail('contact@ville.bzhbreizh'))[0]).toContain('de 2 à 6 lettres');
  });

  it('names the characters the schema refuses, such as + and accents', () => {
    expect(messages(validateEmail('jean+actes@mairie.fr'))[0]).toContain('« + »');
    expect(messages(validateEmail('hélène@mairie.fr'))[0]).toContain('« é »');
    expect(messages(validateEmail('mairie.fr'))[0]).toContain('nom@domaine.fr');
  });
});
