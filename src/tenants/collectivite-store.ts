// Persistence of collectivités and their services. Listing every member is an operator-only,
// cross-tenant read: it is named `unsafe…` so that callers see it.
import type { Sql } from '../db/types.ts';
import type { Collectivite, Module, NewCollectivite } from './collectivite.ts';

interface CollectiviteRow {
  id: string;
  name: string;
  siren: string;
  siret: string | null;
  type: Collectivite['type'];
  departement: string;
  arrondissement: number;
  nature_code: string;
  prefecture_rattachement: string;
  referent_name: string | null;
  referent_phone: string | null;
  referent_email: string | null;
  return_email: string | null;
  convention_date: string | null;
  convention_reference: string | null;
  modules: Module[];
  created_at: Date;
}

function fromRow(r: CollectiviteRow): Collectivite {
  return {
    id: r.id,
    name: r.name,
    siren: r.siren,
    siret: r.siret,
    type: r.type,
    departement: r.departement,
    arrondissement: r.arrondissement,
    natureCode: r.nature_code,
    prefectureRattachement: r.prefecture_rattachement,
    referentName: r.referent_name,
    referentPhone: r.referent_phone,
    referentEmail: r.referent_email,
    returnEmail: r.return_email,
    conventionDate: r.convention_date,
    conventionReference: r.convention_reference,
    modules: r.modules,
    createdAt: r.created_at,
  };
}

/** A collectivité read as JSON (to_jsonb of its row, joined to another query): the same object. */
export function collectiviteFromJson(
  j: Omit<CollectiviteRow, 'created_at'> & { created_at: string },
): Collectivite {
  return fromRow({ ...j, created_at: new Date(j.created_at) });
}

export type CollectiviteJson = Parameters<typeof collectiviteFromJson>[0];

export async function insertCollectivite(sql: Sql, c: NewCollectivite): Promise<Collectivite> {
  const r = await sql.query<CollectiviteRow>(
    `insert into collectivites (name, siren, siret, type, departement, arrondissement, nature_code,
       prefecture_rattachement, referent_name, referent_phone, referent_email, return_email,
       convention_date, convention_reference, modules)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     returning *`,
    [
      c.name,
      c.siren,
      c.siret,
      c.type,
      c.departement,
      c.arrondissement,
      c.natureCode,
      c.prefectureRattachement,
      c.referentName,
      c.referentPhone,
      c.referentEmail,
      c.returnEmail,
      c.conventionDate,
      c.conventionReference,
      c.modules,
    ],
  );
  return fromRow(r.rows[0]!);
}

export async function findCollectiviteBySiren(sql: Sql, siren: string): Promise<Collectivite | null> {
  const r = await sql.query<CollectiviteRow>('select * from collectivites where siren = $1', [siren]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** One collectivité by id — callers pass an id resolved from the signed-in principal, never from a request alone. */
export async function getCollectivite(sql: Sql, collectiviteId: string): Promise<Collectivite | null> {
  const r = await sql.query<CollectiviteRow>('select * from collectivites where id = $1', [collectiviteId]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

/** Every member of the platform: operator console and CLI only. */
export async function unsafeListAllCollectivites(sql: Sql): Promise<Collectivite[]> {
  const r = await sql.query<CollectiviteRow>('select * from collectivites order by departement, name');
  return r.rows.map(fromRow);
}

export async function insertService(sql: Sql, collectiviteId: string, name: string): Promise<{ id: string }> {
  const r = await sql.query<{ id: string }>(
    'insert into services (collectivite_id, name) values ($1, $2) returning id',
    [collectiviteId, name],
  );
  return r.rows[0]!;
}

export async function listServices(
  sql: Sql,
  collectiviteId: string,
): Promise<{ id: string; name: string }[]> {
  const r = await sql.query<{ id: string; name: string }>(
    'select id, name from services where collectivite_id = $1 order by name',
    [collectiviteId],
  );
  return r.rows;
}
