// A throw-away PKI for the ministry gateway tests: one CA, a server certificate for localhost/127.0.0.1
// (the "ministry"), a client certificate (the operator), and an impostor server signed by the same CA.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = webcrypto.CryptoKeyPair;

export interface TestCertificate {
  cert: x509.X509Certificate;
  keys: KeyPair;
  certPem: string;
  keyPem: string;
}

export interface GatewayPki {
  ca: TestCertificate;
  server: TestCertificate;
  /** Same CA, same names, another key: what a man in the middle holding a valid certificate would show. */
  impostor: TestCertificate;
  client: TestCertificate;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const serial = () => `01${randomBytes(10).toString('hex')}`;

function pem(der: ArrayBuffer | Buffer, label: string): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

async function finish(cert: x509.X509Certificate, keys: KeyPair): Promise<TestCertificate> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { cert, keys, certPem: pem(cert.rawData, 'CERTIFICATE'), keyPem: pem(pkcs8, 'PRIVATE KEY') };
}

async function leaf(ca: TestCertificate, subject: string, server: boolean): Promise<TestCertificate> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
  const notBefore = new Date(Date.now() - 3_600_000);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([
      server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
  ];
  if (server)
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.cert.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 86_400_000),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGN,
    extensions,
  });
  return finish(cert, keys);
}

export async function createGatewayPki(): Promise<GatewayPki> {
  const caKeys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=AC de test du ministère',
    notBefore: new Date(Date.now() - 3_600_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: caKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const ca = await finish(caCert, caKeys);
  return {
    ca,
    server: await leaf(ca, 'CN=localhost, O=Ministère (test)', true),
    impostor: await leaf(ca, 'CN=localhost, O=Imposteur', true),
    client: await leaf(ca, 'CN=Relais TdT (test), O=Syndicat', false),
  };
}

/** SHA-256 fingerprint as Node prints it (AB:CD:…). */
export function fingerprint256(c: TestCertificate): string {
  return new X509Certificate(c.certPem).fingerprint256;
}

/** The certificate and key as a PKCS#12 file, made by the openssl command; null when it is absent. */
export function toPkcs12(c: TestCertificate, passphrase: string): Buffer | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-p12-'));
  try {
    writeFileSync(path.join(dir, 'cert.pem'), c.certPem);
    writeFileSync(path.join(dir, 'key.pem'), c.keyPem);
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', 'out.p12', '-passout', 'stdin'],
      { cwd: dir, input: `${passphrase}\n`, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    return readFileSync(path.join(dir, 'out.p12'));
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  }
}
