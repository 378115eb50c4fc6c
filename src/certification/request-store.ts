// Certificate requests in the database: reading one (scoped or, for RA officers, not), and the one way
// to change a request's state — `transition`, which applies `decide`, bumps the version (a concurrent
// change makes it fail instead of overwriting) and writes the history event in the same transaction.
import type { CertificateInfo } from '../auth/certificates/certificate-info.ts';
import { isUuid, type Principal, type ScopedCollectiviteId } from '../auth/policy.ts';
import type { Sql } from '../db/types.ts';
import { AppError } from '../kernel/errors.ts';
import type { Role } from '../tenants/user.ts';
import {
  decide,
  FINAL_STATES,
  type Purpose,
  REQUEST_ACTIONS,
  type RequestAction,
  type RequestActor,
  type RequestState,
  type RevocationReason,
} from './workflow.ts';

export interface IssuedCertificate {
  fingerprint: string;
  serialHex: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  pem: string;
}

/** The name a certificate is made out to (its CN), for people; the whole subject when it has none. */
export function holderNameIn(subject: string): string {
  return /(?:^|,\s*|\n)CN=([^,\n]+)/.exec(subject)?.[1]?.trim() ?? subject;
}

/** What a request keeps of a parsed certificate. */
export function issuedCertificateFrom(
  info: Pick<
    CertificateInfo,
    'fingerprint' | 'serial' | 'subject' | 'issuer' | 'notBefore' | 'notAfter' | 'pem'
  >,
): IssuedCertificate {
  return {
    fingerprint: info.fingerprint,
    serialHex: info.serial,
    subject: info.subject,
    issuer: info.issuer,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    pem: info.pem,
  };
}

export interface CertificateRequest {
  id: string;
  number: number;
  collectiviteId: string;
  collectiviteName: string;
  kind: 'new' | 'renewal';
  renewsId: string | null;
  holderUserId: string | null;
  holder: {
    name: string;
    function: string;
    email: string;
    phone: string | null;
    isElected: boolean;
    roles: Role[];
  };
  legalRep: { name: string; function: string };
  purposes: Purpose[];
  productId: string;
  productLabel: string;
  authorityCode: string;
  authorityName: string;
  state: RequestState;
  returnReasons: string | null;
  orderId: string | null;
  priceCents: number | null;
  caReference: string | null;
  appointmentAt: Date | null;
  appointmentPlace: string | null;
  handedOverAt: Date | null;
  handedOverBy: string | null;
  certificate: IssuedCertificate | null;
  userCertificateId: string | null;
  linkedAt: Date | null;
  revocation: {
    reason: RevocationReason;
    note: string | null;
    requestedAt: Date;
    requestedBy: string | null;
    confirmedAt: Date | null;
    reference: string | null;
  } | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  version: number;
}

interface Row {
  id: string;
  number: number;
  collectivite_id: string;
  collectivite_name: string;
  kind: 'new' | 'renewal';
  renews_id: string | null;
  holder_user_id: string | null;
  holder_name: string;
  holder_function: string;
  holder_email: string;
  holder_phone: string | null;
  holder_is_elected: boolean;
  holder_roles: Role[];
  legal_rep_name: string;
  legal_rep_function: string;
  purposes: Purpose[];
  product_id: string;
  product_label: string;
  authority_code: string;
  authority_name: string;
  state: RequestState;
  return_reasons: string | null;
  order_id: string | null;
  price_cents: number | null;
  ca_reference: string | null;
  appointment_at: Date | null;
  appointment_place: string | null;
  handed_over_at: Date | null;
  handed_over_by: string | null;
  cert_fingerprint: string | null;
  cert_serial_hex: string | null;
  cert_subject: string | null;
  cert_issuer: string | null;
  cert_not_before: Date | null;
  cert_not_after: Date | null;
  cert_pem: string | null;
  user_certificate_id: string | null;
  linked_at: Date | null;
  revocation_reason: RevocationReason | null;
  revocation_note: string | null;
  revocation_requested_at: Date | null;
  revocation_requested_by: string | null;
  revocation_confirmed_at: Date | null;
  revocation_reference: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  version: number;
}

/** Select list of a request with its collectivité, product and CA names; alias `r` for the request. */
export const SELECT_REQUEST = `
  select r.*, c.name as collectivite_name, p.label as product_label, p.authority_code,
    a.name as authority_name
  from certificate_requests r
  join collectivites c on c.id = r.collectivite_id
  join ra_products p on p.id = r.product_id
  join ra_authorities a on a.code = p.authority_code`;

