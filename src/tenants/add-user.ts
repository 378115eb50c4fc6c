// Use case: add a person, or give an existing person (same e-mail) roles in one more collectivité.
import type { Db, Sql } from '../db/types.ts';
import { AppError, type FieldProblem, validationError } from '../kernel/errors.ts';
import { normaliseDigits } from '../kernel/siren.ts';
import { findCollectiviteBySiren } from './collectivite-store.ts';
import { parseRoles, type User, type UserInput, validateUser } from './user.ts';
import { findUserByEmail, getUser, insertUser, setOperatorAdmin, upsertMembership } from './user-store.ts';

export interface AddUserInput extends UserInput {
  /** SIREN of the collectivité the person works for (omit for an operator admin only). */
  collectiviteSiren?: string;
  roles?: string | readonly string[];
}

export function addUser(deps: { db: Db }, input: AddUserInput): Promise<{ user: User; created: boolean }> {
  return deps.db.transaction((tx) => addUserWithin(tx, input));
}

/** The same, inside a transaction the caller already holds (seed, import). */
export async function addUserWithin(tx: Sql, input: AddUserInput): Promise<{ user: User; created: boolean }> {
  const checked = validateUser(input);
  const problems: FieldProblem[] = checked.ok ? [] : [...checked.problems];
  const wantsMembership = !!input.collectiviteSiren || input.roles !== undefined;
  const parsedRoles = wantsMembership ? parseRoles(input.roles ?? '') : { roles: [], problems: [] };
  problems.push(...parsedRoles.problems);
  if (wantsMembership && !input.collectiviteSiren)
    problems.push({
      field: 'collectivite',
      message: 'Indiquez le SIREN de la collectivité où la personne travaille.',
    });
  if (!wantsMembership && !input.isOperatorAdmin)
    problems.push({
      field: 'collectivite',
      message:
        'Indiquez la collectivité et les rôles de la personne, ou faites-en un administrateur du syndicat.',
    });
  if (!checked.ok || problems.length) throw validationError(problems);

  {
    let collectiviteId: string | null = null;
    if (input.collectiviteSiren) {
      const c = await findCollectiviteBySiren(tx, normaliseDigits(input.collectiviteSiren));
      if (!c)
        throw new AppError(
          'NOT_FOUND',
          `Aucune collectivité n’est enregistrée avec le SIREN ${input.collectiviteSiren} : ajoutez-la d’abord (relais collectivite add).`,
        );
      collectiviteId = c.id;
    }
    const existing = await findUserByEmail(tx, checked.value.email);
    const userId = existing?.id ?? (await insertUser(tx, checked.value));
    if (existing && checked.value.isOperatorAdmin) await setOperatorAdmin(tx, userId, true);
    if (collectiviteId) await upsertMembership(tx, userId, collectiviteId, parsedRoles.roles);
    return { user: (await getUser(tx, userId))!, created: !existing };
  }
}
