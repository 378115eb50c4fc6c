// Authorisation in one place: permissions derived from roles, the signed-in principal, and the checks
// every route and use case calls. A collectivité outside the principal's scope is "not found" (404),
// so that nobody can learn which ids exist elsewhere; inside the scope, a missing permission is 403.
import { AppError } from '../kernel/errors.ts';
import type { Membership, Role, User } from '../tenants/user.ts';

export const PERMISSIONS = {
  'collectivite.read': 'Consulter la fiche de la collectivité',
  'collectivite.admin': 'Administrer la collectivité : personnes, certificats, jetons d’accès',
  'act.read': 'Consulter les actes',
  'act.prepare': 'Préparer des actes',
  'act.transmit': 'Transmettre des actes à la préfecture',
  'archive.read': 'Consulter et exporter les archives',
  'operator.admin': 'Administrer la plateforme (syndicat)',
  'ra.officer':
    'Autorité d’enregistrement déléguée du syndicat : demandes de certificats, remises, révocations',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(s: string): s is Permission {
  return Object.hasOwn(PERMISSIONS, s);
}

/** What each role of a membership allows in its collectivité. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['collectivite.read', 'collectivite.admin', 'act.read'],
  preparer: ['collectivite.read', 'act.read', 'act.prepare'],
  transmitter: ['collectivite.read', 'act.read', 'act.prepare', 'act.transmit'],
  reader: ['collectivite.read', 'act.read'],
  archivist: ['collectivite.read', 'act.read', 'archive.read'],
};

/**
 * An operator admin sees and administers every member, but does not prepare or transmit their acts:
 * that stays with the collectivité's own agents (a membership gives those roles when really needed).
 */
export const OPERATOR_PERMISSIONS: readonly Permission[] = [
  'collectivite.read',
  'collectivite.admin',
  'act.read',
  'archive.read',
];

/** Permissions an API token may carry: never administration (a token cannot mint tokens). */
export const TOKEN_PERMISSIONS: readonly Permission[] = [
  'collectivite.read',
  'act.read',
  'act.prepare',
  'act.transmit',
  'archive.read',
];

export type AuthMethod = 'certificate' | 'token' | 'demo' | 'session';

/** How strongly the person proved who they are: transmitting needs a certificate from the RGS list. */
export type Assurance = 'rgs' | 'extended' | 'demo' | 'token';

export interface Principal {
  /** The person; null for an API token, which acts for its collectivité. */
  user: { id: string; name: string; email: string } | null;
  token: { id: string; name: string } | null;
  /** The collectivités this principal belongs to (operator admins reach the others through `isOperatorAdmin`). */
  collectiviteIds: readonly string[];
  permissionsByCollectivite: ReadonlyMap<string, ReadonlySet<Permission>>;
  isOperatorAdmin: boolean;
  /** One of the syndicat's registration-authority officers (permission `ra.officer`, global). */
  isRaOfficer: boolean;
  /** certificate: per request, no session (API); session: a browser session opened with a certificate. */
  via: AuthMethod;
  assurance: Assurance;
  certificate: { fingerprint: string; level: 'rgs' | 'extended' } | null;
  sessionId: string | null;
}

/** Permissions given by a set of roles. */
export function permissionsOfRoles(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}

/** Transmission is refused below RGS assurance: a sign-in-only certificate removes `act.transmit`. */
function withAssurance(perms: Set<Permission>, assurance: Assurance): Set<Permission> {
  if (assurance === 'extended') perms.delete('act.transmit');
  return perms;
}

export interface PersonPrincipalInput {
  user: Pick<User, 'id' | 'name' | 'email' | 'isOperatorAdmin'> & {
    isRaOfficer?: boolean;
    memberships: readonly Membership[];
  };
  via: Exclude<AuthMethod, 'token'>;
  assurance: Exclude<Assurance, 'token'>;
  certificate?: Principal['certificate'];
  sessionId?: string | null;
}

export function personPrincipal(input: PersonPrincipalInput): Principal {
  const byCollectivite = new Map<string, ReadonlySet<Permission>>();
  for (const m of input.user.memberships)
    byCollectivite.set(m.collectiviteId, withAssurance(permissionsOfRoles(m.roles), input.assurance));
  return {
    user: { id: input.user.id, name: input.user.name, email: input.user.email },
    token: null,
    collectiviteIds: [...byCollectivite.keys()],
    permissionsByCollectivite: byCollectivite,
    isOperatorAdmin: input.user.isOperatorAdmin,
    isRaOfficer: !!input.user.isRaOfficer,
    via: input.via,
    assurance: input.assurance,
    certificate: input.certificate ?? null,
    sessionId: input.sessionId ?? null,
  };
}

export function tokenPrincipal(token: {
  id: string;
  name: string;
  collectiviteId: string;
  permissions: readonly string[];
}): Principal {
  const perms = new Set(token.permissions.filter(isPermission).filter((p) => TOKEN_PERMISSIONS.includes(p)));
  return {
    user: null,
    token: { id: token.id, name: token.name },
    collectiviteIds: [token.collectiviteId],
    permissionsByCollectivite: new Map([[token.collectiviteId, perms]]),
    isOperatorAdmin: false,
    isRaOfficer: false,
    via: 'token',
    assurance: 'token',
    certificate: null,
    sessionId: null,
  };
}

/** Everything the principal may do in one collectivité (empty: outside its scope). */
export function permissionsIn(principal: Principal, collectiviteId: string): ReadonlySet<Permission> {
  const own = principal.permissionsByCollectivite.get(collectiviteId);
  if (!principal.isOperatorAdmin) return own ?? new Set();
  return new Set([...(own ?? []), ...OPERATOR_PERMISSIONS]);
}

export function can(principal: Principal, permission: Permission, collectiviteId?: string): boolean {
  if (permission === 'operator.admin') return principal.isOperatorAdmin;
  if (permission === 'ra.officer') return principal.isRaOfficer;
  if (collectiviteId !== undefined) return permissionsIn(principal, collectiviteId).has(permission);
  if (principal.isOperatorAdmin && OPERATOR_PERMISSIONS.includes(permission)) return true;
  return [...principal.permissionsByCollectivite.values()].some((s) => s.has(permission));
}

/** A collectivité id that was checked against the principal: store functions can demand it. */
export type ScopedCollectiviteId = string & { readonly __scopedBy: 'principal' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID.test(s);
}

/**
 * The one gate for a collectivité named by a request: 404 when it is outside the principal's scope
 * (or malformed), 403 when inside but the permission is missing. Returns the id, marked as checked.
 */
export function requireCollectivite(
  principal: Principal,
  collectiviteId: string,
  permission: Permission,
): ScopedCollectiviteId {
  const id = collectiviteId.toLowerCase();
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const perms = permissionsIn(principal, id);
  if (perms.size === 0) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  if (!perms.has(permission)) throw forbidden(permission, principal);
  return id as ScopedCollectiviteId;
}

/** For routes without a collectivité in the address: the permission somewhere (operator.admin: globally). */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) throw forbidden(permission, principal);
}

/** The collectivités where the principal holds `permission` (operator admins: use the unsafe listing). */
export function collectivitesWith(principal: Principal, permission: Permission): ScopedCollectiviteId[] {
  return [...principal.permissionsByCollectivite]
    .filter(([, perms]) => perms.has(permission))
    .map(([id]) => id as ScopedCollectiviteId);
}

function forbidden(permission: Permission, principal: Principal): AppError {
  if (permission === 'act.transmit' && principal.assurance === 'extended')
    return new AppError(
      'FORBIDDEN',
      'Votre certificat permet de vous connecter, mais pas de transmettre : il faut un certificat d’une autorité de la liste RGS. Demandez-en un au syndicat.',
    );
  return new AppError(
    'FORBIDDEN',
    `Vous n'avez pas le droit « ${PERMISSIONS[permission]} ». Demandez-le à l’administrateur de votre collectivité.`,
  );
}
