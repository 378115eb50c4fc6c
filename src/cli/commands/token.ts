// `relais token create|list|revoke`: API tokens of a collectivité, from the operator's command line.
// The command line is the operator console: the collectivité it names is in its scope by definition.
import { isUuid, type ScopedCollectiviteId } from '../../auth/policy.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/tokens/api-tokens.ts';
import type { Db } from '../../db/types.ts';
import { systemClock } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { normaliseDigits } from '../../kernel/siren.ts';
import { findCollectiviteBySiren } from '../../tenants/collectivite-store.ts';
import { parseFrenchDate } from '../../tenants/fields.ts';
import { type CliIo, readConfig, table, withDatabase } from '../context.ts';

async function collectiviteOf(
  db: Db,
  siren: string | undefined,
): Promise<{ id: ScopedCollectiviteId; name: string }> {
  if (!siren) throw new AppError('VALIDATION_FAILED', 'Indiquez la collectivité : --collectivite SIREN.');
  const c = await findCollectiviteBySiren(db, normaliseDigits(siren));
  if (!c)
    throw new AppError(
      'NOT_FOUND',
      `Aucune collectivité n’a le SIREN ${siren} (voir « relais collectivite list »).`,
    );
  return { id: c.id as ScopedCollectiviteId, name: c.name };
}

const frDate = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' }).format(d) : '';

export async function tokenCreate(
  io: CliIo,
  o: { collectivite?: string; nom?: string; permissions?: string; expire?: string },
): Promise<number> {
  let expiresAt: Date | null = null;
  if (o.expire) {
    const iso = parseFrenchDate(o.expire);
    if (!iso) {
      io.err('--expire : indiquez une date JJ/MM/AAAA.');
      return 1;
    }
    expiresAt = new Date(`${iso}T23:59:59Z`);
  }
  const permissions = (o.permissions ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { token, secret, name } = await withDatabase(readConfig(io), async (db) => {
    const c = await collectiviteOf(db, o.collectivite);
    const r = await createApiToken(
      { db, clock: systemClock },
      { collectiviteId: c.id, name: o.nom ?? '', permissions, expiresAt, actorUserId: null },
    );
    return { ...r, name: c.name };
  });
  io.out(`Jeton « ${token.name} » créé pour ${name} (${token.permissions.join(', ')}).`);
  io.out('Copiez-le maintenant, il ne sera plus jamais affiché :');
  io.out(secret);
  return 0;
}

export async function tokenList(io: CliIo, o: { collectivite?: string }): Promise<number> {
  const tokens = await withDatabase(readConfig(io), async (db) =>
    listApiTokens(db, (await collectiviteOf(db, o.collectivite)).id),
  );
  if (tokens.length === 0) {
    io.out('Aucun jeton.');
    return 0;
  }
  for (const l of table(
    ['Identifiant', 'Nom', 'Début', 'Permissions', 'Expire', 'Dernier usage', 'État'],
    tokens.map((t) => [
      t.id,
      t.name,
      `${t.prefix}…`,
      t.permissions.join(','),
      frDate(t.expiresAt) || 'jamais',
      frDate(t.lastUsedAt),
      t.revokedAt ? `révoqué le ${frDate(t.revokedAt)}` : 'actif',
    ]),
  ))
    io.out(l);
  return 0;
}

export async function tokenRevoke(io: CliIo, id: string): Promise<number> {
  if (!isUuid(id)) {
    io.err('Indiquez l’identifiant du jeton (colonne « Identifiant » de « relais token list »).');
    return 1;
  }
  const token = await withDatabase(readConfig(io), async (db) => {
    const r = await db.query<{ collectivite_id: string }>(
      'select collectivite_id from api_tokens where id = $1',
      [id],
    );
    if (!r.rows[0]) throw new AppError('NOT_FOUND', 'Jeton introuvable.');
    return revokeApiToken(
      { db, clock: systemClock },
      { collectiviteId: r.rows[0].collectivite_id as ScopedCollectiviteId, tokenId: id, actorUserId: null },
    );
  });
  io.out(`Jeton « ${token.name} » révoqué : il ne donne plus accès à l’API.`);
  return 0;
}
