// `relais cert test|attach|list|detach|password|crl|expirations`: certificates of people, the trust
// store and its revocation lists, from the operator's command line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attachCertificate } from '../../auth/accounts/attach-certificate.ts';
import {
  listCertificatesOfUser,
  type UserCertificate,
  unsafeListActiveCertificateDer,
} from '../../auth/accounts/certificate-store.ts';
import { detachCertificate } from '../../auth/accounts/detach-certificate.ts';
import { setPassword } from '../../auth/accounts/set-password.ts';
import { formatFingerprint, parseCertificate } from '../../auth/certificates/certificate-info.ts';
import type { CertificateVerdict } from '../../auth/certificates/check-certificate.ts';
import { createTrustService } from '../../auth/certificates/trust-service.ts';
import { TRUST_LIST_LABELS } from '../../auth/certificates/trust-store.ts';
import { trustSettingsOf } from '../../auth/create-auth-runtime.ts';
import type { Config } from '../../config/index.ts';
import { systemClock } from '../../kernel/clock.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

const frDate = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);

function readCertificateFile(io: CliIo, file: string): Buffer {
  try {
    return readFileSync(path.resolve(io.cwd, file));
  } catch {
    throw new AppError(
      'NOT_FOUND',
      `Le fichier « ${file} » est illisible : vérifiez le chemin et les droits.`,
    );
  }
}

async function trustFor(config: Config, io: CliIo, knownCertificates?: () => Promise<Buffer[]>) {
  return createTrustService({
    settings: trustSettingsOf(config, io.cwd),
    clock: systemClock,
    knownCertificates,
  });
}

export function printVerdict(io: CliIo, v: CertificateVerdict): void {
  if (!v.info) {
    io.out(`✖ ${v.refusal?.message}`);
    return;
  }
  io.out(`Titulaire       : ${v.info.subject}`);
  io.out(`Émis par        : ${v.info.issuer}${v.issuer ? ` (${TRUST_LIST_LABELS[v.issuer.list]})` : ''}`);
  io.out(`Valable         : du ${frDate(v.info.notBefore)} au ${frDate(v.info.notAfter)}`);
  io.out(`Empreinte       : ${formatFingerprint(v.info.fingerprint)}`);
  io.out(`Se connecter    : ${v.canSignIn ? 'oui' : `non — ${v.refusal?.message}`}`);
  io.out(
    `Télétransmettre : ${v.canTransmit ? 'oui' : `non${v.transmitRefusal ? ` — ${v.transmitRefusal}` : ''}`}`,
  );
}

/** Exit 0 when the certificate signs in, 1 otherwise (scripts can test it). */
export async function certTest(io: CliIo, file: string): Promise<number> {
  const config = readConfig(io);
  const info = parseCertificate(readCertificateFile(io, file));
  const trust = await trustFor(config, io);
  for (const p of trust.store().problems) io.err(`Attention : ${p}`);
  if (!info) {
    io.err('Ce fichier ne contient pas de certificat lisible (PEM ou DER).');
    return 1;
  }
  const v = trust.check(info.der);
  printVerdict(io, v);
  return v.canSignIn ? 0 : 1;
}

async function userIdOf(db: Parameters<typeof findUserByEmail>[0], email: string): Promise<string> {
  const u = await findUserByEmail(db, email);
  if (!u)
    throw new AppError(
      'NOT_FOUND',
      `Aucune personne n’a l’adresse ${email} : ajoutez-la d’abord (relais user add).`,
    );
  return u.id;
}

export async function certAttach(io: CliIo, file: string, o: { email?: string[] }): Promise<number> {
  const emails = o.email ?? [];
  if (emails.length === 0) {
    io.err(
      'Indiquez la ou les personnes titulaires : --email adresse (plusieurs fois pour un certificat partagé).',
    );
    return 1;
  }
  const config = readConfig(io);
  const bytes = readCertificateFile(io, file);
  const info = parseCertificate(bytes);
  await withDatabase(config, async (db) => {
    for (const email of emails) {
      const r = await attachCertificate(
        { db, clock: systemClock },
        { actor: null, userId: await userIdOf(db, email), certificate: bytes },
      );
      io.out(r.created ? `Certificat rattaché à ${email}.` : `Ce certificat était déjà rattaché à ${email}.`);
    }
  });
  if (emails.length > 1)
    io.out(
      'Certificat partagé : chaque titulaire choisira avec son mot de passe (relais cert password --email …).',
    );
  const v = (await trustFor(config, io)).check(info!.der);
  if (!v.canSignIn) io.out(`Attention : la plateforme ne l’accepte pas aujourd’hui. ${v.refusal?.message}`);
  return 0;
}

