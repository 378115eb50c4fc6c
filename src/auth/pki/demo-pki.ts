// The demo PKI under the data directory: a demo CA (trusted in demo mode only), the localhost server
// certificate for HTTPS, and a certificate per demo person (PEM and .p12), plus one certificate shared
// by two people, so that a newcomer can try certificate sign-in in a real browser.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { generatePassword } from '../accounts/passwords.ts';
import { sha256Hex, toPem } from '../certificates/certificate-info.ts';
import { createCa, createCrl, type Issued, issueCertificate } from './issue.ts';
import { buildPkcs12 } from './pkcs12.ts';

export interface DemoPkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  caCrl: string;
  serverCert: string;
  serverKey: string;
  peopleDir: string;
  manifest: string;
  readme: string;
}

export function demoPkiPaths(dataDirAbs: string): DemoPkiPaths {
  const dir = path.join(dataDirAbs, 'pki');
  return {
    dir,
    caCert: path.join(dir, 'autorite-demo.pem'),
    caKey: path.join(dir, 'autorite-demo.key.pem'),
    caCrl: path.join(dir, 'autorite-demo.crl.pem'),
    serverCert: path.join(dir, 'serveur.pem'),
    serverKey: path.join(dir, 'serveur.key.pem'),
    peopleDir: path.join(dir, 'personnes'),
    manifest: path.join(dir, 'demo.json'),
    readme: path.join(dir, 'LISEZMOI.txt'),
  };
}

export interface DemoCertificate {
  label: string;
  /** The people it signs in (several: a shared certificate). */
  holders: { name: string; email: string; password?: string }[];
  fingerprint: string;
  pem: string;
  p12: string;
}

export interface DemoManifest {
  createdAt: string;
  /** Password of every .p12 file of this demo PKI. */
  p12Password: string;
  certificates: DemoCertificate[];
}

export function demoPkiExists(paths: DemoPkiPaths): boolean {
  return [paths.caCert, paths.serverCert, paths.serverKey, paths.manifest].every((f) => existsSync(f));
}

export function readDemoManifest(paths: DemoPkiPaths): DemoManifest | null {
  return existsSync(paths.manifest)
    ? (JSON.parse(readFileSync(paths.manifest, 'utf8')) as DemoManifest)
    : null;
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function writePrivate(file: string, content: string | Buffer): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export interface DemoPkiInput {
  dataDirAbs: string;
  people: { name: string; email: string }[];
  /** One certificate shared by these people (e-mails), who then choose with a password. */
  shared?: { label: string; emails: string[] };
  now?: Date;
}

/** Creates the demo PKI, or returns the existing one unchanged (`force` makes a new one). */
export async function createDemoPki(
  input: DemoPkiInput,
  force = false,
): Promise<{ manifest: DemoManifest; created: boolean }> {
  const paths = demoPkiPaths(input.dataDirAbs);
  const existing = readDemoManifest(paths);
  if (existing && demoPkiExists(paths) && !force) return { manifest: existing, created: false };
  const now = input.now ?? new Date();
  mkdirSync(paths.peopleDir, { recursive: true });

  const ca = await createCa('CN=Autorité de démonstration Relais, O=Relais (démonstration), C=FR', {
    notBefore: new Date(now.getTime() - 86_400_000),
  });
  writeFileSync(paths.caCert, ca.pem);
  writePrivate(paths.caKey, ca.keyPem);
  const crl = await createCrl(ca, { thisUpdate: now, nextUpdate: ca.cert.notAfter });
  writeFileSync(paths.caCrl, toPem(crl, 'X509 CRL'));
  const server = await issueCertificate(ca, 'CN=localhost, O=Relais (démonstration), C=FR', {
    serverNames: [...new Set(['localhost', '127.0.0.1', '::1', hostname()])],
  });
  writeFileSync(paths.serverCert, `${server.pem}${ca.pem}`);
  writePrivate(paths.serverKey, server.keyPem);

  const p12Password = generatePassword();
  const certificates: DemoCertificate[] = [];
  const issue = async (label: string, holders: DemoCertificate['holders'], email?: string) => {
    const cert = await issueCertificate(ca, `CN=${label}, O=Relais (démonstration), C=FR`, { email });
    const base = path.join(paths.peopleDir, slug(label));
    writeFileSync(`${base}.pem`, cert.pem);
    writePrivate(`${base}.key.pem`, cert.keyPem);
    writePrivate(`${base}.p12`, await p12Of(cert, ca, label, p12Password));
    certificates.push({
      label,
      holders,
      fingerprint: sha256Hex(cert.der),
      pem: `${base}.pem`,
      p12: `${base}.p12`,
    });
  };
  for (const p of input.people) await issue(p.name, [{ name: p.name, email: p.email }], p.email);
  if (input.shared) {
    const holders = input.shared.emails
      .map((e) => input.people.find((p) => p.email === e))
      .filter((p): p is { name: string; email: string } => !!p)
      .map((p) => ({ ...p, password: generatePassword() }));
    await issue(input.shared.label, holders);
  }
  const manifest: DemoManifest = { createdAt: now.toISOString(), p12Password, certificates };
  writePrivate(paths.manifest, JSON.stringify(manifest, null, 2));
  writeFileSync(paths.readme, demoReadme(paths, manifest));
  return { manifest, created: true };
}

function p12Of(cert: Issued, ca: Issued, label: string, password: string): Promise<Buffer> {
  return buildPkcs12({
    certDer: cert.der,
    keyPkcs8Der: cert.keyDer,
    chainDer: [ca.der],
    friendlyName: label,
    password,
  });
}

export function demoReadme(paths: DemoPkiPaths, m: DemoManifest): string {
  const lines = [
    'PKI de DÉMONSTRATION de Relais — ces certificats n’ont aucune valeur en dehors de la démonstration.',
    '',
    `Autorité de démonstration : ${paths.caCert}`,
    '  (importez-la comme autorité de confiance du navigateur pour éviter l’alerte de sécurité)',
    `Certificat du serveur (localhost) : ${paths.serverCert}`,
    '',
    `Mot de passe de tous les fichiers .p12 : ${m.p12Password}`,
    '',
    'Certificats des personnes :',
    ...m.certificates.map((c) =>
      c.holders.length > 1
        ? `  ${c.label} (partagé) : ${c.p12}\n${c.holders.map((h) => `      ${h.name} <${h.email}> — mot de passe de connexion : ${h.password}`).join('\n')}`
        : `  ${c.label} : ${c.p12}`,
    ),
    '',
    'Pour essayer : redémarrez Relais (npm start), importez un fichier .p12 dans votre navigateur',
    '(Paramètres > Confidentialité et sécurité > Sécurité > Gérer les certificats > Vos certificats > Importer),',
    'puis ouvrez https://localhost:8080/connexion.',
  ];
  return `${lines.join('\n')}\n`;
}

/** The demo CA and its CRL, for the trust store in demo mode. */
export function demoTrustSources(paths: DemoPkiPaths): { caPem: string; crl: Buffer } | null {
  if (!existsSync(paths.caCert) || !existsSync(paths.caCrl)) return null;
  return { caPem: readFileSync(paths.caCert, 'utf8'), crl: readFileSync(paths.caCrl) };
}
