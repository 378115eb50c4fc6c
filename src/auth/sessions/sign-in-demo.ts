// Use case: the demo sign-in without certificate (pick a demo person). It exists in demo mode only;
// production refuses it here, whatever the route or command that asks.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { getUser } from '../../tenants/user-store.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import { isUuid } from '../policy.ts';
import { createSession } from './session-store.ts';

export async function signInDemo(
  deps: { db: Db; clock: Clock; mode: 'demo' | 'production' | 'training' },
  input: { userId: string; ip?: string | null; requestId?: string | null },
): Promise<{ token: string; sessionId: string; userId: string }> {
  if (deps.mode !== 'demo')
    throw new AppError(
      'NOT_FOUND',
      'La connexion de démonstration sans certificat n’existe qu’en mode démonstration. Connectez-vous avec votre certificat.',
    );
  const user = isUuid(input.userId) ? await getUser(deps.db, input.userId) : null;
  if (!user || user.disabledAt) throw new AppError('NOT_FOUND', 'Choisissez une personne de la liste.');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { session, token } = await createSession(tx, {
      userId: user.id,
      method: 'demo',
      certificateFingerprint: null,
      at: now,
    });
    await recordSecurityEvent(tx, {
      kind: 'signin.success',
      at: now,
      userId: user.id,
      ip: input.ip,
      requestId: input.requestId,
      reason: 'Connexion de démonstration, sans certificat.',
      details: { method: 'demo' },
    });
    return { token, sessionId: session.id, userId: user.id };
  });
}
