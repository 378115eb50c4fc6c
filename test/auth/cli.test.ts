// The authentication commands end to end on a real database (both backends): demo PKI, certificate
// test and attachment, API tokens, the security journal; production refuses the demo PKI.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCertificate } from '../../src/auth/pki/issue.ts';
import { relais } from '../support/cli.ts';
import { backend, createTestDatabaseEnv } from '../support/db.ts';

describe(`relais cert, token, pki, securite (${backend})`, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ env, cleanup } = await createTestDatabaseEnv());
    expect((await relais(['demo', 'seed'], env)).code).toBe(0);
  });
  afterAll(async () => {
    await cleanup();
  });

  it('creates the demo PKI with PEM and .p12 files, prints the password and attaches the certificates', async () => {
    const r = await relais(['pki', 'demo'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const pki = path.join(env.RELAIS_DATA_DIR!, 'pki');
    const password = /Mot de passe de tous les fichiers \.p12 : (\S+)/.exec(r.out)![1]!;
    const p12 = path.join(pki, 'personnes', 'jean-dupuy.p12');
    expect(existsSync(p12)).toBe(true);
    expect(statSync(p12).mode & 0o777).toBe(0o600);
    // Node's TLS (OpenSSL) opens the .p12 with the printed password.
    expect(() => tls.createSecureContext({ pfx: readFileSync(p12), passphrase: password })).not.toThrow();
    expect(r.out).toMatch(/Certificats rattachés aux personnes de démonstration \(12 nouveau\(x\)\)/);
    expect(r.out).toMatch(/Lucie Bonnal <lucie\.bonnal@example\.fr> — mot de passe de connexion : \S+/);

    const again = await relais(['pki', 'demo'], env);
    expect(again.out).toMatch(/existe déjà/);
    expect(again.out).toContain(password);
  });

  it('tests a certificate: accepted for signing in and transmitting (demo CA), or refused with the reason', async () => {
    const pem = path.join(env.RELAIS_DATA_DIR!, 'pki', 'personnes', 'jean-dupuy.pem');
    const ok = await relais(['cert', 'test', pem], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Se connecter {4}: oui/);
    expect(ok.out).toMatch(/Télétransmettre : oui/);
    const stranger = await issueCertificate(await createCa('CN=AC inconnue, C=FR'), 'CN=Inconnu, C=FR');
    const file = path.join(env.RELAIS_DATA_DIR!, 'inconnu.pem');
    writeFileSync(file, stranger.pem);
    const ko = await relais(['cert', 'test', file], env);
    expect(ko.code).toBe(1);
    expect(ko.out).toMatch(/Se connecter {4}: non — L’autorité qui a délivré ce certificat/);
    const missing = await relais(['cert', 'test', 'absent.pem'], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/est illisible/);
  });

  it('attaches, lists, detaches certificates and sets a password', async () => {
    const cert = await issueCertificate(await createCa('CN=AC, C=FR'), 'CN=Thierry Boyer, C=FR');
    const file = path.join(env.RELAIS_DATA_DIR!, 'thierry.pem');
    writeFileSync(file, cert.pem);
    const a = await relais(['cert', 'attach', file, '--email', 'thierry.boyer@example.fr'], env);
    expect(a.out).toMatch(/Certificat rattaché à thierry\.boyer@example\.fr/);
    expect(a.out).toMatch(/Attention : la plateforme ne l’accepte pas aujourd’hui/);
    const list = await relais(['cert', 'list', '--email', 'thierry.boyer@example.fr'], env);
    const id = /^([0-9a-f]{8}-[0-9a-f-]{27})\s/m.exec(list.out)![1]!;
    const detached = await relais(['cert', 'detach', id], env);
    expect(detached.err).toBe('');
    expect(detached.out).toMatch(/Certificat détaché/);
    const all = await relais(['cert', 'list', '--email', 'thierry.boyer@example.fr', '--tous'], env);
    expect(all.out).toMatch(/détaché le/);
    const pw = await relais(['cert', 'password', '--email', 'thierry.boyer@example.fr'], env);
    expect(pw.out).toMatch(/il ne sera plus affiché\) : [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const nobody = await relais(['cert', 'password', '--email', 'personne@example.fr'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(/Aucune personne n’a l’adresse personne@example\.fr/);
  });

  it('creates, lists and revokes an API token, shown once and never logged in the journal', async () => {
    const list0 = await relais(['collectivite', 'list', '--json'], env);
    const siren = (JSON.parse(list0.out) as { siren: string }[])[4]!.siren;
    const bad = await relais(
      ['token', 'create', '--collectivite', siren, '--nom', 'X', '--permissions', 'operator.admin'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Permission impossible pour un jeton : operator\.admin/);
    const c = await relais(
      [
        'token',
        'create',
        '--collectivite',
        siren,
        '--nom',
        'Parapheur',
        '--permissions',
        'act.read,act.prepare',
        '--expire',
        '31/12/2099',
      ],
      env,
    );
    expect(c.code).toBe(0);
    const secret = /^(relais_\S+)$/m.exec(c.out)![1]!;
    const list = await relais(['token', 'list', '--collectivite', siren], env);
    expect(list.out).toMatch(/Parapheur/);
    expect(list.out).not.toContain(secret);
    const id = /^([0-9a-f]{8}-[0-9a-f-]{27})\s+Parapheur/m.exec(list.out)![1]!;
    expect((await relais(['token', 'revoke', id], env)).out).toMatch(/révoqué/);
    const journal = await relais(['securite', 'journal', '--json'], env);
    expect(journal.out).toMatch(/token\.revoked/);
    expect(journal.out).not.toContain(secret);
    const text = await relais(['securite', 'journal', '--type', 'token'], env);
    expect(text.out).toMatch(/token\.created/);
  });

  it('refuses the demo PKI outside demo mode', async () => {
    const r = await relais(['pki', 'demo'], { ...env, RELAIS_MODE: 'training' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/n’existe qu’en mode démonstration/);
  });
});
