// A new certificate request, as a draft: by a membership admin of the collectivité or an RA officer.
// A renewal starts from the last request of the same holder (prefilled, kind 'renewal', renews_id).
import type { Principal, ScopedCollectiviteId } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { isUniqueViolation } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { listProducts } from '../catalogue.ts';
import type { CertificationDeps } from '../deps.ts';
import { type CertificateRequest, getRequestOfCollectivite, recordRequestEvent } from '../request-store.ts';
import { FINAL_STATES, LIVE_CERTIFICATE_STATES, REQUEST_STATES, type RequestState } from '../workflow.ts';
import { requireFileAccess } from './file-access.ts';
import { checkRequestForm, type RequestForm, type ValidRequest } from './request-input.ts';

/** The people of a collectivité (id → e-mail), to choose the holder from. */
export async function peopleOf(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
): Promise<{ id: string; name: string; email: string }[]> {
  const r = await sql.query<{ id: string; name: string; email: string }>(
    `select u.id, u.name, u.email from users u join memberships m on m.user_id = u.id
     where m.collectivite_id = $1 and u.disabled_at is null order by u.name`,
    [collectiviteId],
  );
  return r.rows;
}

/** Whether an account with this e-mail exists and is not a member of the collectivité. */
async function isAccountOutside(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
  email: string,
): Promise<boolean> {
  const r = await sql.query(
    `select 1 from users u where lower(u.email) = lower($1)
       and not exists (select 1 from memberships m where m.user_id = u.id and m.collectivite_id = $2)`,
    [email, collectiviteId],
  );
  return r.rows.length > 0;
}

/** Checks a form against the active catalogue and the collectivité's people. */
export async function validateForm(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
  form: RequestForm,
): Promise<ValidRequest> {
  const [products, people] = await Promise.all([
    listProducts(sql, { activeOnly: true }),
    peopleOf(sql, collectiviteId),
  ]);
  const valid = checkRequestForm(form, { products, people: new Map(people.map((p) => [p.id, p.email])) });
  // Not chosen in the list, but a person of the collectivité has this e-mail: it is them.
  if (!valid.holderUserId) {
    const same = people.find((p) => p.email.toLowerCase() === valid.holderEmail);
    if (same) valid.holderUserId = same.id;
    // Someone else's account (another collectivité, the syndicat): linking would hand them this
    // certificate's rights here, so the holder must be named by an address of this collectivité.
    else if (await isAccountOutside(sql, collectiviteId, valid.holderEmail))
      throw validationError([
        {
          field: 'holderEmail',
          message:
            'Cette adresse appartient à un compte d’une autre collectivité ou du syndicat : indiquez l’adresse professionnelle du titulaire dans votre collectivité, ou demandez au syndicat.',
        },
      ]);
  }
  return valid;
}

/** States a certificate can be renewed from (it exists, or just expired). */
const RENEWABLE: readonly RequestState[] = [...LIVE_CERTIFICATE_STATES, 'expired'];
/**
 * A renewal counts as under way until it ends (replaced, revoked, expired, abandoned): also once handed
 * over, since its certificate then exists. Same predicate as the unique index
 * certificate_requests_open_renewal_key (migration 0007), which settles two concurrent creations.
 */
const OPEN_RENEWAL: readonly RequestState[] = (Object.keys(REQUEST_STATES) as RequestState[]).filter(
  (s) => !FINAL_STATES.includes(s),
);
const renewalUnderWay = (number: number | string) =>
  new AppError('CONFLICT', `Le renouvellement de ce certificat est déjà en cours : demande n° ${number}.`);

/** The request a renewal replaces: of this collectivité, with a certificate, not already being renewed. */
async function renewable(
  sql: Sql,
  collectiviteId: ScopedCollectiviteId,
  renewsId: string,
): Promise<CertificateRequest> {
  const old = await getRequestOfCollectivite(sql, collectiviteId, renewsId);
  if (!RENEWABLE.includes(old.state))
    throw new AppError(
      'CERT_REQUEST_STATE',
      `La demande n° ${old.number} ne peut pas être renouvelée : elle est à l’étape « ${REQUEST_STATES[old.state]} ». On renouvelle un certificat remis, actif, à renouveler ou expiré.`,
    );
  const open = await sql.query<{ number: number }>(
    'select number from certificate_requests where renews_id = $1 and state = any($2::text[]) limit 1',
    [old.id, OPEN_RENEWAL],
  );
  if (open.rows[0]) throw renewalUnderWay(open.rows[0].number);
  return old;
}

