// Passwords for people who share one certificate: scrypt from node:crypto (memory-hard, no dependency),
// compared in constant time. The stored form names its parameters so that they can be raised later.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../../db/types.ts';

const PARAMS = { N: 16_384, r: 8, p: 1 }; // ~16 MB, ~50 ms: fine for a rare sign-in choice
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...opts, maxmem: 64 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password people can type: 4 groups of 4 letters and digits, without look-alikes (0/O, 1/l). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Le mot de passe doit contenir au moins 12 caractères.';
  if (password.length > 200) return 'Le mot de passe ne doit pas dépasser 200 caractères.';
  return null;
}

export async function setUserPassword(sql: Sql, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await sql.query(
    `insert into user_passwords (user_id, hash) values ($1, $2)
     on conflict (user_id) do update set hash = excluded.hash, updated_at = now()`,
    [userId, hash],
  );
}

export async function getPasswordHash(sql: Sql, userId: string): Promise<string | null> {
  const r = await sql.query<{ hash: string }>('select hash from user_passwords where user_id = $1', [userId]);
  return r.rows[0]?.hash ?? null;
}

export async function hasPassword(sql: Sql, userId: string): Promise<boolean> {
  return (await getPasswordHash(sql, userId)) !== null;
}
