// The registry of every certificate of every member, for the syndicat's RA officers: the certificates
// obtained through a request (holder, collectivité, CA, serial, validity, state of the request) and the
// certificates attached to accounts outside any request (their state derived from their dates and
// detachment), each with its use on the platform. Cross-tenant by nature: RA officers only.
import type { Sql } from '../../db/types.ts';
import { REQUEST_STATES, type RequestState } from '../workflow.ts';

const DAY_MS = 86_400_000;
/** "Expire bientôt": the renewal notice period. */
export const EXPIRING_DAYS = 90;
/** Sign-ins are counted over this window (the journal's index on (kind, at) keeps it cheap). */
export const USE_WINDOW_DAYS = 365;

export const ACCOUNT_STATES = {
  'account-valid': 'Valide (rattaché à un compte, hors demande)',
  'account-expiring': 'Expire bientôt (rattaché à un compte, hors demande)',
  'account-expired': 'Expiré (rattaché à un compte, hors demande)',
  'account-detached': 'Détaché du compte (hors demande)',
} as const;
export type AccountState = keyof typeof ACCOUNT_STATES;
export type RegistryState = RequestState | AccountState;

export const REGISTRY_STATES: Record<RegistryState, string> = { ...REQUEST_STATES, ...ACCOUNT_STATES };

export interface RegistryEntry {
  source: 'request' | 'account';
  requestId: string | null;
  requestNumber: number | null;
  collectivites: { id: string; name: string }[];
  holderName: string;
  holderEmail: string;
  authority: string;
  product: string | null;
  purposes: string[];
  serial: string;
  subject: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  state: RegistryState;
  lastUsedAt: Date | null;
  signIns: number;
}

export interface RegistryFilters {
  collectiviteId?: string | null;
  state?: RegistryState | null;
  /** Only certificates still valid that end within this many days. */
  expiringWithinDays?: number | null;
}

export function isRegistryState(s: unknown): s is RegistryState {
  return typeof s === 'string' && Object.hasOwn(REGISTRY_STATES, s);
}

function accountState(c: { not_after: Date; detached_at: Date | null }, now: Date): AccountState {
  if (c.detached_at) return 'account-detached';
  if (c.not_after <= now) return 'account-expired';
  if (c.not_after.getTime() - now.getTime() <= EXPIRING_DAYS * DAY_MS) return 'account-expiring';
  return 'account-valid';
}

export async function unsafeListRegistry(
  sql: Sql,
  now: Date,
  f: RegistryFilters = {},
): Promise<RegistryEntry[]> {
  const since = new Date(now.getTime() - USE_WINDOW_DAYS * DAY_MS);
  const uses = await sql.query<{ fp: string; n: number; last: Date }>(
    `select certificate_fingerprint as fp, count(*)::int as n, max(at) as last from security_events
     where kind = 'signin.success' and at >= $1 and certificate_fingerprint is not null group by 1`,
    [since],
  );
  const useOf = new Map(uses.rows.map((u) => [u.fp, u]));
  const cid = f.collectiviteId ?? null;
  const requests = await sql.query<{
    id: string;
    number: number;
    collectivite_id: string;
    collectivite_name: string;
    holder_name: string;
    holder_email: string;
    authority_name: string;
    product_label: string;
    purposes: string[];
    cert_serial_hex: string;
    cert_subject: string;
    cert_fingerprint: string;
    cert_not_before: Date;
    cert_not_after: Date;
    state: RequestState;
    last_used_at: Date | null;
  }>(
    `select r.id, r.number, r.collectivite_id, c.name as collectivite_name, r.holder_name, r.holder_email,
       a.name as authority_name, p.label as product_label, r.purposes, r.cert_serial_hex, r.cert_subject,
       r.cert_fingerprint, r.cert_not_before, r.cert_not_after, r.state,
       (select max(uc.last_used_at) from user_certificates uc where uc.fingerprint_sha256 = r.cert_fingerprint)
         as last_used_at
     from certificate_requests r join collectivites c on c.id = r.collectivite_id
     join ra_products p on p.id = r.product_id join ra_authorities a on a.code = p.authority_code
     where r.cert_fingerprint is not null and ($1::uuid is null or r.collectivite_id = $1)
     order by c.name, r.holder_name, r.cert_not_after desc`,
    [cid],
  );
  const accounts = await sql.query<{
    id: string;
    name: string;
    email: string;
    issuer: string;
    serial_hex: string;
    subject: string;
    fingerprint_sha256: string;
    not_before: Date;
    not_after: Date;
    detached_at: Date | null;
    last_used_at: Date | null;
    collectivites: { id: string; name: string }[] | null;
  }>(
    `select uc.id, u.name, u.email, uc.issuer, uc.serial_hex, uc.subject, uc.fingerprint_sha256, uc.not_before,
       uc.not_after, uc.detached_at, uc.last_used_at,
       (select json_agg(json_build_object('id', c.id, 'name', c.name) order by c.name)
          from memberships m join collectivites c on c.id = m.collectivite_id where m.user_id = u.id)
         as collectivites
     from user_certificates uc join users u on u.id = uc.user_id
     where not exists (select 1 from certificate_requests r
                       where r.user_certificate_id = uc.id or r.cert_fingerprint = uc.fingerprint_sha256)
       and ($1::uuid is null or exists (select 1 from memberships m where m.user_id = u.id and m.collectivite_id = $1))
     order by u.name, uc.not_after desc`,
    [cid],
  );
  const entries: RegistryEntry[] = [
    ...requests.rows.map(
      (r): RegistryEntry => ({
        source: 'request',
        requestId: r.id,
        requestNumber: r.number,
        collectivites: [{ id: r.collectivite_id, name: r.collectivite_name }],
        holderName: r.holder_name,
        holderEmail: r.holder_email,
        authority: r.authority_name,
        product: r.product_label,
        purposes: r.purposes,
        serial: r.cert_serial_hex,
        subject: r.cert_subject,
        fingerprint: r.cert_fingerprint,
        notBefore: r.cert_not_before,
        notAfter: r.cert_not_after,
        state: r.state,
        lastUsedAt: r.last_used_at,
        signIns: useOf.get(r.cert_fingerprint)?.n ?? 0,
      }),
    ),
    ...accounts.rows.map(
      (c): RegistryEntry => ({
        source: 'account',
        requestId: null,
        requestNumber: null,
        collectivites: c.collectivites ?? [],
        holderName: c.name,
        holderEmail: c.email,
        authority: c.issuer,
        product: null,
        purposes: [],
        serial: c.serial_hex,
        subject: c.subject,
        fingerprint: c.fingerprint_sha256,
        notBefore: c.not_before,
        notAfter: c.not_after,
        state: accountState(c, now),
        lastUsedAt: c.last_used_at,
        signIns: useOf.get(c.fingerprint_sha256)?.n ?? 0,
      }),
    ),
  ];
  const within = f.expiringWithinDays;
  return entries
    .filter((e) => !f.state || e.state === f.state)
    .filter(
      (e) =>
        within === null ||
        within === undefined ||
        (e.notAfter > now &&
          e.notAfter.getTime() - now.getTime() <= within * DAY_MS &&
          !['account-detached', 'revoked', 'renewed', 'expired'].includes(e.state)),
    )
    .sort(
      (a, b) =>
        (a.collectivites[0]?.name ?? '').localeCompare(b.collectivites[0]?.name ?? '', 'fr') ||
        a.holderName.localeCompare(b.holderName, 'fr') ||
        b.notAfter.getTime() - a.notAfter.getTime(),
    );
}
