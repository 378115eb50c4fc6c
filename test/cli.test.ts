// The relais command end to end on a real database (both backends): members, people, CSV import,
// demo seed, jobs, doctor, and French messages for every refusal.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relais } from './support/cli.ts';
import { backend, createTestDatabaseEnv } from './support/db.ts';

describe(`relais CLI (${backend})`, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ env, cleanup } = await createTestDatabaseEnv());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('prints its help in French', async () => {
    const r = await relais(['--help'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/collectivite\s+gérer les collectivités membres/);
  });

  it('explains an unknown command and exits 2', async () => {
    const r = await relais(['colectivite', 'list'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Commande inconnue colectivite/);
  });

  it('migrates, then says the database is up to date', async () => {
    expect((await relais(['migrate'], env)).code).toBe(0);
    const r = await relais(['migrate'], env);
    expect(r.out).toMatch(/La base est déjà à jour/);
  });

  it('adds a collectivité, refuses wrong values all at once, and lists it', async () => {
    const ok = await relais(
      [
        'collectivite',
        'add',
        '--nom',
        'Commune de Chanac',
        '--siren',
        '214800344',
        '--type',
        'commune',
        '--departement',
        '48',
        '--arrondissement',
        '1',
        '--prefecture',
        'Préfecture de la Lozère',
      ],
      env,
    );
    expect(ok.err).toBe('');
    expect(ok.out).toMatch(
      /Collectivité enregistrée : Commune de Chanac \(SIREN 214800344, département 048\)/,
    );
    const bad = await relais(['collectivite', 'add', '--nom', 'X', '--siren', '123', '--type', 'ville'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/9 chiffres/);
    expect(bad.err).toMatch(/Le type « ville » est inconnu/);
    expect(bad.err).toMatch(/Le département est obligatoire/);
    const list = await relais(['collectivite', 'list'], env);
    expect(list.out).toMatch(/214800344\s+048\s+Commune\s+Commune de Chanac/);
  });

  it('imports a CSV file and reports accepted and refused rows', async () => {
    const file = path.join(env.RELAIS_DATA_DIR!, 'membres.csv');
    writeFileSync(
      file,
      'nom;siren;type;departement;arrondissement;prefecture\n' +
        'Commune de Barjac;214800195;commune;48;1;Préfecture de la Lozère\n' +
        'Commune sans préfecture;214800153;commune;48;1;\n',
    );
    const r = await relais(['collectivite', 'import', file], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Ligne 2 : acceptée — Commune de Barjac \(214800195\)/);
    expect(r.out).toMatch(/Ligne 3 : refusée — Indiquez la préfecture ou sous-préfecture de rattachement/);
    expect(r.out).toMatch(/1 ligne\(s\) acceptée\(s\), 1 refusée\(s\)/);
  });

  it('adds a person with roles and lists the people of a collectivité', async () => {
    const r = await relais(
      [
        'user',
        'add',
        '--nom',
        'Sophie Martin',
        '--email',
        'sophie@example.fr',
        '--collectivite',
        '214800344',
        '--roles',
        'preparer,transmitter',
      ],
      env,
    );
    expect(r.out).toMatch(/Personne ajoutée : Sophie Martin <sophie@example.fr>/);
    const list = await relais(['user', 'list', '--collectivite', '214800344'], env);
    expect(list.out).toMatch(
      /Sophie Martin.*Commune de Chanac : Agent qui prépare les actes, Agent télétransmetteur/,
    );
    const bad = await relais(
      [
        'user',
        'add',
        '--nom',
        'X',
        '--email',
        'x@example.fr',
        '--collectivite',
        '214800344',
        '--roles',
        'maire',
      ],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Rôle inconnu : maire/);

    // --officier-ae with --email only: an existing person becomes RA officer; an unknown one is refused.
    const officer = await relais(['user', 'add', '--email', 'sophie@example.fr', '--officier-ae'], env);
    expect(officer.code).toBe(0);
    expect(officer.out).toMatch(/Sophie Martin <sophie@example.fr> est désormais officier d’enregistrement/);
    const listed = await relais(['user', 'list', '--collectivite', '214800344'], env);
    expect(listed.out).toMatch(/Sophie Martin.*officier d’enregistrement \(certificats\)/);
    const nobody = await relais(['user', 'add', '--email', 'personne@example.fr', '--officier-ae'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(/Aucune personne n’a l’adresse personne@example.fr/);
  });

  it('seeds the demo syndicat only once', async () => {
    const fresh = await createTestDatabaseEnv();
    try {
      expect((await relais(['demo', 'seed'], fresh.env)).out).toMatch(/89 collectivités, 10 personnes/);
      expect((await relais(['demo', 'seed'], fresh.env)).out).toMatch(/rien n’a été ajouté/);
      const refused = await relais(['demo', 'seed'], {
        ...fresh.env,
        RELAIS_MODE: 'production',
        DATABASE_URL: fresh.env.DATABASE_URL ?? 'postgres://x@127.0.0.1:1/x',
      });
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/refusées en mode production/);
    } finally {
      await fresh.cleanup();
    }
  });

  it('lists jobs and refuses to replay a job that does not exist', async () => {
    expect((await relais(['jobs', 'list'], env)).out).toMatch(/Aucune tâche ne correspond/);
    const r = await relais(['jobs', 'retry', '999999'], env);
    expect(r.code).toBe(1);
    expect(r.err).not.toBe('');
    expect((await relais(['jobs', 'list', '--etat', 'perdu'], env)).err).toMatch(/État inconnu « perdu »/);
  });

  it('shows the inbox of préfecture replies that matched no act', async () => {
    expect((await relais(['reponses', 'list'], env)).out).toMatch(/toutes ont trouvé leur acte/);
    const r = await relais(['reponses', 'retraiter', '00000000-0000-4000-8000-000000000000'], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/n’existe pas ou a déjà été traitée/);
  });

  it('checks the installation with doctor', async () => {
    const r = await relais(['doctor'], env);
    expect(r.out).toMatch(/✔ Configuration valide \(mode demo\)/);
    expect(r.out).toMatch(/✔ Schéma de la base à jour/);
    expect(r.out).toMatch(/Tout est en ordre/);
    expect(r.code).toBe(0);
    const bad = await relais(['doctor'], { ...env, RELAIS_WORKER_CONCURRENCY: '0' });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/✖ RELAIS_WORKER_CONCURRENCY : la valeur « 0 »/);
    const production = await relais(['doctor'], {
      ...env,
      RELAIS_MODE: 'production',
      DATABASE_URL: env.DATABASE_URL ?? 'postgres://relais@127.0.0.1:1/relais',
    });
    expect(production.code).toBe(1);
    expect(production.out).toMatch(/✖ RELAIS_MINISTRY_URL : en mode production/);
    expect(production.out).toMatch(/✖ Aucune autorité de certification RGS/);
  });
});
