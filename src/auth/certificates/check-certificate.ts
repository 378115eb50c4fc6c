// The decision on one certificate: accepted or not, for what (sign in / transmit), and why not — in a
// French sentence that says what to do. Synchronous and pure given the trust store and the instant.
import { X509Certificate as NodeX509 } from 'node:crypto';
import { type CertificateInfo, certificateInfo } from './certificate-info.ts';
import { findIssuer, type TrustedCa, type TrustList, type TrustStore } from './trust-store.ts';
import { x509 } from './x509.ts';

export type RefusalCode =
  | 'unreadable'
  | 'is-ca'
  | 'not-for-client-auth'
  | 'not-yet-valid'
  | 'expired'
  | 'unknown-ca'
  | 'bad-signature'
  | 'ca-expired'
  | 'revoked'
  | 'crl-missing'
  | 'crl-stale';

export interface CertificateVerdict {
  info: CertificateInfo | null;
  canSignIn: boolean;
  canTransmit: boolean;
  level: TrustList | null;
  /** The CA that issued the certificate, when it is in the store. */
  issuer: { subject: string; list: TrustList } | null;
  refusal: { code: RefusalCode; message: string } | null;
  /** Why a certificate that signs in cannot transmit. */
  transmitRefusal: string | null;
}

export interface CheckOptions {
  now: Date;
  /** Refuse when the issuer's CRL is missing or stale (fail closed). */
  crlRequired: boolean;
  /** Tolerance after a CRL's nextUpdate before it is considered stale. */
  crlGraceMs: number;
}

const frDate = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);

function refuse(
  info: CertificateInfo | null,
  code: RefusalCode,
  message: string,
  issuer: TrustedCa | null = null,
): CertificateVerdict {
  return {
    info,
    canSignIn: false,
    canTransmit: false,
    level: null,
    issuer: issuer ? { subject: issuer.info.subject, list: issuer.list } : null,
    refusal: { code, message },
    transmitRefusal: null,
  };
}

/** Revocation of `subject` by `ca`: a refusal, or null when the CRL says it is fine. */
function revocationProblem(
  store: TrustStore,
  ca: TrustedCa,
  subject: x509.X509Certificate,
  whose: string,
  options: CheckOptions,
): { code: RefusalCode; message: string } | null {
  const crl = store.crls.get(ca.info.fingerprint);
  const caName = ca.info.commonName ?? ca.info.subject;
  if (!crl) {
    if (!options.crlRequired) return null;
    return {
      code: 'crl-missing',
      message: `La liste de révocation de l’autorité « ${caName} » n’est pas disponible : impossible de vérifier que ${whose} n’a pas été révoqué. L’administrateur du syndicat doit la récupérer (relais cert crl).`,
    };
  }
  const stale = crl.nextUpdate && options.now.getTime() > crl.nextUpdate.getTime() + options.crlGraceMs;
  if (stale && options.crlRequired)
    return {
      code: 'crl-stale',
      message: `La liste de révocation de l’autorité « ${caName} » est périmée depuis le ${frDate(crl.nextUpdate!)} : l’administrateur du syndicat doit la mettre à jour (relais cert crl).`,
    };
  const entry = crl.crl.findRevoked(subject);
  if (entry && entry.revocationDate.getTime() <= options.now.getTime())
    return {
      code: 'revoked',
      message: `${whose[0]!.toUpperCase()}${whose.slice(1)} a été révoqué le ${frDate(entry.revocationDate)} par l’autorité « ${caName} ». Il ne peut plus servir : demandez un nouveau certificat.`,
    };
  return null;
}

export function checkCertificate(store: TrustStore, der: Buffer, options: CheckOptions): CertificateVerdict {
  const info = certificateInfo(der);
  if (!info)
    return refuse(
      null,
      'unreadable',
      'Ce fichier n’est pas un certificat lisible. Exportez le certificat au format PEM ou DER (.cer, .crt, .pem).',
    );
  if (info.isCa)
    return refuse(
      info,
      'is-ca',
      'C’est le certificat d’une autorité de certification, pas celui d’une personne : présentez votre certificat personnel.',
    );
  if (!info.canSignTls || !info.isClientAuth)
    return refuse(
      info,
      'not-for-client-auth',
      'Ce certificat n’est pas prévu pour l’authentification (usage « authentification client » absent) : utilisez votre certificat d’authentification, pas celui de signature ou de chiffrement.',
    );
  const now = options.now.getTime();
  if (now < info.notBefore.getTime())
    return refuse(
      info,
      'not-yet-valid',
      `Ce certificat ne sera valable qu’à partir du ${frDate(info.notBefore)}. Réessayez à cette date ou vérifiez l’horloge de votre ordinateur.`,
    );
  if (now > info.notAfter.getTime())
    return refuse(
      info,
      'expired',
      `Ce certificat a expiré le ${frDate(info.notAfter)}. Demandez son renouvellement à votre autorité de certification, puis faites rattacher le nouveau certificat à votre compte.`,
    );

  const node = new NodeX509(der);
  const { ca: issuer, nameMatched } = findIssuer(store, node);
  if (!issuer) {
    if (nameMatched)
      return refuse(
        info,
        'bad-signature',
        `La signature de ce certificat ne correspond pas à l’autorité « ${info.issuer} » : il est falsifié ou endommagé. Il ne peut pas être accepté.`,
      );
    return refuse(
      info,
      'unknown-ca',
      `L’autorité qui a délivré ce certificat (« ${info.issuer} ») ne fait pas partie des autorités acceptées par la plateforme. Utilisez un certificat d’une autorité reconnue (RGS) ou demandez au syndicat d’ajouter cette autorité.`,
    );
  }

  // Walk up from the certificate to an anchor of the store, checking each link's validity and revocation.
  let subject = new x509.X509Certificate(der);
  let whose = 'ce certificat';
  let ca: TrustedCa = issuer;
  for (let depth = 0; depth < 8; depth++) {
    const caName = ca.info.commonName ?? ca.info.subject;
    if (now > ca.info.notAfter.getTime() || now < ca.info.notBefore.getTime())
      return refuse(
        info,
        'ca-expired',
        `Le certificat de l’autorité « ${caName} » n’est pas ou plus valable (jusqu’au ${frDate(ca.info.notAfter)}) : le syndicat doit installer son certificat à jour.`,
        issuer,
      );
    const problem = revocationProblem(store, ca, subject, whose, options);
    if (problem) return refuse(info, problem.code, problem.message, issuer);
    if (ca.node.checkIssued(ca.node) && ca.node.verify(ca.node.publicKey)) break; // a root
    const parent = findIssuer(store, ca.node).ca;
    if (!parent) break; // an intermediate CA listed on its own is an anchor
    subject = ca.cert;
    whose = `le certificat de l’autorité « ${caName} »`;
    ca = parent;
  }

  const canTransmit = issuer.list === 'rgs';
  return {
    info,
    canSignIn: true,
    canTransmit,
    level: issuer.list,
    issuer: { subject: issuer.info.subject, list: issuer.list },
    refusal: null,
    transmitRefusal: canTransmit
      ? null
      : `L’autorité « ${issuer.info.commonName ?? issuer.info.subject} » est sur la liste étendue : ce certificat permet de se connecter, pas de transmettre. Pour télétransmettre, il faut un certificat d’une autorité de la liste RGS.`,
  };
}
