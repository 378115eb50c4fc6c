// Builders: ISO-8859-1 bytes with their prolog, escaped, deterministic; what cannot be sent is refused
// with every problem, each naming its field.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.ts';
import { acteProblems, buildActe, buildEnveloppeCLMISILL } from './build-collectivite.ts';
import { buildMessage } from './build-message.ts';
import { buildAnomalieEnveloppe, buildRetourClassification } from './build-prefecture.ts';
import { GOLDEN_ACTE, GOLDEN_MESSAGES } from './golden/golden-messages.ts';

function problemsOf(build: () => unknown): { field: string; message: string }[] {
  try {
    build();
  } catch (e) {
    if (e instanceof AppError) {
      expect(e.code).toBe('VALIDATION_FAILED');
      return [...e.problems];
    }
    throw e;
  }
  throw new Error('expected the builder to refuse');
}

describe('builders', () => {
  it('write ISO-8859-1 bytes whose prolog says so', () => {
    const bytes = buildActe({ ...GOLDEN_ACTE, objet: 'Régie « été »' });
    expect(bytes.toString('latin1')).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"\?>\n<actes:Acte /);
    expect(bytes.includes(Buffer.from('R\xe9gie \xab \xe9t\xe9 \xbb', 'latin1'))).toBe(true);
  });

  it('escape markup characters in text and attributes', () => {
    const bytes = buildActe({ ...GOLDEN_ACTE, objet: 'a < b & c > d "e"' }).toString('latin1');
    expect(bytes).toContain('<actes:Objet>a &lt; b &amp; c &gt; d "e"</actes:Objet>');
  });

  it('give the same bytes for the same message, every time', () => {
    for (const m of Object.values(GOLDEN_MESSAGES))
      expect(buildMessage(m).equals(buildMessage(structuredClone(m)))).toBe(true);
  });

  it('refuse a character ISO-8859-1 cannot carry, naming the element that holds it', () => {
    const problems = problemsOf(() => buildActe({ ...GOLDEN_ACTE, objet: 'Tarif en €' }));
    expect(problems).toEqual([{ field: 'Acte/Objet', message: expect.stringContaining('« € » (U+20AC)') }]);
  });

  it('refuse an act that the schema would refuse, with every problem at once', () => {
    const problems = problemsOf(() =>
      buildActe({
        ...GOLDEN_ACTE,
        date: '2024-02-30',
        numeroInterne: 'del-1',
        codeNatureActe: 7,
        codesMatiere: [1],
        objet: 'x'.repeat(501),
        precedentIdentifiantActe: 'nope',
        document: { nomFichier: '../x.pdf', signature: 'not base64!' },
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'date',
      'numeroInterne',
      'codeNatureActe',
      'codesMatiere',
      'objet',
      'precedentIdentifiantActe',
      'document.nomFichier',
      'document.signature',
    ]);
    expect(acteProblems({ ...GOLDEN_ACTE, codeNatureActe: 9 })).toHaveLength(1);
    expect(acteProblems(GOLDEN_ACTE)).toEqual([]);
  });

  it('refuse an envelope without return address or with an address the schema refuses', () => {
    const e = GOLDEN_MESSAGES.EnveloppeCLMISILL;
    if (e?.kind !== 'EnveloppeCLMISILL') throw new Error('fixture');
    expect(
      problemsOf(() => buildEnveloppeCLMISILL({ ...e, adressesRetour: [] })).map((p) => p.field),
    ).toEqual(['adressesRetour']);
    expect(
      problemsOf(() => buildEnveloppeCLMISILL({ ...e, adressesRetour: ['a@b.bretagne'] }))[0]?.field,
    ).toBe('adressesRetour[0]');
    expect(problemsOf(() => buildEnveloppeCLMISILL({ ...e, formulaires: [] }))[0]?.field).toBe('formulaires');
  });

  it('refuse the envelope anomaly nature 999 the real service sends but the schema does not allow', () => {
    const a = GOLDEN_MESSAGES.AnomalieEnveloppe;
    if (a?.kind !== 'AnomalieEnveloppe') throw new Error('fixture');
    expect(problemsOf(() => buildAnomalieEnveloppe({ ...a, nature: '999' }))[0]?.field).toBe('nature');
  });

  it('refuse a classification without typology or deeper than 5 levels', () => {
    const c = GOLDEN_MESSAGES['7-2-RetourClassification'];
    if (c?.kind !== 'RetourClassification') throw new Error('fixture');
    const noTypes = { ...c, naturesActes: c.naturesActes.map((n) => ({ ...n, typesPJ: [] })) };
    expect(problemsOf(() => buildRetourClassification(noTypes))).toHaveLength(2);
    const leaf = { codeMatiere: 1, libelle: 'x', children: [] };
    const deep = { codeMatiere: 1, libelle: 'x', children: [leaf] };
    const six = {
      codeMatiere: 1,
      libelle: 'x',
      children: [{ ...deep, children: [{ ...deep, children: [{ ...deep, children: [deep] }] }] }],
    };
    expect(problemsOf(() => buildRetourClassification({ ...c, matieres: [six] }))[0]?.message).toContain(
      '5 niveaux',
    );
  });
});
