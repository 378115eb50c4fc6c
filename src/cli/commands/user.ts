// `relais user add|list`: people and their roles in the member collectivités.

import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../kernel/errors.ts';
import {
  addUser,
  findCollectiviteBySiren,
  findUserByEmail,
  listUsersOfCollectivite,
  ROLES,
  setRaOfficer,
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
  /** Make the person one of the syndicat's registration-authority officers (certificates). */
  officierAe?: boolean;
}

/** Makes an existing person an RA officer (they see the certificate files' evidence), journaled. */
async function makeRaOfficer(db: Db, io: CliIo, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user)
    throw new AppError(
      'NOT_FOUND',
      `Aucune personne n’a l’adresse ${email} : ajoutez-la d’abord avec --collectivite et --roles (ou --admin-syndicat).`,
    );
  if (user.isRaOfficer) {
    io.out(`${user.name} <${user.email}> était déjà officier d’enregistrement.`);
    return;
  }
  await db.transaction(async (tx) => {
    await setRaOfficer(tx, user.id, true);
    await recordSecurityEvent(tx, {
      kind: 'ra.officer-changed',
      userId: user.id,
      reason: `${user.name} désigné(e) comme officier d’enregistrement (ligne de commande).`,
      details: { isRaOfficer: true, actorId: 'cli' },
    });
  });
  io.out(`${user.name} <${user.email}> est désormais officier d’enregistrement.`);
}

export async function userAdd(io: CliIo, o: UserAddOptions): Promise<number> {
  // Only --email and --officier-ae: an existing person becomes RA officer, nothing else changes.
  if (o.officierAe && !o.collectivite && !o.roles && !o.adminSyndicat && !o.nom) {
    await withDatabase(readConfig(io), (db) => makeRaOfficer(db, io, o.email ?? ''));
    return 0;
  }
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
  if (o.officierAe) await withDatabase(readConfig(io), (db) => makeRaOfficer(db, io, user.email));
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
      ...(u.isRaOfficer ? ['officier d’enregistrement (certificats)'] : []),
      ...u.memberships.map(
        (m) => `${names.get(m.collectiviteId)} : ${m.roles.map((r) => ROLES[r]).join(', ')}`,
      ),
    ].join(' ; '),
  ]);
  for (const l of table(['Nom', 'Courriel', 'Rôles'], rows)) io.out(l);
  io.out(`${users.length} personne(s).`);
  return 0;
}
