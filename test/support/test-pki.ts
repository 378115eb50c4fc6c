// A throw-away PKI for tests that need TLS: certification authorities, server certificates for
// localhost/127.0.0.1 and client certificates (mutual TLS), all ECDSA P-256 so that making them is instant.
import 'reflect-metadata';
import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type KeyPair = webcrypto.CryptoKeyPair;

export interface TestCertificate {
  cert: x509.X509Certificate;
  keys: KeyPair;
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint as Node prints it (AB:CD:…), for pinning. */
  fingerprint256: string;
}

export interface LeafOptions {
  /** Default: 1 hour ago. */
  notBefore?: Date;
  /** Default: notBefore + 1 day. */
  notAfter?: Date;
}

export interface TestCa extends TestCertificate {
  /** A server certificate for localhost and 127.0.0.1, issued by this CA. */
  issueServer(subject?: string, options?: LeafOptions): Promise<TestCertificate>;
  /** A client certificate (extended key usage clientAuth), issued by this CA. */
  issueClient(subject?: string, options?: LeafOptions): Promise<TestCertificate>;
}

export interface TestPki {
  ca: TestCa;
  server: TestCertificate;
  client: TestCertificate;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const HOUR = 3_600_000;

const serial = () => `01${randomBytes(10).toString('hex')}`;

function pem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

async function newKeys(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
}

async function finish(cert: x509.X509Certificate, keys: KeyPair): Promise<TestCertificate> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const certPem = pem(cert.rawData, 'CERTIFICATE');
  return {
    cert,
    keys,
    certPem,
    keyPem: pem(pkcs8, 'PRIVATE KEY'),
    fingerprint256: new X509Certificate(certPem).fingerprint256,
  };
}

async function issueLeaf(
  ca: TestCertificate,
  subject: string,
  server: boolean,
  options: LeafOptions,
): Promise<TestCertificate> {
  const keys = await newKeys();
  const notBefore = options.notBefore ?? new Date(Date.now() - HOUR);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([
      server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
  ];
  if (server) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.cert.subject,
    notBefore,
    notAfter: options.notAfter ?? new Date(notBefore.getTime() + 24 * HOUR),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGN,
    extensions,
  });
  return finish(cert, keys);
}

/** A self-signed certification authority able to issue server and client certificates. */
export async function createTestCa(name = 'CN=AC de test Relais'): Promise<TestCa> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + 30 * 24 * HOUR),
    keys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const ca = await finish(cert, keys);
  return {
    ...ca,
    issueServer: (subject = 'CN=localhost, O=Serveur de test', options = {}) =>
      issueLeaf(ca, subject, true, options),
    issueClient: (subject = 'CN=Client de test, O=Relais', options = {}) =>
      issueLeaf(ca, subject, false, options),
  };
}

/** One CA, a server certificate for localhost/127.0.0.1 and a client certificate, all from that CA. */
export async function createTestPki(name?: string): Promise<TestPki> {
  const ca = await createTestCa(name);
  return { ca, server: await ca.issueServer(), client: await ca.issueClient() };
}
