// The request form's checks, pure: trimmed values, the chosen person's e-mail, purposes the product allows.
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../kernel/errors.ts';
import type { Product } from '../catalogue.ts';
import { checkRequestForm, EMPTY_FORM, type RequestForm } from './request-input.ts';

const product: Product = {
  id: 'p1',
  authorityCode: 'cci',
  authorityName: 'CCI',
  code: 'actes',
  label: 'Certificat actes seulement',
  purposes: ['actes'],
  priceCents: 100,
  validityMonths: 36,
  active: true,
};
const people = new Map([['u1', 'Lucie@Example.fr']]);
const form = (over: Partial<RequestForm> = {}): RequestForm => ({
  ...EMPTY_FORM,
  holderName: '  Lucie Bonnal ',
  holderFunction: 'Secrétaire',
  holderEmail: ' LUCIE@example.fr ',
  legalRepName: 'Jean Dupuy',
  legalRepFunction: 'Maire',
  productId: 'p1',
  ...over,
});
const problems = (f: RequestForm, products: Product[] = [product]) => {
  try {
    checkRequestForm(f, { products, people });
  } catch (e) {
    return (e as AppError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  return [];
};

describe('request form checks', () => {
  it('trims, lowercases the e-mail, keeps the chosen person and defaults', () => {
    expect(checkRequestForm(form({ holderUserId: 'u1' }), { products: [product], people })).toEqual({
      holderName: 'Lucie Bonnal',
      holderFunction: 'Secrétaire',
      holderEmail: 'lucie@example.fr',
      holderPhone: null,
      holderIsElected: false,
      holderRoles: ['transmitter'],
      holderUserId: 'u1',
      legalRepName: 'Jean Dupuy',
      legalRepFunction: 'Maire',
      purposes: ['actes'],
      productId: 'p1',
    });
  });

  it('refuses purposes the product does not allow, naming them', () => {
    expect(problems(form({ purposes: ['actes', 'helios'] }))).toEqual([
      'purposes: Le certificat « Certificat actes seulement » ne permet pas : signature des flux comptables (hélios). Choisissez un autre certificat ou décochez cet usage.',
    ]);
  });

  it('refuses an inactive or unknown product, unknown roles, a chosen person with another e-mail', () => {
    expect(problems(form(), [{ ...product, active: false }])[0]).toMatch(
      /^productId: Choisissez le certificat/,
    );
    expect(problems(form({ holderRoles: ['root'] }))[0]).toMatch(/^holderRoles: Un des rôles/);
    expect(problems(form({ holderUserId: 'u1', holderEmail: 'autre@example.fr' }))[0]).toContain(
      'a le courriel « Lucie@Example.fr » dans Relais',
    );
    expect(problems(form({ holderName: 'x'.repeat(201) }))[0]).toMatch(
      /^holderName: .*200 caractères au plus/,
    );
  });
});
