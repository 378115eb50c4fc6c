// Orders sent to the CAs and what they cost: the list, one order with its lines, the lines an RA officer
// can still order, and the cost per collectivité over a period for re-invoicing. RA officers only
// (callers check): these read every member's requests.
import { isUuid } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { type CertificateRequest, requestFromRow, SELECT_REQUEST } from '../request-store.ts';

export interface Order {
  id: string;
  number: number;
  authorityCode: string;
  authorityName: string;
  connector: 'demo' | 'manual';
  caReference: string | null;
  note: string | null;
  createdByName: string | null;
  createdAt: Date;
  lineCount: number;
  totalCents: number;
}

const SELECT_ORDER = `
  select o.id, o.number, o.authority_code, a.name as authority_name, a.connector, o.ca_reference, o.note,
    u.name as created_by_name, o.created_at,
    (select count(*)::int from certificate_requests r where r.order_id = o.id) as line_count,
    (select coalesce(sum(r.price_cents), 0)::int from certificate_requests r where r.order_id = o.id) as total_cents
  from ra_orders o join ra_authorities a on a.code = o.authority_code left join users u on u.id = o.created_by`;

interface OrderRow {
  id: string;
  number: number;
  authority_code: string;
  authority_name: string;
  connector: 'demo' | 'manual';
  ca_reference: string | null;
  note: string | null;
  created_by_name: string | null;
  created_at: Date;
  line_count: number;
  total_cents: number;
}

const orderFromRow = (o: OrderRow): Order => ({
  id: o.id,
  number: o.number,
  authorityCode: o.authority_code,
  authorityName: o.authority_name,
  connector: o.connector,
  caReference: o.ca_reference,
  note: o.note,
  createdByName: o.created_by_name,
  createdAt: o.created_at,
  lineCount: o.line_count,
  totalCents: o.total_cents,
});

export async function unsafeListOrders(sql: Sql, limit = 100): Promise<Order[]> {
  const r = await sql.query<OrderRow>(`${SELECT_ORDER} order by o.number desc limit $1`, [limit]);
  return r.rows.map(orderFromRow);
}

export async function unsafeGetOrder(sql: Sql, id: string): Promise<Order | null> {
  if (!isUuid(id)) return null;
  const r = await sql.query<OrderRow>(`${SELECT_ORDER} where o.id = $1`, [id]);
  return r.rows[0] ? orderFromRow(r.rows[0]) : null;
}

/** A request of an order, with what the CA's portal asks about its collectivité. */
export interface OrderLine {
  request: CertificateRequest;
  siren: string;
  siret: string | null;
}

export async function unsafeListOrderLines(sql: Sql, orderId: string): Promise<OrderLine[]> {
  const r = await sql.query<Parameters<typeof requestFromRow>[0] & { siren: string; siret: string | null }>(
    `select x.*, col.siren, col.siret from (${SELECT_REQUEST} where r.order_id = $1) x
     join collectivites col on col.id = x.collectivite_id order by x.collectivite_name, x.holder_name`,
    [orderId],
  );
  return r.rows.map((row) => ({ request: requestFromRow(row), siren: row.siren, siret: row.siret }));
}

/** Requests whose file is checked, waiting to be ordered, by CA then collectivité. */
export async function unsafeListOrderableRequests(sql: Sql): Promise<CertificateRequest[]> {
  const r = await sql.query<Parameters<typeof requestFromRow>[0]>(
    `${SELECT_REQUEST} where r.state = 'checked' order by a.name, c.name, r.number`,
  );
  return r.rows.map(requestFromRow);
}

export interface CostLine {
  number: number;
  orderNumber: number;
  orderedAt: Date;
  holderName: string;
  productLabel: string;
  authorityName: string;
  priceCents: number;
}

export interface CollectiviteCost {
  collectiviteId: string;
  name: string;
  siren: string;
  count: number;
  totalCents: number;
  lines: CostLine[];
}

/** States of a request that was ordered and not sent back (a refused or abandoned order is not billed). */
const BILLED_STATES = [
  'sent_to_ca',
  'token_received',
  'appointment_set',
  'handed_over',
  'active',
  'renewal_due',
  'revocation_requested',
  'renewed',
  'revoked',
  'expired',
];

/** The certificates ordered in [from, to[ per collectivité, at the price frozen on each order. */
export async function unsafeCostsByCollectivite(sql: Sql, from: Date, to: Date): Promise<CollectiviteCost[]> {
  const r = await sql.query<{
    collectivite_id: string;
    name: string;
    siren: string;
    number: number;
    order_number: number;
    ordered_at: Date;
    holder_name: string;
    product_label: string;
    authority_name: string;
    price_cents: number;
  }>(
    `select c.id as collectivite_id, c.name, c.siren, r.number, o.number as order_number, o.created_at as ordered_at,
       r.holder_name, p.label as product_label, a.name as authority_name, r.price_cents
     from certificate_requests r
     join ra_orders o on o.id = r.order_id
     join collectivites c on c.id = r.collectivite_id
     join ra_products p on p.id = r.product_id
     join ra_authorities a on a.code = o.authority_code
     where o.created_at >= $1 and o.created_at < $2 and r.price_cents is not null and r.state = any($3::text[])
     order by c.name, o.number, r.number`,
    [from, to, BILLED_STATES],
  );
  const byId = new Map<string, CollectiviteCost>();
  for (const x of r.rows) {
    let c = byId.get(x.collectivite_id);
    if (!c) {
      c = {
        collectiviteId: x.collectivite_id,
        name: x.name,
        siren: x.siren,
        count: 0,
        totalCents: 0,
        lines: [],
      };
      byId.set(x.collectivite_id, c);
    }
    c.count++;
    c.totalCents += x.price_cents;
    c.lines.push({
      number: x.number,
      orderNumber: x.order_number,
      orderedAt: x.ordered_at,
      holderName: x.holder_name,
      productLabel: x.product_label,
      authorityName: x.authority_name,
      priceCents: x.price_cents,
    });
  }
  return [...byId.values()];
}
