// A plain-text description of the database schema (tables, columns, constraints, indexes), kept in
// schema.snapshot.txt so that every schema change shows in a diff (conventions §9).
import type { Queryable } from './types.ts';

export async function describeSchema(db: Queryable): Promise<string> {
  const cols = await db.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    def: string | null;
  }>(
    `select c.relname as table_name, a.attname as column_name, format_type(a.atttypid, a.atttypmod) as type,
            a.attnotnull as not_null, pg_get_expr(d.adbin, d.adrelid) as def
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
     join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attnum > 0 and not a.attisdropped
     order by c.relname, a.attnum`,
  );
  const cons = await db.query<{ table_name: string; name: string; def: string }>(
    `select c.relname as table_name, k.conname as name, pg_get_constraintdef(k.oid) as def
     from pg_constraint k join pg_class c on c.oid = k.conrelid
     join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
     where k.contype in ('p', 'u', 'f', 'c')
     order by c.relname, k.conname`,
  );
  const idx = await db.query<{ table_name: string; def: string }>(
    `select tablename as table_name, indexdef as def from pg_indexes where schemaname = 'public'
     order by tablename, indexname`,
  );
  const out: string[] = [];
  const tables = [...new Set(cols.rows.map((r) => r.table_name))];
  for (const t of tables) {
    out.push(`table ${t}`);
    for (const c of cols.rows.filter((r) => r.table_name === t))
      out.push(
        `  ${c.column_name} ${c.type}${c.not_null ? ' not null' : ''}${c.def ? ` default ${c.def}` : ''}`,
      );
    for (const k of cons.rows.filter((r) => r.table_name === t)) out.push(`  constraint ${k.name} ${k.def}`);
    for (const i of idx.rows.filter((r) => r.table_name === t)) out.push(`  ${i.def}`);
    out.push('');
  }
  return out.join('\n');
}
