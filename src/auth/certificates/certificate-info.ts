// Reading certificates and CRLs as people hand them to us (PEM, several PEM blocks, DER, URL-encoded
// PEM from a proxy) and the facts we keep about a certificate. Never throws on bad input: returns null.
import { createHash, X509Certificate } from 'node:crypto';
import { x509 } from './x509.ts';

export interface CertificateInfo {
  der: Buffer;
  pem: string;
  /** SHA-256 of the DER, lowercase hex without separators: the identity we store and journal. */
  fingerprint: string;
  subject: string;
  commonName: string | null;
  issuer: string;
  /** Uppercase hexadecimal, as OpenSSL prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  email: string | null;
  isCa: boolean;
  /** HTTP(S) addresses of the CRL that covers this certificate (its issuer's list). */
  crlUrls: string[];
  /** digitalSignature allowed, or no key-usage restriction. */
  canSignTls: boolean;
  /** clientAuth (or any) extended key usage, or no restriction. */
  isClientAuth: boolean;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;
const CRL_BLOCK = /-----BEGIN (?:X509 )?CRL-----([A-Za-z0-9+/=\s]+?)-----END (?:X509 )?CRL-----/g;
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

function pemBlocks(text: string, pattern: RegExp): Buffer[] {
  return [...text.matchAll(pattern)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Certificates found in PEM text (one or several blocks) or a single DER certificate. */
export function readCertificateBlobs(input: string | Buffer): Buffer[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) return pemBlocks(text, CERT_BLOCK);
  if (typeof input !== 'string' && input[0] === 0x30) return [input];
  return [];
}

/** CRLs found in PEM text (label "X509 CRL" or "CRL") or a single DER CRL. */
export function readCrlBlobs(input: Buffer): Buffer[] {
  const text = input.toString('latin1');
  if (/-----BEGIN (X509 )?CRL-----/.test(text)) return pemBlocks(text, CRL_BLOCK);
  return input[0] === 0x30 ? [input] : [];
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** "aa:bb:…" by groups, for people comparing with what their browser shows. */
export function formatFingerprint(fp: string): string {
  return fp.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

const oneLine = (dn: string) => dn.split('\n').join(', ');

function crlUrlsOf(cert: x509.X509Certificate): string[] {
  const ext = cert.getExtension(x509.CRLDistributionPointsExtension);
  const urls = (ext?.distributionPoints ?? []).flatMap(
    (dp) => dp.distributionPoint?.fullName?.map((n) => n.uniformResourceIdentifier) ?? [],
  );
  return urls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
}

/** Parses one DER certificate; null when it is not a readable X.509 certificate. */
export function certificateInfo(der: Buffer): CertificateInfo | null {
  try {
    const node = new X509Certificate(der);
    const pec = new x509.X509Certificate(der);
    const ku = pec.getExtension(x509.KeyUsagesExtension);
    const eku = node.keyUsage; // Node names the extended key usage "keyUsage"
    const emailFromSan = /email:([^,\s]+)/.exec(node.subjectAltName ?? '')?.[1] ?? null;
    const emailFromDn = /(?:^|\n)emailAddress=([^\n]+)/.exec(node.subject)?.[1] ?? null;
    return {
      der,
      pem: toPem(der),
      fingerprint: sha256Hex(der),
      subject: oneLine(node.subject),
      commonName: /(?:^|\n)CN=([^\n]+)/.exec(node.subject)?.[1] ?? null,
      issuer: oneLine(node.issuer),
      serial: node.serialNumber.toUpperCase(),
      notBefore: new Date(node.validFrom),
      notAfter: new Date(node.validTo),
      email: (emailFromSan ?? emailFromDn)?.toLowerCase() ?? null,
      isCa: node.ca,
      crlUrls: crlUrlsOf(pec),
      canSignTls: !ku || (ku.usages & x509.KeyUsageFlags.digitalSignature) !== 0,
      isClientAuth: !eku || eku.length === 0 || eku.includes(CLIENT_AUTH) || eku.includes(ANY_EKU),
    };
  } catch {
    return null;
  }
}

/** The certificate a person pasted or uploaded: the first readable one. */
export function parseCertificate(input: string | Buffer): CertificateInfo | null {
  for (const der of readCertificateBlobs(input)) {
    const info = certificateInfo(der);
    if (info) return info;
  }
  return null;
}
