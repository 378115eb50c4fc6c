// Use case: detach a certificate from a person (lost token, departure). Open sessions signed in with it
// end at their next request, since every request checks that the certificate is still attached.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { getUser } from '../../tenants/user-store.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import type { Principal } from '../policy.ts';
import { canManageCredentials } from './can-manage-credentials.ts';
import { detachUserCertificate, getUserCertificate } from './certificate-store.ts';

export async function detachCertificate(
  deps: { db: Db; clock: Clock },
  input: {
    actor: Principal | null;
    certificateId: string;
    /** When given, the certificate must belong to a person of this (already authorised) collectivité. */
    collectiviteId?: string | null;
    ip?: string | null;
    requestId?: string | null;
  },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const cert = await getUserCertificate(tx, input.certificateId);
    const user = cert ? await getUser(tx, cert.userId) : null;
    const inCollectivite =
      !input.collectiviteId || !!user?.memberships.some((m) => m.collectiviteId === input.collectiviteId);
    if (!cert || !user || !inCollectivite || (input.actor && !canManageCredentials(input.actor, user)))
      throw new AppError('NOT_FOUND', 'Certificat introuvable.');
    const at = deps.clock.now();
    if (!(await detachUserCertificate(tx, cert.id, input.actor?.user?.id ?? null, at))) return;
    await recordSecurityEvent(tx, {
      kind: 'certificate.detached',
      at,
      userId: user.id,
      collectiviteId: input.collectiviteId ?? null,
      certificateFingerprint: cert.fingerprint,
      ip: input.ip,
      requestId: input.requestId,
      reason: `Certificat « ${cert.subject} » détaché${input.actor?.user ? ` par ${input.actor.user.name}` : ' (ligne de commande)'}.`,
    });
  });
}
