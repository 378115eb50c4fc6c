// A small certification authority in code: CA, client and server certificates, CRLs. Used by the demo
// PKI and by the tests; ECDSA P-256 by default because it is instant (RSA on request, as real RGS CAs use).
import { randomBytes, webcrypto } from 'node:crypto';
import { toPem } from '../certificates/certificate-info.ts';
import { x509 } from '../certificates/x509.ts';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Algorithm = webcrypto.Algorithm;
type EcdsaParams = webcrypto.EcdsaParams;

export type KeyKind = 'ec' | 'rsa';

export interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  der: Buffer;
  pem: string;
  /** PKCS#8 private key, PEM. */
  keyPem: string;
  keyDer: Buffer;
}

const ALGORITHMS: Record<KeyKind, webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams> = {
  ec: { name: 'ECDSA', namedCurve: 'P-256' },
  rsa: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
};

function signingAlgorithm(keys: CryptoKeyPair): Algorithm | EcdsaParams {
  return keys.privateKey.algorithm.name === 'ECDSA'
    ? ({ name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams)
    : ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm);
}

export async function generateKeys(kind: KeyKind = 'ec'): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHMS[kind], true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function finish(cert: x509.X509Certificate, keys: CryptoKeyPair): Promise<Issued> {
  const keyDer = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const der = Buffer.from(cert.rawData);
  return { cert, keys, der, pem: toPem(der), keyDer, keyPem: toPem(keyDer, 'PRIVATE KEY') };
}

const randomSerial = () =>
  `${(randomBytes(1)[0]! & 0x7f).toString(16).padStart(2, '0')}${randomBytes(11).toString('hex')}`;

export interface ValidityOptions {
  notBefore?: Date;
  notAfter?: Date;
  serial?: string;
  keyKind?: KeyKind;
}

export async function createCa(
  name: string,
  opts: ValidityOptions & { issuer?: Issued; crlUrl?: string } = {},
): Promise<Issued> {
  const keys = await generateKeys(opts.keyKind);
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3_600_000);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + 10 * 365 * 86_400_000);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (opts.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([opts.crlUrl]));
  const cert = opts.issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: opts.serial ?? randomSerial(),
        subject: name,
        issuer: opts.issuer.cert.subject,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey: opts.issuer.keys.privateKey,
        signingAlgorithm: signingAlgorithm(opts.issuer.keys),
        extensions: [
          ...extensions,
          await x509.AuthorityKeyIdentifierExtension.create(opts.issuer.cert, false),
        ],
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: opts.serial ?? randomSerial(),
        name,
        notBefore,
        notAfter,
        keys,
        signingAlgorithm: signingAlgorithm(keys),
        extensions,
      });
  return finish(cert, keys);
}

export interface LeafOptions extends ValidityOptions {
  email?: string;
  crlUrl?: string;
  /** Server certificate for these DNS names / IP addresses instead of a client certificate. */
  serverNames?: string[];
}

export async function issueCertificate(ca: Issued, subject: string, opts: LeafOptions = {}): Promise<Issued> {
  const keys = await generateKeys(opts.keyKind);
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3_600_000);
  const notAfter = opts.notAfter ?? new Date(notBefore.getTime() + 2 * 365 * 86_400_000);
  const server = !!opts.serverNames?.length;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | (server ? x509.KeyUsageFlags.keyEncipherment : 0),
      true,
    ),
    new x509.ExtendedKeyUsageExtension([
      server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const names: x509.JsonGeneralName[] = [
    ...(opts.serverNames ?? []).map((n) =>
      /^[\d.]+$|:/.test(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n },
    ),
    ...(opts.email ? [{ type: 'email' as const, value: opts.email }] : []),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  if (opts.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([opts.crlUrl]));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: opts.serial ?? randomSerial(),
    subject,
    issuer: ca.cert.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(ca.keys),
    extensions,
  });
  return finish(cert, keys);
}

export interface CrlOptions {
  revoked?: { serial: string; at?: Date; reason?: x509.X509CrlReason }[];
  thisUpdate?: Date;
  nextUpdate?: Date;
}

/** A CRL signed by `ca`, as DER. */
export async function createCrl(ca: Issued, opts: CrlOptions = {}): Promise<Buffer> {
  const thisUpdate = opts.thisUpdate ?? new Date(Date.now() - 60_000);
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subject,
    thisUpdate,
    nextUpdate: opts.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * 86_400_000),
    signingAlgorithm: signingAlgorithm(ca.keys),
    signingKey: ca.keys.privateKey,
    entries: (opts.revoked ?? []).map((r) => ({
      serialNumber: r.serial,
      revocationDate: r.at ?? new Date(thisUpdate.getTime() - 1000),
      reason: r.reason ?? x509.X509CrlReason.keyCompromise,
    })),
  });
  return Buffer.from(crl.rawData);
}

/** Reloads an issued CA from its PEM files (the demo CA on disk). */
export async function loadIssued(certPem: string, keyPem: string): Promise<Issued> {
  const cert = new x509.X509Certificate(certPem);
  const keyDer = Buffer.from(keyPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  const isEc = cert.publicKey.algorithm.name === 'ECDSA';
  const algorithm = isEc ? ALGORITHMS.ec : ALGORITHMS.rsa;
  const privateKey = await webcrypto.subtle.importKey('pkcs8', keyDer, algorithm, true, ['sign']);
  const publicKey = await cert.publicKey.export(algorithm, ['verify']);
  return finish(cert, { privateKey, publicKey });
}
