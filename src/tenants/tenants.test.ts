// Members and people stored on both database backends: import, seed, roles across collectivités.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { AppError } from '../kernel/errors.ts';
import { addCollectivite } from './add-collectivite.ts';
import { addUser } from './add-user.ts';
import { unsafeListAllCollectivites } from './collectivite-store.ts';
import { importCollectivites } from './import-collectivites.ts';
import { seedDemo } from './seed-demo.ts';
import { listUsersOfCollectivite, unsafeListAllUsers } from './user-store.ts';

describe(`tenants (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('registers a collectivité once and refuses its SIREN a second time in French', async () => {
    const input = {
      name: 'Commune de Chanac',
      siren: '214800344',
      type: 'commune',
      departement: '48',
      arrondissement: '1',
      prefectureRattachement: 'Préfecture de la Lozère',
    };
    const c = await addCollectivite({ db }, input);
    expect(c.departement).toBe('048');
    await expect(addCollectivite({ db }, input)).rejects.toThrow(/déjà enregistré/);
  });

  it('imports a CSV: accepted rows are stored, refused rows are explained and leave nothing behind', async () => {
    const csv = [
      '\ufeffNom;SIREN;Type;Département;Arrondissement;Préfecture;Email_retour;Convention_date',
      'Commune de Barjac;214800195;commune;48;1;Préfecture de la Lozère;actes@barjac.fr;01/03/2024',
      'Commune fantôme;214800196;commune;48;1;Préfecture de la Lozère;;',
      'Commune de Balsièges;214800153;commune;2A;1;Préfecture de Corse-du-Sud;pas-une-adresse;',
      'Commune de Barjac bis;214800195;commune;48;1;Préfecture de la Lozère;;',
    ].join('\n');
    const before = (await unsafeListAllCollectivites(db)).length;
    const report = await importCollectivites({ db }, csv);
    expect(report.accepted.map((a) => a.line)).toEqual([2]);
    expect(report.refused.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(report.refused[0]!.reasons.join(' ')).toMatch(/clé de contrôle/);
    expect(report.refused[1]!.reasons.join(' ')).toMatch(/adresse électronique/);
    expect(report.refused[2]!.reasons.join(' ')).toMatch(/déjà enregistré/);
    expect((await unsafeListAllCollectivites(db)).length).toBe(before + 1);
  });

  it('refuses a CSV whose columns are unknown, naming the expected ones', async () => {
    const report = await importCollectivites({ db }, 'commune,numero\nA,1\n');
    expect(report.accepted).toEqual([]);
    expect(report.refused[0]!.reasons.join(' ')).toMatch(/Colonnes inconnues : commune, numero/);
  });

  it('gives one person roles in several collectivités, merging roles', async () => {
    const a = await addUser(
      { db },
      {
        name: 'Sophie Martin',
        email: 'Sophie@Example.fr',
        collectiviteSiren: '214800344',
        roles: 'preparer',
      },
    );
    expect(a.created).toBe(true);
    const b = await addUser(
      { db },
      {
        name: 'Sophie Martin',
        email: 'sophie@example.fr',
        collectiviteSiren: '214800195',
        roles: 'transmitter',
      },
    );
    expect(b.created).toBe(false);
    const c = await addUser(
      { db },
      {
        name: 'Sophie Martin',
        email: 'sophie@example.fr',
        collectiviteSiren: '214800344',
        roles: ['transmitter'],
      },
    );
    expect(c.user.memberships).toHaveLength(2);
    expect(c.user.memberships[0]!.roles).toEqual(['preparer', 'transmitter']);
  });

  it('refuses unknown roles and unknown collectivités without writing anything', async () => {
    const before = (await unsafeListAllUsers(db)).length;
    await expect(
      addUser({ db }, { name: 'X', email: 'x@example.fr', collectiviteSiren: '214800344', roles: 'chef' }),
    ).rejects.toThrow(/Rôle inconnu : chef/);
    await expect(
      addUser({ db }, { name: 'Y', email: 'y@example.fr', collectiviteSiren: '217901234', roles: 'reader' }),
    ).rejects.toBeInstanceOf(AppError);
    expect((await unsafeListAllUsers(db)).length).toBe(before);
  });

  it('seeds a realistic demo syndicat once', async () => {
    const fresh = await createTestDb();
    try {
      const first = await seedDemo({ db: fresh });
      expect(first).toEqual({ created: true, collectivites: 89, users: 10 });
      expect((await seedDemo({ db: fresh })).created).toBe(false);
      const all = await unsafeListAllCollectivites(fresh);
      expect(all.filter((c) => c.type === 'commune')).toHaveLength(85);
      expect(all.filter((c) => c.type === 'communaute_communes')).toHaveLength(4);
      expect(new Set(all.map((c) => c.name)).size).toBe(89);
      const shared = (await unsafeListAllUsers(fresh)).find((u) => u.email === 'sophie.martin@example.fr')!;
      expect(shared.memberships).toHaveLength(3);
      const ofOne = await listUsersOfCollectivite(fresh, shared.memberships[0]!.collectiviteId);
      expect(ofOne.map((u) => u.name)).toContain('Sophie Martin');
    } finally {
      await fresh.close();
    }
  });
});