export function requestFromRow(r: Row): CertificateRequest {
  return {
    id: r.id,
    number: r.number,
    collectiviteId: r.collectivite_id,
    collectiviteName: r.collectivite_name,
    kind: r.kind,
    renewsId: r.renews_id,
    holderUserId: r.holder_user_id,
    holder: {
      name: r.holder_name,
      function: r.holder_function,
      email: r.holder_email,
      phone: r.holder_phone,
      isElected: r.holder_is_elected,
      roles: r.holder_roles,
    },
    legalRep: { name: r.legal_rep_name, function: r.legal_rep_function },
    purposes: r.purposes,
    productId: r.product_id,
    productLabel: r.product_label,
    authorityCode: r.authority_code,
    authorityName: r.authority_name,
    state: r.state,
    returnReasons: r.return_reasons,
    orderId: r.order_id,
    priceCents: r.price_cents,
    caReference: r.ca_reference,
    appointmentAt: r.appointment_at,
    appointmentPlace: r.appointment_place,
    handedOverAt: r.handed_over_at,
    handedOverBy: r.handed_over_by,
    certificate: r.cert_fingerprint
      ? {
          fingerprint: r.cert_fingerprint,
          serialHex: r.cert_serial_hex!,
          subject: r.cert_subject!,
          issuer: r.cert_issuer!,
          notBefore: r.cert_not_before!,
          notAfter: r.cert_not_after!,
          pem: r.cert_pem!,
        }
      : null,
    userCertificateId: r.user_certificate_id,
    linkedAt: r.linked_at,
    revocation:
      r.revocation_reason && r.revocation_requested_at
        ? {
            reason: r.revocation_reason,
            note: r.revocation_note,
            requestedAt: r.revocation_requested_at,
            requestedBy: r.revocation_requested_by,
            confirmedAt: r.revocation_confirmed_at,
            reference: r.revocation_reference,
          }
        : null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    version: r.version,
  };
}

const notFound = () => new AppError('NOT_FOUND', 'Demande de certificat introuvable.');

/** Any request, unscoped: only for RA officers and the platform's own jobs (callers check). */
export async function unsafeGetRequest(sql: Sql, id: string): Promise<CertificateRequest> {
  if (!isUuid(id)) throw notFound();
  const r = await sql.query<Row>(`${SELECT_REQUEST} where r.id = $1`, [id]);
  if (!r.rows[0]) throw notFound();
  return requestFromRow(r.rows[0]);
}

/** A request of one collectivité (already checked against the principal): NOT_FOUND elsewhere. */
export async function getRequestOfCollectivite(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
  id: string,
): Promise<CertificateRequest> {
  if (!isUuid(id)) throw notFound();
  const r = await sql.query<Row>(`${SELECT_REQUEST} where r.collectivite_id = $1 and r.id = $2`, [
    collectiviteId,
    id,
  ]);
  if (!r.rows[0]) throw notFound();
  return requestFromRow(r.rows[0]);
}

/** An admin of the collectivité by membership (an operator admin's reach over every member does not count). */
export function isMemberAdmin(principal: Principal, collectiviteId: string): boolean {
  return !!principal.permissionsByCollectivite.get(collectiviteId)?.has('collectivite.admin');
}

/**
 * What the principal is to this request: RA officer, admin of its collectivité (a membership role —
 * an operator admin is not one by default: the file holds personal data), and/or its holder. Empty:
 * the request must be treated as not found.
 */
export function actorsFor(principal: Principal, request: CertificateRequest): RequestActor[] {
  const actors: RequestActor[] = [];
  if (principal.isRaOfficer) actors.push('ra');
  if (isMemberAdmin(principal, request.collectiviteId)) actors.push('collectivite');
  if (principal.user && request.holderUserId === principal.user.id) actors.push('holder');
  return actors;
}

/** A request the principal is related to (any of `actorsFor`), or NOT_FOUND. */
export async function getRequestFor(
  sql: Sql,
  principal: Principal,
  id: string,
): Promise<{ request: CertificateRequest; actors: RequestActor[] }> {
  const request = await unsafeGetRequest(sql, id);
  const actors = actorsFor(principal, request);
  if (actors.length === 0) throw notFound();
  return { request, actors };
}

/** The actor the principal takes `action` as (the first allowed of its roles), or FORBIDDEN. */
export function actorForAction(actors: readonly RequestActor[], action: RequestAction): RequestActor {
  const allowed = REQUEST_ACTIONS[action].by as readonly RequestActor[];
  const actor = actors.find((a) => allowed.includes(a));
  if (!actor)
    throw new AppError(
      'FORBIDDEN',
      `« ${REQUEST_ACTIONS[action].label} » ne fait pas partie de ce que vous pouvez faire sur cette demande.`,
    );
  return actor;
}

