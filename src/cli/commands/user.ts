// `relais user add|list`: people and their roles in the member collectivités.

import { AppError } from '../../kernel/errors.ts';
import {
  addUser,
  findCollectiviteBySiren,
  listUsersOfCollectivite,
  ROLES,
  unsafeListAllCollectivites,
  unsafeListAllUsers,
} from '../../tenants/index.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

export interface UserAddOptions {
  nom?: string;
  email?: string;
  telephone?: string;
  fonction?: string;
  collectivite?: string;
  roles?: string;
  adminSyndicat?: boolean;
}

export async function userAdd(io: CliIo, o: UserAddOptions): Promise<number> {
  const { user, created } = await withDatabase(readConfig(io), (db) =>
    addUser(
      { db },
      {
        name: o.nom,
        email: o.email,
        phone: o.telephone,
        function: o.fonction,
        collectiviteSiren: o.collectivite,
        roles: o.roles,
        isOperatorAdmin: o.adminSyndicat,
      },
    ),
  );
  io.out(
    created
      ? `Personne ajoutée : ${user.name} <${user.email}>.`
      : `${user.name} <${user.email}> existait déjà : ses rôles ont été complétés.`,
  );
  return 0;
}

export async function userList(io: CliIo, o: { collectivite?: string; json?: boolean }): Promise<number> {
  const { users, names } = await withDatabase(readConfig(io), async (db) => {
    const all = await unsafeListAllCollectivites(db);
    const names = new Map(all.map((c) => [c.id, c.name]));
    if (!o.collectivite) return { users: await unsafeListAllUsers(db), names };
    const c = await findCollectiviteBySiren(db, o.collectivite.replace(/\s/g, ''));
    if (!c) throw new AppError('NOT_FOUND', `Aucune collectivité n’a le SIREN ${o.collectivite}.`);
    return { users: await listUsersOfCollectivite(db, c.id), names };
  });
  if (o.json) {
    io.out(JSON.stringify(users, null, 2));
    return 0;
  }
  const rows = users.map((u) => [
    u.name,
    u.email,
    [
      ...(u.isOperatorAdmin ? ['administrateur du syndicat'] : []),
      ...u.memberships.map(
        (m) => `${names.get(m.collectiviteId)} : ${m.roles.map((r) => ROLES[r]).join(', ')}`,
      ),
    ].join(' ; '),
  ]);
  for (const l of table(['Nom', 'Courriel', 'Rôles'], rows)) io.out(l);
  io.out(`${users.length} personne(s).`);
  return 0;
}
