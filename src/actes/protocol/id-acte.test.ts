// IDActe: formatted from its parts, read back, and checked against the schema's pattern.
import { describe, expect, it } from 'vitest';
import { formatIdActe, parseIdActe, validateIdActe } from './id-acte.ts';

describe('IDActe', () => {
  it('is formatted from the act and read back into its parts', () => {
    const parts = {
      departement: '079',
      siren: '217901230',
      date: '2024-01-15',
      numeroInterne: 'DEL2024_01',
      natureAbbrev: 'DE',
    };
    const id = formatIdActe(parts);
    expect(id).toBe('079-217901230-20240115-DEL2024_01-DE');
    expect(parseIdActe(id)).toEqual(parts);
  });

  it('fits in 41 characters with the longest NumeroInterne', () => {
    const id = formatIdActe({
      departement: '02A',
      siren: '000000000',
      date: '2024-01-15',
      numeroInterne: 'A'.repeat(15),
      natureAbbrev: 'AU',
    });
    expect(id).toHaveLength(41);
    expect(validateIdActe(id).ok).toBe(true);
  });

  it('refuses a malformed identifier with a sentence showing the expected form', () => {
    expect(parseIdActe('079-21790123-20240115-X-DE')).toBeUndefined();
    expect(validateIdActe('079-217901230-20240115-_X-DE')).toMatchObject({
      ok: false,
      problems: [
        { field: 'idActe', message: expect.stringContaining('079-217901234-20240115-DEL2024_01-DE') },
      ],
    });
  });
});