/**
 * The form prefilled for renewing `renewsId`: from the newest request of the same holder (same account
 * or same e-mail) in the collectivité, which may be more recent than the certificate being renewed.
 */
export async function renewalForm(
  deps: Pick<CertificationDeps, 'db'>,
  principal: Principal,
  collectiviteId: string,
  renewsId: string,
): Promise<{ form: RequestForm; renews: CertificateRequest }> {
  const cid = requireFileAccess(principal, collectiviteId);
  const old = await renewable(deps.db, cid, renewsId);
  const last = await deps.db.query<{ id: string }>(
    `select id from certificate_requests
     where collectivite_id = $1 and (lower(holder_email) = lower($2) or holder_user_id = $3)
     order by created_at desc, number desc limit 1`,
    [cid, old.holder.email, old.holderUserId],
  );
  const from = last.rows[0] ? await getRequestOfCollectivite(deps.db, cid, last.rows[0].id) : old;
  return {
    renews: old,
    form: {
      holderName: from.holder.name,
      holderFunction: from.holder.function,
      holderEmail: from.holder.email,
      holderPhone: from.holder.phone ?? '',
      holderIsElected: from.holder.isElected,
      holderRoles: from.holder.roles,
      holderUserId: from.holderUserId ?? '',
      legalRepName: from.legalRep.name,
      legalRepFunction: from.legalRep.function,
      purposes: from.purposes,
      productId: from.productId,
    },
  };
}

/**
 * Creates a draft request for a member collectivité and writes its 'create' event, in one transaction.
 * `renewsId`: the request whose certificate this one renews.
 */
export async function createRequest(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  principal: Principal,
  collectiviteId: string,
  form: RequestForm,
  opts: { renewsId?: string | null } = {},
): Promise<CertificateRequest> {
  const cid = requireFileAccess(principal, collectiviteId);
  const exists = await deps.db.query('select 1 from collectivites where id = $1', [cid]);
  if (!exists.rows[0]) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const at = deps.clock.now();
  const id = await insertDraft().catch(async (e) => {
    if (!isUniqueViolation(e) || !opts.renewsId) throw e;
    // The other renewal was created meanwhile (index certificate_requests_open_renewal_key).
    const other = await deps.db.query<{ number: number }>(
      'select number from certificate_requests where renews_id = $1 and state = any($2::text[]) limit 1',
      [opts.renewsId, OPEN_RENEWAL],
    );
    throw renewalUnderWay(other.rows[0]?.number ?? '?');
  });
  return getRequestOfCollectivite(deps.db, cid, id);

  function insertDraft() {
    return deps.db.transaction(async (tx) => {
      const renews = opts.renewsId ? await renewable(tx, cid, opts.renewsId) : null;
      const v = await validateForm(tx, cid, form);
      const r = await tx.query<{ id: string }>(
        `insert into certificate_requests (collectivite_id, kind, renews_id, holder_user_id, holder_name,
         holder_function, holder_email, holder_phone, holder_is_elected, holder_roles, legal_rep_name,
         legal_rep_function, purposes, product_id, state, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'draft', $15, $16, $16)
       returning id`,
        [
          cid,
          renews ? 'renewal' : 'new',
          renews?.id ?? null,
          v.holderUserId,
          v.holderName,
          v.holderFunction,
          v.holderEmail,
          v.holderPhone,
          v.holderIsElected,
          v.holderRoles,
          v.legalRepName,
          v.legalRepFunction,
          v.purposes,
          v.productId,
          principal.user?.id ?? null,
          at,
        ],
      );
      const newId = r.rows[0]!.id;
      await recordRequestEvent(tx, {
        requestId: newId,
        at,
        actorUserId: principal.user?.id ?? null,
        action: 'create',
        fromState: null,
        toState: 'draft',
        note: renews ? `Renouvellement de la demande n° ${renews.number}` : null,
      });
      return newId;
    });
  }
}
