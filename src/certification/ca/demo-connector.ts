// The demo CA as a certification authority (demo mode only): the demo PKI's CA (`relais pki demo`)
// issues the holder's client certificate at once, as a "token" — a .p12 file with a generated password —
// and revokes it by rewriting the demo CRL, which the trust store rereads. What it issued is kept beside
// the PKI (one file per request, private), so that collecting twice returns the same certificate.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatePassword } from '../../auth/accounts/passwords.ts';
import { certificateInfo, sha256Hex, toPem } from '../../auth/certificates/certificate-info.ts';
import { demoPkiPaths } from '../../auth/pki/demo-pki.ts';
import { createCrl, type Issued, issueCertificate, loadIssued } from '../../auth/pki/issue.ts';
import { buildPkcs12 } from '../../auth/pki/pkcs12.ts';
import { isUuid } from '../../auth/policy.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CertificateRequest, type IssuedCertificate, issuedCertificateFrom } from '../request-store.ts';
import type { CertificationAuthorityConnector, Issuance } from './authority-port.ts';

export interface DemoConnectorOptions {
  dataDirAbs: string;
  clock: Clock;
  /** Validity of the certificates it issues (a real product says; the demo keeps it short). */
  validityDays?: number;
  /** Called after the CRL file changed, so that the trust store rereads it at once. */
  onCrlUpdated?: () => unknown;
}

interface StoredIssuance {
  /** The demo CA that issued it: a demo PKI made again (`--force`) issues anew. */
  caFingerprint: string;
  certPem: string;
  p12Base64: string;
  password: string;
  fileName: string;
}

interface RevokedEntry {
  serial: string;
  at: string;
}

const NO_PKI =
  'La PKI de démonstration est absente : l’autorité de démonstration ne peut rien délivrer. Lancez `relais pki demo` sur le serveur, puis redémarrez Relais.';

/** A DN attribute value with RFC 4514's special characters escaped. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[#\s]/, (c) => `\\${c}`)
    .replace(/\s$/, (c) => `\\${c}`);
}

/** The subject of the holder's certificate: name, function, collectivité. */
export function holderSubject(request: Pick<CertificateRequest, 'holder' | 'collectiviteName'>): string {
  return [
    `CN=${escapeDnValue(request.holder.name)}`,
    `T=${escapeDnValue(request.holder.function)}`,
    `O=${escapeDnValue(request.collectiviteName)}`,
    'C=FR',
  ].join(', ');
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'certificat';

function writePrivate(file: string, content: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, file);
}

export function issuedCertificateOf(der: Buffer): IssuedCertificate {
  const info = certificateInfo(der);
  if (!info) throw new Error('demo CA issued an unreadable certificate');
  return issuedCertificateFrom(info);
}

export function createDemoConnector(opts: DemoConnectorOptions): CertificationAuthorityConnector {
  const paths = demoPkiPaths(opts.dataDirAbs);
  const issuedDir = path.join(paths.dir, 'demandes');
  const revokedFile = path.join(paths.dir, 'revoques.json');

  async function loadCa(): Promise<Issued> {
    if (!existsSync(paths.caCert) || !existsSync(paths.caKey)) throw new AppError('CA_UNAVAILABLE', NO_PKI);
    return loadIssued(readFileSync(paths.caCert, 'utf8'), readFileSync(paths.caKey, 'utf8'));
  }

  const fileOf = (request: CertificateRequest) => {
    if (!isUuid(request.id)) throw new Error('demo connector: bad request id');
    return path.join(issuedDir, `${request.id}.json`);
  };

  function read(file: string): Issuance {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredIssuance;
    const der = Buffer.from(stored.certPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    return {
      certificate: issuedCertificateOf(der),
      token: {
        p12: Buffer.from(stored.p12Base64, 'base64'),
        password: stored.password,
        fileName: stored.fileName,
      },
    };
  }

  return {
    kind: 'demo',

    async placeOrder(order) {
      await loadCa();
      return { caReference: `DEMO-${String(order.number).padStart(5, '0')}` };
    },

    async collect(request) {
      const file = fileOf(request);
      const ca = await loadCa();
      const caFingerprint = sha256Hex(ca.der);
      if (
        existsSync(file) &&
        (JSON.parse(readFileSync(file, 'utf8')) as StoredIssuance).caFingerprint === caFingerprint
      )
        return read(file);
      const now = opts.clock.now();
      const notBefore = new Date(now.getTime() - 3_600_000);
      const cert = await issueCertificate(ca, holderSubject(request), {
        email: request.holder.email,
        notBefore,
        notAfter: new Date(notBefore.getTime() + (opts.validityDays ?? 365) * 86_400_000),
      });
      const password = generatePassword();
      const p12 = await buildPkcs12({
        certDer: cert.der,
        keyPkcs8Der: cert.keyDer,
        chainDer: [ca.der],
        friendlyName: request.holder.name,
        password,
      });
      const stored: StoredIssuance = {
        caFingerprint,
        certPem: cert.pem,
        p12Base64: p12.toString('base64'),
        password,
        fileName: `certificat-${slug(request.holder.name)}.p12`,
      };
      mkdirSync(issuedDir, { recursive: true, mode: 0o700 });
      writePrivate(file, JSON.stringify(stored));
      return read(file);
    },

    async revoke(request) {
      if (!request.certificate)
        throw new AppError('CERT_REQUEST_STATE', 'Cette demande n’a pas de certificat délivré à révoquer.');
      const ca = await loadCa();
      const now = opts.clock.now();
      const revoked: RevokedEntry[] = existsSync(revokedFile)
        ? (JSON.parse(readFileSync(revokedFile, 'utf8')) as RevokedEntry[])
        : [];
      const serial = request.certificate.serialHex.toLowerCase();
      if (!revoked.some((r) => r.serial === serial)) revoked.push({ serial, at: now.toISOString() });
      const crl = await createCrl(ca, {
        revoked: revoked.map((r) => ({ serial: r.serial, at: new Date(r.at) })),
        thisUpdate: now,
        nextUpdate: ca.cert.notAfter,
      });
      writePrivate(revokedFile, JSON.stringify(revoked, null, 2));
      const tmp = `${paths.caCrl}.tmp`;
      writeFileSync(tmp, toPem(crl, 'X509 CRL'));
      renameSync(tmp, paths.caCrl);
      await opts.onCrlUpdated?.();
      return { confirmed: true, reference: `DEMO-REV-${serial.toUpperCase()}` };
    },
  };
}
