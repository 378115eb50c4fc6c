// Who is told about a certificate's later life: its holder, the membership admins of its collectivité
// (they arrange the renewal) and the syndicat's RA officers. Disabled accounts are left out.
import type { Sql } from '../db/types.ts';

export async function raOfficerEmails(sql: Sql): Promise<string[]> {
  const r = await sql.query<{ email: string }>(
    'select email from users where is_ra_officer and disabled_at is null order by email',
  );
  return r.rows.map((x) => x.email);
}

export async function collectiviteAdminEmails(sql: Sql, collectiviteId: string): Promise<string[]> {
  const r = await sql.query<{ email: string }>(
    `select distinct u.email from users u join memberships m on m.user_id = u.id
     where m.collectivite_id = $1 and 'admin' = any(m.roles) and u.disabled_at is null order by u.email`,
    [collectiviteId],
  );
  return r.rows.map((x) => x.email);
}

/** The holder's address: their account's when linked (it may have changed), the request's otherwise. */
export async function holderEmail(
  sql: Sql,
  request: { holderUserId: string | null; holder: { email: string } },
): Promise<string> {
  if (!request.holderUserId) return request.holder.email;
  const r = await sql.query<{ email: string }>(
    'select email from users where id = $1 and disabled_at is null',
    [request.holderUserId],
  );
  return r.rows[0]?.email ?? request.holder.email;
}

export function distinctEmails(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Map<string, string>();
  for (const e of lists.flat()) if (!seen.has(e.toLowerCase())) seen.set(e.toLowerCase(), e);
  return [...seen.values()];
}
