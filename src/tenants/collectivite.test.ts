// Validation of a collectivité as typed by an operator: every problem at once, in French.
import { describe, expect, it } from 'vitest';
import { validateCollectivite } from './collectivite.ts';

const valid = {
  name: 'Commune de Chanac',
  siren: '214800344',
  type: 'commune',
  departement: '48',
  arrondissement: '1',
  prefectureRattachement: 'Préfecture de la Lozère',
};

describe('validateCollectivite', () => {
  it('accepts a commune and derives its département code and @CTES nature code', () => {
    const r = validateCollectivite({ ...valid, siren: '214 800 344' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.departement).toBe('048');
      expect(r.value.natureCode).toBe('31');
      expect(r.value.siren).toBe('214800344');
      expect(r.value.modules).toEqual(['actes']);
    }
  });

  it('accepts Corsica and overseas départements', () => {
    for (const [dep, code] of [
      ['2A', '02A'],
      ['2b', '02B'],
      ['971', '971'],
      ['976', '976'],
    ]) {
      const r = validateCollectivite({ ...valid, departement: dep });
      expect(r.ok && r.value.departement).toBe(code);
    }
  });

  it('reports every problem at once, each naming its field', () => {
    const r = validateCollectivite({
      name: '',
      siren: '214800345',
      siret: '123',
      type: 'village',
      departement: '20',
      arrondissement: 'x',
      referentEmail: 'pas-une-adresse',
      conventionDate: '31/02/2024',
      modules: 'actes,compta',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const fields = r.problems.map((p) => p.field).sort();
      expect(fields).toEqual(
        [
          'arrondissement',
          'conventionDate',
          'departement',
          'modules',
          'name',
          'natureCode',
          'prefectureRattachement',
          'referentEmail',
          'siren',
          'siret',
          'type',
        ].sort(),
      );
      expect(r.problems.find((p) => p.field === 'siren')!.message).toMatch(/clé de contrôle/);
      expect(r.problems.find((p) => p.field === 'departement')!.message).toMatch(/2A, 2B/);
    }
  });

  it('requires an explicit nature code for types without a default', () => {
    const r = validateCollectivite({ ...valid, type: 'syndicat' });
    expect(r.ok).toBe(false);
    const r2 = validateCollectivite({ ...valid, type: 'syndicat', natureCode: '43' });
    expect(r2.ok && r2.value.natureCode).toBe('43');
  });

  it('checks that the SIRET extends the SIREN', () => {
    const r = validateCollectivite({ ...valid, siret: '21480034400001' });
    expect(r.ok).toBe(true);
    const bad = validateCollectivite({ ...valid, siret: '21480035000018' });
    expect(bad.ok).toBe(false);
  });
});
