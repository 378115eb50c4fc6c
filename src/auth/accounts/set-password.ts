// Use case: give a person a password, used only to choose between the holders of a shared certificate.
// Without a password of their own choosing, one is generated and shown once.
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getUser } from '../../tenants/user-store.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import type { Principal } from '../policy.ts';
import { canManageCredentials } from './can-manage-credentials.ts';
import { generatePassword, passwordProblem, setUserPassword } from './passwords.ts';

export async function setPassword(
  deps: { db: Db; clock: Clock },
  input: {
    actor: Principal | null;
    userId: string;
    password?: string;
    ip?: string | null;
    requestId?: string | null;
  },
): Promise<{ password: string; generated: boolean }> {
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) throw validationError([{ field: 'mot_de_passe', message: problem }]);
  await deps.db.transaction(async (tx) => {
    const user = await getUser(tx, input.userId);
    if (!user || (input.actor && !canManageCredentials(input.actor, user)))
      throw new AppError('NOT_FOUND', 'Personne introuvable.');
    await setUserPassword(tx, user.id, password);
    await recordSecurityEvent(tx, {
      kind: 'password.set',
      at: deps.clock.now(),
      userId: user.id,
      ip: input.ip,
      requestId: input.requestId,
      reason: input.actor?.user ? `Défini par ${input.actor.user.name}.` : 'Défini en ligne de commande.',
    });
  });
  return { password, generated };
}
