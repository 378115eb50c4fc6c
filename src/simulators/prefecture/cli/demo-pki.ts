// When `relais simulateur` is given no certificates, it makes a demonstration PKI in its data directory
// (kept and reused): a CA, the server certificate for localhost/127.0.0.1, and a client certificate the
// operator's platform can use. ECDSA P-256; keys written readable by their owner only.
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface DemoPkiFiles {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

function pem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

async function keys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function keyPem(k: webcrypto.CryptoKeyPair): Promise<string> {
  return pem(await webcrypto.subtle.exportKey('pkcs8', k.privateKey), 'PRIVATE KEY');
}

export function demoPkiFiles(dataDir: string): DemoPkiFiles {
  const dir = path.join(dataDir, 'pki');
  return {
    dir,
    caCert: path.join(dir, 'ac.pem'),
    serverCert: path.join(dir, 'serveur.pem'),
    serverKey: path.join(dir, 'serveur-cle.pem'),
    clientCert: path.join(dir, 'client.pem'),
    clientKey: path.join(dir, 'client-cle.pem'),
  };
}

/** The demonstration PKI of `dataDir`, made on first use; `created` says whether it was just made. */
export async function ensureDemoPki(
  dataDir: string,
  now = new Date(),
): Promise<DemoPkiFiles & { created: boolean }> {
  const files = demoPkiFiles(dataDir);
  if (
    [files.caCert, files.serverCert, files.serverKey, files.clientCert, files.clientKey].every((f) =>
      existsSync(f),
    )
  )
    return { ...files, created: false };
  mkdirSync(files.dir, { recursive: true });
  const notBefore = new Date(now.getTime() - DAY);
  const notAfter = new Date(now.getTime() + 2 * 365 * DAY);
  const caKeys = await keys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(10).toString('hex')}`,
    name: 'CN=AC de démonstration du simulateur de préfecture, O=Relais',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const leaf = async (subject: string, server: boolean) => {
    const k = await keys();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: `01${randomBytes(10).toString('hex')}`,
      subject,
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: k.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(false),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
        ]),
        ...(server
          ? [
              new x509.SubjectAlternativeNameExtension([
                { type: 'dns', value: 'localhost' },
                { type: 'ip', value: '127.0.0.1' },
              ]),
            ]
          : []),
      ],
    });
    return { cert: pem(cert.rawData, 'CERTIFICATE'), key: await keyPem(k) };
  };
  const server = await leaf('CN=localhost, O=Préfecture simulée', true);
  const client = await leaf('CN=Opérateur de démonstration, O=Relais', false);
  writeFileSync(files.caCert, pem(ca.rawData, 'CERTIFICATE'));
  writeFileSync(files.serverCert, server.cert);
  writeFileSync(files.serverKey, server.key, { mode: 0o600 });
  writeFileSync(files.clientCert, client.cert);
  writeFileSync(files.clientKey, client.key, { mode: 0o600 });
  return { ...files, created: true };
}

export function readPem(file: string): string {
  return readFileSync(file, 'utf8');
}
