// Who may attach certificates or set passwords for a person: an operator admin, or an admin of *every*
// collectivité that person works for. Otherwise an admin of commune A could attach a certificate of
// their own to a secrétaire shared with commune B, and read B's acts as her.
import { can, type Principal } from '../policy.ts';

export function canManageCredentials(
  actor: Principal,
  target: { isOperatorAdmin: boolean; memberships: readonly { collectiviteId: string }[] },
): boolean {
  if (actor.isOperatorAdmin) return true;
  if (target.isOperatorAdmin || target.memberships.length === 0) return false;
  return target.memberships.every((m) => can(actor, 'collectivite.admin', m.collectiviteId));
}