export async function certList(io: CliIo, o: { email?: string; tous?: boolean }): Promise<number> {
  if (!o.email) {
    io.err('Indiquez la personne : --email adresse.');
    return 1;
  }
  const certs: UserCertificate[] = await withDatabase(readConfig(io), async (db) =>
    listCertificatesOfUser(db, await userIdOf(db, o.email!), !!o.tous),
  );
  if (certs.length === 0) {
    io.out('Aucun certificat.');
    return 0;
  }
  for (const l of table(
    ['Identifiant', 'Titulaire', 'Expire le', 'Empreinte (début)', 'État'],
    certs.map((c) => [
      c.id,
      c.subject,
      frDate(c.notAfter),
      formatFingerprint(c.fingerprint).slice(0, 23),
      c.detachedAt ? `détaché le ${frDate(c.detachedAt)}` : 'rattaché',
    ]),
  ))
    io.out(l);
  return 0;
}

export async function certDetach(io: CliIo, id: string): Promise<number> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) {
    io.err('Indiquez l’identifiant du certificat (colonne « Identifiant » de « relais cert list »).');
    return 1;
  }
  await withDatabase(readConfig(io), (db) =>
    detachCertificate({ db, clock: systemClock }, { actor: null, certificateId: id }),
  );
  io.out('Certificat détaché : il ne permet plus de se connecter à ce compte.');
  return 0;
}

export async function certPassword(io: CliIo, o: { email?: string }): Promise<number> {
  if (!o.email) {
    io.err('Indiquez la personne : --email adresse.');
    return 1;
  }
  const { password } = await withDatabase(readConfig(io), async (db) =>
    setPassword({ db, clock: systemClock }, { actor: null, userId: await userIdOf(db, o.email!) }),
  );
  io.out(`Mot de passe de ${o.email} (à transmettre à la personne ; il ne sera plus affiché) : ${password}`);
  return 0;
}

/** Downloads the CRLs now. With the embedded database in use by a running Relais, only the CAs' own addresses are used. */
export async function certCrl(io: CliIo): Promise<number> {
  const config = readConfig(io);
  let known: Buffer[] = [];
  try {
    known = await withDatabase(config, (db) => unsafeListActiveCertificateDer(db));
  } catch (e) {
    if (!isAppError(e) || e.code !== 'DATA_DIR_LOCKED') throw e;
    io.err(
      'La base embarquée est utilisée par Relais : seules les adresses des autorités et du fichier crl/sources.txt sont lues.',
    );
  }
  const trust = await trustFor(config, io, async () => known);
  const report = await trust.refreshCrls();
  if (report.results.length === 0)
    io.out(
      'Aucune adresse de liste de révocation connue : ajoutez-en dans crl/sources.txt du répertoire de confiance.',
    );
  for (const r of report.results)
    io.out(`${r.ok ? '✔' : '✖'} ${r.url} : ${r.message}${r.ca ? ` (${r.ca})` : ''}`);
  const store = trust.store();
  const missing = store.cas.filter((ca) => !store.crls.has(ca.info.fingerprint));
  for (const ca of missing) io.out(`✖ Aucune liste de révocation pour « ${ca.info.subject} ».`);
  return report.results.some((r) => !r.ok) || missing.length ? 1 : 0;
}

export async function certExpirations(io: CliIo, o: { jours?: string }): Promise<number> {
  const days = o.jours ? Number(o.jours) : 90;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    io.err('--jours doit être un nombre entier entre 1 et 3650.');
    return 1;
  }
  const rows = await withDatabase(
    readConfig(io),
    async (db) =>
      (
        await db.query<{ name: string; email: string; subject: string; not_after: Date }>(
          `select u.name, u.email, c.subject, c.not_after from user_certificates c join users u on u.id = c.user_id
         where c.detached_at is null and c.not_after < now() + make_interval(days => $1) order by c.not_after`,
          [days],
        )
      ).rows,
  );
  if (rows.length === 0) {
    io.out(`Aucun certificat n’expire dans les ${days} prochains jours.`);
    return 0;
  }
  for (const l of table(
    ['Personne', 'Courriel', 'Certificat', 'Expire le'],
    rows.map((r) => [r.name, r.email, r.subject, frDate(r.not_after)]),
  ))
    io.out(l);
  return 0;
}
