// Persistence of people and memberships. Reads of a collectivité's people take its id in the WHERE.
import type { Sql } from '../db/types.ts';
import type { Membership, NewUser, Role, User } from './user.ts';

interface UserRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  function: string | null;
  is_operator_admin: boolean;
  is_ra_officer: boolean;
  disabled_at: Date | null;
  memberships: { collectivite_id: string; roles: Role[]; service_id: string | null }[] | null;
}

const SELECT_USER = `
  select u.id, u.name, u.email, u.phone, u.function, u.is_operator_admin, u.is_ra_officer, u.disabled_at,
    coalesce((select json_agg(json_build_object('collectivite_id', m.collectivite_id, 'roles', m.roles,
      'service_id', m.service_id) order by m.created_at) from memberships m where m.user_id = u.id), '[]') as memberships
  from users u`;

function fromRow(r: UserRow): User {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    function: r.function,
    isOperatorAdmin: r.is_operator_admin,
    isRaOfficer: r.is_ra_officer,
    disabledAt: r.disabled_at,
    memberships: (r.memberships ?? []).map(
      (m): Membership => ({ collectiviteId: m.collectivite_id, roles: m.roles, serviceId: m.service_id }),
    ),
  };
}

export async function insertUser(sql: Sql, u: NewUser): Promise<string> {
  const r = await sql.query<{ id: string }>(
    `insert into users (name, email, phone, function, is_operator_admin) values ($1, $2, $3, $4, $5) returning id`,
    [u.name, u.email, u.phone, u.function, u.isOperatorAdmin],
  );
  return r.rows[0]!.id;
}

export async function findUserByEmail(sql: Sql, email: string): Promise<User | null> {
  const r = await sql.query<UserRow>(`${SELECT_USER} where lower(u.email) = lower($1)`, [email]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function getUser(sql: Sql, userId: string): Promise<User | null> {
  const r = await sql.query<UserRow>(`${SELECT_USER} where u.id = $1`, [userId]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Adds a membership, or merges the roles into the existing one. */
export async function upsertMembership(
  sql: Sql,
  userId: string,
  collectiviteId: string,
  roles: Role[],
  serviceId: string | null = null,
): Promise<void> {
  await sql.query(
    `insert into memberships (user_id, collectivite_id, roles, service_id) values ($1, $2, $3, $4)
     on conflict (user_id, collectivite_id) do update
       set roles = array(select distinct unnest(memberships.roles || excluded.roles) order by 1),
           service_id = coalesce(excluded.service_id, memberships.service_id)`,
    [userId, collectiviteId, roles, serviceId],
  );
}

export async function setRaOfficer(sql: Sql, userId: string, value: boolean): Promise<void> {
  await sql.query('update users set is_ra_officer = $2, updated_at = now() where id = $1', [userId, value]);
}

export async function setOperatorAdmin(sql: Sql, userId: string, value: boolean): Promise<void> {
  await sql.query('update users set is_operator_admin = $2, updated_at = now() where id = $1', [
    userId,
    value,
  ]);
}

/** The people of one collectivité. */
export async function listUsersOfCollectivite(sql: Sql, collectiviteId: string): Promise<User[]> {
  const r = await sql.query<UserRow>(
    `${SELECT_USER} where exists (select 1 from memberships m where m.user_id = u.id and m.collectivite_id = $1)
     order by u.name`,
    [collectiviteId],
  );
  return r.rows.map(fromRow);
}

/** Every person on the platform: operator console and CLI only. */
export async function unsafeListAllUsers(sql: Sql): Promise<User[]> {
  const r = await sql.query<UserRow>(`${SELECT_USER} order by u.name`);
  return r.rows.map(fromRow);
}
