// validateActMetadata: one call returns the whole act ready to build, or every problem at once.
import { describe, expect, it } from 'vitest';
import { acteDataFor, actFiles } from './act-files.ts';
import { buildActe } from './build-collectivite.ts';
import { parseMessage } from './parse-message.ts';
import { type ActMetadataInput, validateActMetadata } from './validate-act-metadata.ts';

const input: ActMetadataInput = {
  departement: '79',
  siren: '217 901 230',
  decisionDate: '2024-01-15',
  numeroInterne: 'del2024_01',
  nature: 'DE',
  classification: '7.1.2',
  classificationDate: '2023-06-01',
  objet: '  Vote du budget primitif 2024 ',
  mainDocument: { typology: '99_DE', extension: 'PDF' },
  annexes: [{ typology: '99_au', extension: 'jpg' }],
};
const today = { today: '2024-01-20' };

describe('validateActMetadata', () => {
  it('returns the normalised act, its predicted IDActe and the notices of what was changed', () => {
    const r = validateActMetadata(input, today);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value).toMatchObject({
      departement: '079',
      siren: '217901230',
      numeroInterne: 'DEL2024_01',
      nature: { code: 1, abbrev: 'DE' },
      codesMatiere: [7, 1, 2],
      objet: 'Vote du budget primitif 2024',
      mainDocument: { typology: '99_DE', extension: 'pdf' },
      annexes: [{ typology: '99_AU', extension: 'jpg' }],
      documentPapier: false,
      idActe: '079-217901230-20240115-DEL2024_01-DE',
    });
    expect(r.notices.map((n) => n.field)).toEqual([
      'departement',
      'siren',
      'numeroInterne',
      'annexes[0].typologie',
    ]);
  });

  it('returns every problem at once, each on its field', () => {
    const r = validateActMetadata(
      {
        ...input,
        siren: '217901234',
        decisionDate: '2024-02-01',
        numeroInterne: 'DEL 2024',
        nature: 9,
        classification: '7',
        objet: 'Budget en €',
        mainDocument: { typology: 'DE', extension: 'docx' },
        previousIdActe: 'n/a',
      },
      today,
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual([
      'siren',
      'dateDecision',
      'numeroInterne',
      'nature',
      'classification',
      'objet',
      'mainDocument.typologie',
      'mainDocument',
      'previousIdActe',
    ]);
  });

  it('accepts an XML main document only for a budget document (nature 5, matière 7.1), with PDF annexes', () => {
    const budget = { ...input, nature: 5, mainDocument: { typology: '99_BU', extension: 'xml' } };
    expect(validateActMetadata(budget, today)).toMatchObject({
      ok: false,
      problems: [{ field: 'annexes[0]' }],
    });
    expect(validateActMetadata({ ...budget, annexes: [] }, today).ok).toBe(true);
    expect(validateActMetadata({ ...budget, nature: 1, annexes: [] }, today)).toMatchObject({
      ok: false,
      problems: [{ field: 'mainDocument', message: expect.stringContaining('document budgétaire') }],
    });
  });

  it('gives the file names and the 1-1 of the act, which builds and reads back', () => {
    const r = validateActMetadata(input, today);
    if (!r.ok) throw new Error('invalid');
    expect(actFiles(r.value)).toEqual({
      base: '079-217901230-20240115-DEL2024_01-DE-1-1',
      messageFile: '079-217901230-20240115-DEL2024_01-DE-1-1_0.xml',
      mainDocumentFile: '99_DE-079-217901230-20240115-DEL2024_01-DE-1-1_1.pdf',
      annexFiles: ['99_AU-079-217901230-20240115-DEL2024_01-DE-1-1_2.jpg'],
    });
    const data = acteDataFor(r.value, { main: 'AAAA' });
    const parsed = parseMessage(buildActe(data));
    expect(parsed.ok && parsed.message).toEqual({ kind: 'Acte', ...data });
  });
});
