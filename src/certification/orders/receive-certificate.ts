// Use case: the CA has issued a request's certificate. Either the connector delivers it (collect) or an
// RA officer imports it (PEM or DER, the manual path). It must be a person's authentication certificate
// that plausibly belongs to the holder — a mismatch is refused unless the officer confirms it — and is
// stored on the request with the move to "token received".
import { findHoldersOfCertificate } from '../../auth/accounts/certificate-store.ts';
import { type CertificateInfo, parseCertificate } from '../../auth/certificates/certificate-info.ts';
import type { Principal } from '../../auth/policy.ts';
import { isUniqueViolation } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getAuthority } from '../catalogue.ts';
import type { CertificationDeps } from '../deps.ts';
import {
  actorForAction,
  type CertificateRequest,
  getRequestFor,
  type IssuedCertificate,
  issuedCertificateFrom,
  transition,
} from '../request-store.ts';
import { decide } from '../workflow.ts';

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Why this certificate may not be the holder's, or null when it plausibly is: its e-mail is the
 * holder's, or (without an e-mail) every word of the holder's name is in its common name.
 */
export function holderMismatch(
  info: Pick<CertificateInfo, 'email' | 'commonName' | 'subject'>,
  holder: CertificateRequest['holder'],
): string | null {
  const emailMatches = !!info.email && info.email.toLowerCase() === holder.email.toLowerCase();
  const words = plain(holder.name).split(' ').filter(Boolean);
  const cn = ` ${plain(info.commonName ?? info.subject)} `;
  const nameMatches = words.length > 0 && words.every((w) => cn.includes(` ${w} `));
  if (info.email && !emailMatches)
    return `Le certificat porte l’adresse ${info.email}, alors que la demande est pour ${holder.name} <${holder.email}>.`;
  if (emailMatches || nameMatches) return null;
  return `Le certificat est au nom de « ${info.commonName ?? info.subject} », alors que la demande est pour ${holder.name}.`;
}

/** The certificate as the request stores it, or the reason it cannot be the holder's. */
export function checkIssuedCertificate(
  input: string | Buffer,
  request: CertificateRequest,
  opts: { now: Date; confirmMismatch: boolean },
): { certificate: IssuedCertificate; mismatch: string | null } {
  const info = parseCertificate(input);
  const refuse = (message: string) => validationError([{ field: 'certificat', message }]);
  if (!info)
    throw refuse(
      'Le certificat est illisible. Collez-le au format PEM (texte commençant par « -----BEGIN CERTIFICATE----- ») ou choisissez le fichier .cer, .crt, .pem ou .der envoyé par l’autorité.',
    );
  if (info.isCa)
    throw refuse('C’est le certificat d’une autorité de certification, pas celui d’une personne.');
  if (!info.isClientAuth || !info.canSignTls)
    throw refuse(
      'Ce certificat ne sert pas à l’authentification d’une personne (usage « authentification client » absent) : ce n’est pas le bon certificat du support.',
    );
  if (info.notAfter.getTime() <= opts.now.getTime())
    throw refuse(`Ce certificat a expiré le ${info.notAfter.toLocaleDateString('fr-FR')}.`);
  const mismatch = holderMismatch(info, request.holder);
  if (mismatch && !opts.confirmMismatch)
    throw validationError([
      {
        field: 'confirmer',
        message: `${mismatch} Vérifiez que c’est le bon certificat ; s’il est bien celui du titulaire, cochez « Je confirme que ce certificat est celui du titulaire » et recommencez.`,
      },
    ]);
  return {
    certificate: issuedCertificateFrom(info),
    mismatch,
  };
}

/**
 * A certificate already attached to someone else's account signs that person in: recording it for this
 * holder would let one certificate open two accounts. Refused even when the officer confirmed a name
 * mismatch, which is about the certificate's subject, not about who already uses it.
 */
async function refuseCertificateOfAnotherPerson(
  db: CertificationDeps['db'],
  fingerprint: string,
  request: CertificateRequest,
): Promise<void> {
  const holders = await findHoldersOfCertificate(db, fingerprint);
  const others = holders.filter((h) =>
    request.holderUserId
      ? h.userId !== request.holderUserId
      : h.email.toLowerCase() !== request.holder.email.toLowerCase(),
  );
  if (others.length === 0) return;
  throw validationError([
    {
      field: 'certificat',
      message: `Ce certificat est déjà attaché au compte de ${others.map((h) => `${h.name} <${h.email}>`).join(', ')} : ce ne peut pas être celui de ${request.holder.name}. Vérifiez que vous importez le bon fichier.`,
    },
  ]);
}

export interface ReceiveInput {
  principal: Principal;
  requestId: string;
  /** The certificate imported by an officer; absent: ask the CA connector. */
  certificate?: string | Buffer;
  confirmMismatch?: boolean;
}

export interface Received {
  request: CertificateRequest;
  certificate: IssuedCertificate;
  /** Demo: the token's password, to show once to the officer. */
  tokenPassword: string | null;
}

export async function receiveCertificate(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'connector'>,
  input: ReceiveInput,
): Promise<Received> {
  const { request, actors } = await getRequestFor(deps.db, input.principal, input.requestId);
  const actor = actorForAction(actors, 'receive-token');
  // Checked before asking the CA: a draft or checked request must never make a connector issue.
  decide(request.state, 'receive-token', actor);
  let source: string | Buffer;
  let tokenPassword: string | null = null;
  if (input.certificate !== undefined) source = input.certificate;
  else {
    const authority = await getAuthority(deps.db, request.authorityCode);
    const issued = authority ? await deps.connector(authority.connector).collect(request) : null;
    if (!issued)
      throw new AppError(
        'CERT_REQUEST_STATE',
        `${request.authorityName} ne délivre pas ses certificats par Relais : importez le certificat reçu de l’autorité (fichier ou texte PEM).`,
      );
    source = issued.certificate.pem;
    tokenPassword = issued.token?.password ?? null;
  }
  const now = deps.clock.now();
  const { certificate, mismatch } = checkIssuedCertificate(source, request, {
    now,
    confirmMismatch: input.confirmMismatch === true || input.certificate === undefined,
  });
  await refuseCertificateOfAnotherPerson(deps.db, certificate.fingerprint, request);
  try {
    await deps.db.transaction((tx) =>
      transition(tx, {
        request,
        action: 'receive-token',
        actor,
        actorUserId: input.principal.user?.id ?? null,
        at: now,
        note: `Certificat ${input.certificate === undefined ? 'délivré par l’autorité' : 'importé'} (n° de série ${certificate.serialHex})${mismatch ? ` — écart de nom confirmé par l’officier : ${mismatch}` : ''}.`,
        set: {
          cert_fingerprint: certificate.fingerprint,
          cert_serial_hex: certificate.serialHex,
          cert_subject: certificate.subject,
          cert_issuer: certificate.issuer,
          cert_not_before: certificate.notBefore,
          cert_not_after: certificate.notAfter,
          cert_pem: certificate.pem,
        },
      }),
    );
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const other = await deps.db.query<{ number: number }>(
      'select number from certificate_requests where cert_fingerprint = $1',
      [certificate.fingerprint],
    );
    throw new AppError(
      'CONFLICT',
      `Ce certificat est déjà enregistré sur la demande n° ${other.rows[0]?.number ?? '?'} : vérifiez que vous importez le bon fichier.`,
    );
  }
  return { request, certificate, tokenPassword };
}
