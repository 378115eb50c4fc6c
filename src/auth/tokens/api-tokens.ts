// API tokens for business software: one collectivité, a set of permissions, shown once, stored as a
// SHA-256 (a 256-bit random token needs no slow hash), revocable, optionally expiring.
import { randomBytes } from 'node:crypto';
import type { Db, Sql } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, type FieldProblem, validationError } from '../../kernel/errors.ts';
import { sha256Hex } from '../certificates/certificate-info.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import {
  isPermission,
  PERMISSIONS,
  type Permission,
  type ScopedCollectiviteId,
  TOKEN_PERMISSIONS,
} from '../policy.ts';

export const TOKEN_PREFIX = 'relais_';

export interface ApiToken {
  id: string;
  collectiviteId: string;
  name: string;
  /** The first characters, to recognise a token without revealing it. */
  prefix: string;
  permissions: Permission[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  collectivite_id: string;
  name: string;
  prefix: string;
  permissions: string[];
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, collectivite_id, name, prefix, permissions, created_by, created_at, expires_at, last_used_at, revoked_at';

const fromRow = (r: Row): ApiToken => ({
  id: r.id,
  collectiviteId: r.collectivite_id,
  name: r.name,
  prefix: r.prefix,
  permissions: r.permissions.filter(isPermission),
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export function isTokenShaped(s: string): boolean {
  return /^relais_[A-Za-z0-9_-]{43}$/.test(s);
}

export interface CreateTokenInput {
  collectiviteId: ScopedCollectiviteId;
  name: string;
  permissions: readonly string[];
  expiresAt?: Date | null;
  actorUserId: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export function validateTokenInput(
  input: Pick<CreateTokenInput, 'name' | 'permissions' | 'expiresAt'>,
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!name)
    problems.push({
      field: 'nom',
      message: 'Donnez un nom au jeton (le logiciel qui l’utilisera, par exemple).',
    });
  else if (name.length > 100)
    problems.push({ field: 'nom', message: 'Le nom ne doit pas dépasser 100 caractères.' });
  if (input.permissions.length === 0)
    problems.push({ field: 'permissions', message: 'Choisissez au moins une permission pour ce jeton.' });
  const refused = input.permissions.filter((p) => !isPermission(p) || !TOKEN_PERMISSIONS.includes(p));
  if (refused.length)
    problems.push({
      field: 'permissions',
      message: `Permission impossible pour un jeton : ${refused.join(', ')}. Possibles : ${TOKEN_PERMISSIONS.map((p) => `${p} (${PERMISSIONS[p]})`).join(', ')}.`,
    });
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
    problems.push({ field: 'expiration', message: 'La date d’expiration doit être dans le futur.' });
  return problems;
}

/** Creates a token; the clear value is returned here and never again. */
export async function createApiToken(
  deps: { db: Db; clock: Clock },
  input: CreateTokenInput,
): Promise<{ token: ApiToken; secret: string }> {
  const now = deps.clock.now();
  const problems = validateTokenInput(input, now);
  if (problems.length) throw validationError(problems);
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const permissions = [...new Set(input.permissions)];
  return deps.db.transaction(async (tx) => {
    const r = await tx.query<Row>(
      `insert into api_tokens (collectivite_id, name, token_hash, prefix, permissions, created_by, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
      [
        input.collectiviteId,
        input.name.trim(),
        sha256Hex(secret),
        secret.slice(0, TOKEN_PREFIX.length + 6),
        permissions,
        input.actorUserId,
        now,
        input.expiresAt ?? null,
      ],
    );
    const token = fromRow(r.rows[0]!);
    await recordSecurityEvent(tx, {
      kind: 'token.created',
      at: now,
      userId: input.actorUserId,
      collectiviteId: input.collectiviteId,
      tokenId: token.id,
      ip: input.ip,
      requestId: input.requestId,
      reason: `Jeton « ${token.name} » (${token.prefix}…) créé avec : ${permissions.join(', ')}.`,
    });
    return { token, secret };
  });
}

export async function listApiTokens(sql: Sql, collectiviteId: ScopedCollectiviteId): Promise<ApiToken[]> {
  const r = await sql.query<Row>(
    `select ${COLUMNS} from api_tokens where collectivite_id = $1 order by revoked_at is not null, created_at desc`,
    [collectiviteId],
  );
  return r.rows.map(fromRow);
}

/** Revokes a token of this collectivité; a token of another collectivité is "not found". */
export async function revokeApiToken(
  deps: { db: Db; clock: Clock },
  input: {
    collectiviteId: ScopedCollectiviteId;
    tokenId: string;
    actorUserId: string | null;
    ip?: string | null;
    requestId?: string | null;
  },
): Promise<ApiToken> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const r = await tx.query<Row>(
      `update api_tokens set revoked_at = coalesce(revoked_at, $3), revoked_by = coalesce(revoked_by, $4)
       where id = $1 and collectivite_id = $2 returning ${COLUMNS}`,
      [input.tokenId, input.collectiviteId, now, input.actorUserId],
    );
    if (!r.rows[0]) throw new AppError('NOT_FOUND', 'Jeton introuvable.');
    const token = fromRow(r.rows[0]);
    await recordSecurityEvent(tx, {
      kind: 'token.revoked',
      at: now,
      userId: input.actorUserId,
      collectiviteId: input.collectiviteId,
      tokenId: token.id,
      ip: input.ip,
      requestId: input.requestId,
      reason: `Jeton « ${token.name} » (${token.prefix}…) révoqué.`,
    });
    return token;
  });
}

export type TokenLookup =
  | { ok: true; token: ApiToken }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired'; token?: ApiToken };

/** The token a presented secret names, if it is still usable. */
export async function findUsableToken(sql: Sql, secret: string, now: Date): Promise<TokenLookup> {
  if (!isTokenShaped(secret)) return { ok: false, reason: 'unknown' };
  const r = await sql.query<Row>(`select ${COLUMNS} from api_tokens where token_hash = $1`, [
    sha256Hex(secret),
  ]);
  if (!r.rows[0]) return { ok: false, reason: 'unknown' };
  const token = fromRow(r.rows[0]);
  if (token.revokedAt) return { ok: false, reason: 'revoked', token };
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime())
    return { ok: false, reason: 'expired', token };
  return { ok: true, token };
}

export async function touchToken(sql: Sql, tokenId: string, at: Date): Promise<void> {
  await sql.query('update api_tokens set last_used_at = $2 where id = $1', [tokenId, at]);
}
