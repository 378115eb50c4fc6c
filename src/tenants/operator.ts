// The operator: the syndicat mixte that runs the platform for its members (exactly one row).
import type { Sql } from '../db/types.ts';
import { validationError } from '../kernel/errors.ts';
import { sirenProblem } from '../kernel/siren.ts';
import { emailProblem } from './fields.ts';

export interface Operator {
  name: string;
  siren: string;
  email: string;
  phone: string | null;
  address: string | null;
}

export async function setOperator(sql: Sql, op: Operator): Promise<void> {
  const problems = [
    op.name.trim() ? null : { field: 'name', message: 'Le nom du syndicat est obligatoire.' },
    ((m) => (m ? { field: 'siren', message: m } : null))(sirenProblem(op.siren)),
    ((m) => (m ? { field: 'email', message: m } : null))(emailProblem(op.email)),
  ].filter((p) => p !== null);
  if (problems.length) throw validationError(problems);
  await sql.query(
    `insert into operator (id, name, siren, email, phone, address) values (true, $1, $2, $3, $4, $5)
     on conflict (id) do update set name = excluded.name, siren = excluded.siren, email = excluded.email,
       phone = excluded.phone, address = excluded.address, updated_at = now()`,
    [op.name.trim(), op.siren, op.email, op.phone, op.address],
  );
}

export async function getOperator(sql: Sql): Promise<Operator | null> {
  const r = await sql.query<Operator>('select name, siren, email, phone, address from operator');
  return r.rows[0] ?? null;
}
