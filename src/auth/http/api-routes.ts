// The first API routes, all going through the policy: who am I, one collectivité, its people. The
// people list shows only their roles in this collectivité, never where else they work.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { listUsersOfCollectivite } from '../../tenants/user-store.ts';
import { permissionsIn } from '../policy.ts';
import { type AuthHttpDeps, principalOf, scopedCollectivite } from './install-auth.ts';

export function registerApiRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/api/v1/me', { config: { access: 'signed-in' } }, async (req) => {
    const p = principalOf(req);
    const r = await deps.db.query<{ id: string; name: string; siren: string }>(
      'select id, name, siren from collectivites where id = any($1::uuid[]) order by name',
      [p.collectiviteIds],
    );
    return {
      user: p.user,
      token: p.token,
      via: p.via,
      assurance: p.assurance,
      isOperatorAdmin: p.isOperatorAdmin,
      certificate: p.certificate,
      collectivites: r.rows.map((c) => ({ ...c, permissions: [...permissionsIn(p, c.id)].sort() })),
    };
  });

  app.get(
    '/api/v1/collectivites/:id',
    { config: { access: { permission: 'collectivite.read', collectiviteParam: 'id' } } },
    async (req) => {
      const c = await getCollectivite(deps.db, scopedCollectivite(req));
      if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
      return { ...c, permissions: [...permissionsIn(principalOf(req), c.id)].sort() };
    },
  );

  app.get(
    '/api/v1/collectivites/:id/utilisateurs',
    { config: { access: { permission: 'collectivite.admin', collectiviteParam: 'id' } } },
    async (req) => {
      const id = scopedCollectivite(req);
      const users = await listUsersOfCollectivite(deps.db, id);
      return users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        function: u.function,
        roles: u.memberships.find((m) => m.collectiviteId === id)?.roles ?? [],
        disabled: u.disabledAt !== null,
      }));
    },
  );
}
