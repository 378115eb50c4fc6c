// Who may open a collectivité's certificate requests: its membership admins and the syndicat's RA
// officers. An operator admin is neither by default (the files hold personal data); a person outside
// the collectivité learns nothing (not found), a member without the admin role is told why not.

import { isUuid, type Principal, type ScopedCollectiviteId } from '../../auth/policy.ts';
import { AppError } from '../../kernel/errors.ts';
import { isMemberAdmin } from '../request-store.ts';

export { isMemberAdmin };

/** The collectivité id, checked: a member admin of it or an RA officer; else NOT_FOUND or FORBIDDEN. */
export function requireFileAccess(principal: Principal, collectiviteId: string): ScopedCollectiviteId {
  const id = collectiviteId.toLowerCase();
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  if (principal.isRaOfficer || isMemberAdmin(principal, id)) return id as ScopedCollectiviteId;
  if (principal.permissionsByCollectivite.has(id) || principal.isOperatorAdmin)
    throw new AppError(
      'FORBIDDEN',
      'Les demandes de certificat sont tenues par les administrateurs de la collectivité et par les officiers d’enregistrement du syndicat : demandez à l’un d’eux.',
    );
  throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
}
