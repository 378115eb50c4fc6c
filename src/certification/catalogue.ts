// The CAs the syndicat works with and their products at the negotiated price. A small table read by
// RA officers and by the request forms; changed from the catalogue page (suivi/) or the demo seed.
import type { Sql } from '../db/types.ts';
import { type FieldProblem, validationError } from '../kernel/errors.ts';
import type { DocumentKind, Purpose } from './workflow.ts';

export interface Authority {
  code: string;
  name: string;
  connector: 'demo' | 'manual';
  requiredDocuments: DocumentKind[];
  active: boolean;
}

export interface Product {
  id: string;
  authorityCode: string;
  authorityName: string;
  code: string;
  label: string;
  purposes: Purpose[];
  priceCents: number;
  validityMonths: number;
  active: boolean;
}

const CODE = /^[a-z0-9-]{2,40}$/;

export async function listAuthorities(sql: Sql): Promise<Authority[]> {
  const r = await sql.query<{
    code: string;
    name: string;
    connector: 'demo' | 'manual';
    required_documents: DocumentKind[];
    active: boolean;
  }>('select code, name, connector, required_documents, active from ra_authorities order by name');
  return r.rows.map((a) => ({
    code: a.code,
    name: a.name,
    connector: a.connector,
    requiredDocuments: a.required_documents,
    active: a.active,
  }));
}

export async function getAuthority(sql: Sql, code: string): Promise<Authority | null> {
  return (await listAuthorities(sql)).find((a) => a.code === code) ?? null;
}

export async function listProducts(sql: Sql, opts: { activeOnly?: boolean } = {}): Promise<Product[]> {
  const r = await sql.query<{
    id: string;
    authority_code: string;
    authority_name: string;
    code: string;
    label: string;
    purposes: Purpose[];
    price_cents: number;
    validity_months: number;
    active: boolean;
  }>(
    `select p.id, p.authority_code, a.name as authority_name, p.code, p.label, p.purposes, p.price_cents,
       p.validity_months, p.active and a.active as active
     from ra_products p join ra_authorities a on a.code = p.authority_code
     ${opts.activeOnly ? 'where p.active and a.active' : ''}
     order by a.name, p.label`,
  );
  return r.rows.map((p) => ({
    id: p.id,
    authorityCode: p.authority_code,
    authorityName: p.authority_name,
    code: p.code,
    label: p.label,
    purposes: p.purposes,
    priceCents: p.price_cents,
    validityMonths: p.validity_months,
    active: p.active,
  }));
}

export async function getProduct(sql: Sql, id: string): Promise<Product | null> {
  return (await listProducts(sql)).find((p) => p.id === id) ?? null;
}

/** Creates or updates a CA (by code). */
export async function saveAuthority(sql: Sql, a: Authority): Promise<void> {
  const problems: FieldProblem[] = [];
  if (!CODE.test(a.code))
    problems.push({ field: 'code', message: 'Le code : 2 à 40 lettres minuscules, chiffres ou tirets.' });
  if (!a.name.trim()) problems.push({ field: 'name', message: 'Le nom de l’autorité est obligatoire.' });
  if (problems.length) throw validationError(problems);
  await sql.query(
    `insert into ra_authorities (code, name, connector, required_documents, active) values ($1, $2, $3, $4, $5)
     on conflict (code) do update set name = excluded.name, connector = excluded.connector,
       required_documents = excluded.required_documents, active = excluded.active`,
    [a.code, a.name.trim(), a.connector, a.requiredDocuments, a.active],
  );
}

/** Creates or updates a product (by CA and code); returns its id. */
export async function saveProduct(sql: Sql, p: Omit<Product, 'id' | 'authorityName'>): Promise<string> {
  const problems: FieldProblem[] = [];
  if (!CODE.test(p.code))
    problems.push({ field: 'code', message: 'Le code : 2 à 40 lettres minuscules, chiffres ou tirets.' });
  if (!p.label.trim()) problems.push({ field: 'label', message: 'Le libellé du produit est obligatoire.' });
  if (!Number.isInteger(p.priceCents) || p.priceCents < 0)
    problems.push({ field: 'price', message: 'Le prix doit être un montant positif ou nul.' });
  if (!Number.isInteger(p.validityMonths) || p.validityMonths < 1 || p.validityMonths > 60)
    problems.push({ field: 'validity', message: 'La durée de validité : de 1 à 60 mois.' });
  if (p.purposes.length === 0)
    problems.push({ field: 'purposes', message: 'Choisissez au moins un usage du certificat.' });
  if (problems.length) throw validationError(problems);
  const r = await sql.query<{ id: string }>(
    `insert into ra_products (authority_code, code, label, purposes, price_cents, validity_months, active)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (authority_code, code) do update set label = excluded.label, purposes = excluded.purposes,
       price_cents = excluded.price_cents, validity_months = excluded.validity_months, active = excluded.active
     returning id`,
    [p.authorityCode, p.code, p.label.trim(), p.purposes, p.priceCents, p.validityMonths, p.active],
  );
  return r.rows[0]!.id;
}

/** Euros from cents, French style: 149,00 €. */
export function formatEuros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}
