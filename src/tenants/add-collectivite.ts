// Use case: register a member collectivité after checking every field; a SIREN is registered once.
import { type Db, isUniqueViolation, type Sql } from '../db/types.ts';
import { AppError, validationError } from '../kernel/errors.ts';
import { type Collectivite, type CollectiviteInput, validateCollectivite } from './collectivite.ts';
import { findCollectiviteBySiren, insertCollectivite } from './collectivite-store.ts';

export async function addCollectivite(
  deps: { db: Db | Sql },
  input: CollectiviteInput,
): Promise<Collectivite> {
  const checked = validateCollectivite(input);
  if (!checked.ok) throw validationError(checked.problems);
  const existing = await findCollectiviteBySiren(deps.db, checked.value.siren);
  if (existing) throw alreadyRegistered(checked.value.siren, existing.name);
  try {
    return await insertCollectivite(deps.db, checked.value);
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyRegistered(checked.value.siren, checked.value.name);
    throw e;
  }
}

function alreadyRegistered(siren: string, name: string): AppError {
  return new AppError(
    'CONFLICT',
    `Le SIREN ${siren} est déjà enregistré pour « ${name} ». Une collectivité ne s’inscrit qu’une fois.`,
  );
}
