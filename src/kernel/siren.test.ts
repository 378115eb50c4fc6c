// SIREN, SIRET and département codes: Luhn keys and the forms people type.
import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit, normaliseDepartement, sirenProblem, siretProblem } from './siren.ts';

describe('SIREN and SIRET', () => {
  it('accepts real SIRENs from the conformance samples and refuses a wrong key', () => {
    for (const s of ['214400152', '210703385', '214502494', '210600235']) expect(sirenProblem(s)).toBeNull();
    expect(sirenProblem('214400153')).toMatch(/clé de contrôle est fausse/);
    expect(sirenProblem('21440015')).toMatch(/exactement 9 chiffres/);
  });

  it('computes the check digit that makes a number valid', () => {
    expect(isLuhnValid(`2148003${luhnCheckDigit('2148003')}`)).toBe(true);
  });

  it('accepts La Poste establishments, the documented exception to the Luhn rule', () => {
    expect(siretProblem('35600000000048')).toBeNull();
  });
});

describe('normaliseDepartement', () => {
  it('gives the 3-character @CTES form', () => {
    expect(normaliseDepartement('1')).toBe('001');
    expect(normaliseDepartement('48')).toBe('048');
    expect(normaliseDepartement('2a')).toBe('02A');
    expect(normaliseDepartement('02B')).toBe('02B');
    expect(normaliseDepartement('974')).toBe('974');
  });

  it('refuses codes that are not départements', () => {
    for (const d of ['0', '20', '96', '979', 'AB', '2C']) expect(normaliseDepartement(d)).toBeNull();
  });
});