/** Columns a transition may set besides the state. */
const SETTABLE = [
  'return_reasons',
  'order_id',
  'price_cents',
  'ca_reference',
  'appointment_at',
  'appointment_place',
  'handed_over_at',
  'handed_over_by',
  'cert_fingerprint',
  'cert_serial_hex',
  'cert_subject',
  'cert_issuer',
  'cert_not_before',
  'cert_not_after',
  'cert_pem',
  'user_certificate_id',
  'linked_at',
  'holder_user_id',
  'revocation_reason',
  'revocation_note',
  'revocation_requested_at',
  'revocation_requested_by',
  'revocation_confirmed_at',
  'revocation_reference',
] as const;

export type SettableColumn = (typeof SETTABLE)[number];

export interface TransitionInput {
  request: Pick<CertificateRequest, 'id' | 'state' | 'version'>;
  action: RequestAction;
  actor: RequestActor;
  actorUserId: string | null;
  at: Date;
  /** Shown in the history (reasons for a return, appointment, CA reference…). No personal evidence. */
  note?: string | null;
  set?: Partial<Record<SettableColumn, unknown>>;
}

/**
 * Moves a request by `action` (rules of workflow.ts), setting `set` columns, and records the event.
 * Fails with CERT_REQUEST_STATE when the request changed meanwhile (its version moved on). Call it
 * inside the transaction that does the rest of the step.
 */
export async function transition(sql: Sql, input: TransitionInput): Promise<RequestState> {
  const to = decide(input.request.state, input.action, input.actor);
  const set = Object.entries(input.set ?? {});
  for (const [col] of set)
    if (!(SETTABLE as readonly string[]).includes(col)) throw new Error(`transition: column ${col}`);
  const params: unknown[] = [input.request.id, input.request.version, to, input.at];
  const assignments = set.map(([col, value]) => {
    params.push(value);
    return `${col} = $${params.length}`;
  });
  params.push(FINAL_STATES.includes(to));
  const finalParam = params.length;
  params.push(input.request.state);
  const fromParam = params.length;
  const r = await sql.query(
    `update certificate_requests
       set state = $3, updated_at = $4, version = version + 1,
           closed_at = case when $${finalParam}::boolean then $4::timestamptz else null end
           ${assignments.length ? `, ${assignments.join(', ')}` : ''}
     where id = $1 and version = $2 and state = $${fromParam}`,
    params,
  );
  if (r.rowCount !== 1)
    throw new AppError(
      'CERT_REQUEST_STATE',
      'La demande a été modifiée entre-temps par quelqu’un d’autre : rechargez la page et recommencez.',
    );
  await recordRequestEvent(sql, {
    requestId: input.request.id,
    at: input.at,
    actorUserId: input.actorUserId,
    action: input.action,
    fromState: input.request.state,
    toState: to,
    note: input.note ?? null,
  });
  return to;
}

/**
 * One line of a request's history. `transition` writes it for every move; call it directly only for
 * what is not a move of the workflow: creation ('create'), corrections ('edit'), a refused link.
 */
export async function recordRequestEvent(
  sql: Sql,
  e: {
    requestId: string;
    at: Date;
    actorUserId: string | null;
    action: RequestAction | 'create' | 'edit' | 'link-refused';
    fromState: RequestState | null;
    toState: RequestState;
    note: string | null;
  },
): Promise<void> {
  await sql.query(
    `insert into certificate_request_events (request_id, at, actor_user_id, action, from_state, to_state, note)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [e.requestId, e.at, e.actorUserId, e.action, e.fromState, e.toState, e.note],
  );
}

export interface RequestEvent {
  at: Date;
  actorName: string | null;
  action: string;
  fromState: RequestState | null;
  toState: RequestState;
  note: string | null;
}

/** The history of a request, oldest first (the caller has checked access to the request). */
export async function listRequestEvents(sql: Sql, requestId: string): Promise<RequestEvent[]> {
  const r = await sql.query<{
    at: Date;
    actor_name: string | null;
    action: string;
    from_state: RequestState | null;
    to_state: RequestState;
    note: string | null;
  }>(
    `select e.at, u.name as actor_name, e.action, e.from_state, e.to_state, e.note
     from certificate_request_events e left join users u on u.id = e.actor_user_id
     where e.request_id = $1 order by e.id`,
    [requestId],
  );
  return r.rows.map((x) => ({
    at: x.at,
    actorName: x.actor_name,
    action: x.action,
    fromState: x.from_state,
    toState: x.to_state,
    note: x.note,
  }));
}
