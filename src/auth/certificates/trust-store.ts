// The trust store: the CA certificates the platform accepts, read from two folders — "rgs" (enough to
// transmit) and "extended" (enough to sign in) — and the revocation lists of those CAs, each checked
// against its CA's signature before it is used. Unreadable files are reported, never fatal.
import { X509Certificate as NodeX509 } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type CertificateInfo,
  certificateInfo,
  readCertificateBlobs,
  readCrlBlobs,
} from './certificate-info.ts';
import { x509 } from './x509.ts';

export type TrustList = 'rgs' | 'extended';

export const TRUST_LIST_LABELS: Record<TrustList, string> = {
  rgs: 'liste RGS (connexion et télétransmission)',
  extended: 'liste étendue (connexion seulement)',
};

export interface TrustedCa {
  list: TrustList;
  info: CertificateInfo;
  node: NodeX509;
  cert: x509.X509Certificate;
  source: string;
}

export interface LoadedCrl {
  caFingerprint: string;
  crl: x509.X509Crl;
  der: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
  source: string;
}

export interface TrustStore {
  cas: readonly TrustedCa[];
  /** The newest valid CRL of each CA, by the CA's fingerprint. */
  crls: ReadonlyMap<string, LoadedCrl>;
  /** French sentences about files that could not be used. */
  problems: readonly string[];
}

export interface TrustSources {
  rgsDir: string;
  extendedDir: string;
  crlDir: string;
  /** CAs that do not live in the folders (the demo CA in demo mode). */
  extraCas?: readonly { list: TrustList; pem: string; source: string }[];
  extraCrls?: readonly { data: Buffer; source: string }[];
  /** CRL files read again at each load (the demo CA's, which the demo connector rewrites on revocation). */
  extraCrlFiles?: readonly { file: string; source: string }[];
}

const CERT_FILE = /\.(pem|crt|cer|der)$/i;
const CRL_FILE = /\.(crl|pem|der)$/i;

function filesIn(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function caFrom(der: Buffer, list: TrustList, source: string, problems: string[]): TrustedCa | null {
  const info = certificateInfo(der);
  if (!info) {
    problems.push(`${source} : certificat illisible, ignoré. Déposez un certificat au format PEM ou DER.`);
    return null;
  }
  if (!info.isCa) {
    problems.push(
      `${source} : « ${info.subject} » n’est pas une autorité de certification (pas de « CA:TRUE ») ; ignoré.`,
    );
    return null;
  }
  return { list, info, node: new NodeX509(der), cert: new x509.X509Certificate(der), source };
}

export async function loadTrustStore(sources: TrustSources): Promise<TrustStore> {
  const problems: string[] = [];
  const byFingerprint = new Map<string, TrustedCa>();
  const add = (ca: TrustedCa | null) => {
    if (!ca) return;
    const known = byFingerprint.get(ca.info.fingerprint);
    // A CA in both folders belongs to the stronger list.
    if (!known || (known.list === 'extended' && ca.list === 'rgs'))
      byFingerprint.set(ca.info.fingerprint, ca);
  };
  for (const [list, dir] of [
    ['rgs', sources.rgsDir],
    ['extended', sources.extendedDir],
  ] as const) {
    for (const file of filesIn(dir, CERT_FILE)) {
      const blobs = readCertificateBlobs(readFileSync(file));
      if (blobs.length === 0) problems.push(`${file} : aucun certificat trouvé dans ce fichier ; ignoré.`);
      for (const der of blobs) add(caFrom(der, list, file, problems));
    }
  }
  for (const extra of sources.extraCas ?? [])
    for (const der of readCertificateBlobs(extra.pem)) add(caFrom(der, extra.list, extra.source, problems));
  const cas = [...byFingerprint.values()];

  const crls = new Map<string, LoadedCrl>();
  const crlInputs = [
    ...filesIn(sources.crlDir, CRL_FILE).map((f) => ({ data: readFileSync(f), source: f })),
    ...(sources.extraCrls ?? []),
    ...(sources.extraCrlFiles ?? [])
      .filter((f) => existsSync(f.file))
      .map((f) => ({ data: readFileSync(f.file), source: f.source })),
  ];
  for (const input of crlInputs) {
    const blobs = readCrlBlobs(input.data);
    if (blobs.length === 0) problems.push(`${input.source} : liste de révocation illisible ; ignorée.`);
    for (const der of blobs) {
      const loaded = await matchCrl(cas, der, input.source);
      if (!loaded) {
        problems.push(
          `${input.source} : liste de révocation d’une autorité inconnue ou à la signature invalide ; ignorée.`,
        );
        continue;
      }
      const known = crls.get(loaded.caFingerprint);
      if (!known || loaded.thisUpdate > known.thisUpdate) crls.set(loaded.caFingerprint, loaded);
    }
  }
  return { cas, crls, problems };
}

/** The CA that signed this CRL (same name and a valid signature), with the parsed CRL; null otherwise. */
export async function matchCrl(
  cas: readonly TrustedCa[],
  der: Buffer,
  source: string,
): Promise<LoadedCrl | null> {
  let crl: x509.X509Crl;
  try {
    crl = new x509.X509Crl(der);
  } catch {
    return null;
  }
  for (const ca of cas) {
    if (ca.cert.subject !== crl.issuer) continue;
    const valid = await crl.verify({ publicKey: ca.cert }).catch(() => false);
    if (!valid) continue;
    return {
      caFingerprint: ca.info.fingerprint,
      crl,
      der,
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate ?? null,
      source,
    };
  }
  return null;
}

/** The CA of the store that issued `cert`: same issuer name and a signature its key verifies. */
export function findIssuer(
  store: TrustStore,
  cert: NodeX509,
): { ca: TrustedCa | null; nameMatched: boolean } {
  let nameMatched = false;
  for (const ca of store.cas) {
    if (cert.issuer !== ca.node.subject) continue;
    nameMatched = true;
    // checkIssued also compares the key identifiers; the signature is the proof.
    if (cert.checkIssued(ca.node) && cert.verify(ca.node.publicKey)) return { ca, nameMatched };
  }
  return { ca: null, nameMatched };
}
