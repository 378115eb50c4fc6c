// Use case: attach a certificate to a person (a first certificate, a renewal, or one shared by several
// people). The person keeps the same account, so their history follows them to the new certificate.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getUser } from '../../tenants/user-store.ts';
import { parseCertificate } from '../certificates/certificate-info.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import type { Principal } from '../policy.ts';
import { canManageCredentials } from './can-manage-credentials.ts';
import { insertUserCertificate, type UserCertificate } from './certificate-store.ts';

export interface AttachCertificateInput {
  /** Who does it; null for the operator's command line. */
  actor: Principal | null;
  userId: string;
  certificate: string | Buffer;
  /** The collectivité the change is made from, for the journal. */
  collectiviteId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export async function attachCertificate(
  deps: { db: Db; clock: Clock },
  input: AttachCertificateInput,
): Promise<{ certificate: UserCertificate; created: boolean }> {
  const info = parseCertificate(input.certificate);
  if (!info)
    throw validationError([
      {
        field: 'certificat',
        message:
          'Le certificat est illisible. Collez le certificat au format PEM (texte commençant par « -----BEGIN CERTIFICATE----- ») ou choisissez un fichier .cer, .crt ou .pem.',
      },
    ]);
  if (info.isCa)
    throw validationError([
      { field: 'certificat', message: 'C’est le certificat d’une autorité, pas celui d’une personne.' },
    ]);
  return deps.db.transaction(async (tx) => {
    const user = await getUser(tx, input.userId);
    if (!user || (input.actor && !canManageCredentials(input.actor, user)))
      throw new AppError('NOT_FOUND', 'Personne introuvable.');
    const result = await insertUserCertificate(tx, user.id, info, input.actor?.user?.id ?? null);
    if (result.created)
      await recordSecurityEvent(tx, {
        kind: 'certificate.attached',
        at: deps.clock.now(),
        userId: user.id,
        collectiviteId: input.collectiviteId ?? null,
        certificateFingerprint: info.fingerprint,
        ip: input.ip,
        requestId: input.requestId,
        reason: `Certificat « ${info.subject} » rattaché${input.actor?.user ? ` par ${input.actor.user.name}` : ' (ligne de commande)'}.`,
        details: { notAfter: info.notAfter.toISOString(), actorId: input.actor?.user?.id ?? 'cli' },
      });
    return result;
  });
}
