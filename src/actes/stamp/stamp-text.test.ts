// The stamp says what the préfecture acknowledged, in the protocol's words, or plainly that it is a simulation.
import { describe, expect, it } from 'vitest';
import { stampText } from './stamp-text.ts';

const facts = {
  sentDate: '2024-01-15',
  receiptDate: '2024-01-16',
  idActe: '034-213400000-20240115-DEL2024_017-DE',
  isSimulated: false,
};

describe('stampText', () => {
  it('gives the sent, received and ID lines with French dates', () => {
    expect(stampText(facts)).toEqual({
      lines: [
        'Envoyé en préfecture le 15/01/2024',
        'Reçu en préfecture le 16/01/2024',
        'ID : 034-213400000-20240115-DEL2024_017-DE',
      ],
    });
  });

  it('adds the publication line before the ID when a publication date is given', () => {
    expect(stampText({ ...facts, publicationDate: '2024-01-17' }).lines).toEqual([
      'Envoyé en préfecture le 15/01/2024',
      'Reçu en préfecture le 16/01/2024',
      'Publié le 17/01/2024',
      'ID : 034-213400000-20240115-DEL2024_017-DE',
    ]);
  });

  it('uses the simulated wording and a warning on demo and training platforms', () => {
    const text = stampText({ ...facts, publicationDate: '2024-01-17', isSimulated: true });
    expect(text.lines).toEqual([
      'Envoi simulé le 15/01/2024',
      'Réception simulée le 16/01/2024',
      'Publication simulée le 17/01/2024',
      'ID : 034-213400000-20240115-DEL2024_017-DE',
    ]);
    expect(text.warning).toBe('Simulation : sans valeur juridique');
  });

  it('puts the operator as the title, and ignores a blank one', () => {
    expect(stampText({ ...facts, operatorName: ' Hérault Numérique ' }).title).toBe('Hérault Numérique');
    expect(stampText({ ...facts, operatorName: '  ' }).title).toBeUndefined();
  });

  it('refuses a date that is not a real YYYY-MM-DD day', () => {
    expect(() => stampText({ ...facts, receiptDate: '16/01/2024' })).toThrow(/receiptDate/);
    expect(() => stampText({ ...facts, publicationDate: '2024-02-30' })).toThrow(/publicationDate/);
  });
});
