// Use case: ask for a certificate's revocation (holder, admin of its collectivité or RA officer), with a
// reason. In one transaction the request moves to « révocation demandée » and the certificate is
// detached from every account it signs in, so it stops opening Relais at once (open sessions end at
// their next page). Then the CA is asked through its connector: the demo CA confirms at once; otherwise
// an RA officer records the CA's confirmation later (confirm-revocation.ts). The RA officers are mailed.
import { detachUserCertificate } from '../../auth/accounts/certificate-store.ts';
import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import type { Principal } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getAuthority } from '../catalogue.ts';
import type { CertificationDeps } from '../deps.ts';
import { raOfficerEmails } from '../recipients.ts';
import {
  actorForAction,
  type CertificateRequest,
  getRequestFor,
  transition,
  unsafeGetRequest,
} from '../request-store.ts';
import { REVOCATION_REASONS, type RevocationReason } from '../workflow.ts';
import { revocationRequestedMail } from './lifecycle-mails.ts';
import { requestLinks } from './send-reminders.ts';

export interface RevocationInput {
  principal: Principal;
  requestId: string;
  reason: string;
  note?: string | null;
  ip?: string | null;
  httpRequestId?: string | null;
  /** False for the elections campaign: the officer who runs it reads the report, not one mail each. */
  notifyOfficers?: boolean;
}

export interface RevocationResult {
  request: CertificateRequest;
  /** The CA confirmed at once (demo connector). */
  confirmed: boolean;
  /** Accounts the certificate no longer signs in. */
  detached: number;
}

export function isRevocationReason(s: unknown): s is RevocationReason {
  return typeof s === 'string' && Object.hasOwn(REVOCATION_REASONS, s);
}

/**
 * Detaches the request's certificate from every account (a shared certificate may sign in several), with
 * `why` in the security journal: a revocation, or the renewed certificate replacing it.
 */
export async function detachEverywhere(
  tx: Sql,
  request: CertificateRequest,
  by: { id: string; name: string } | null,
  at: Date,
  input: Pick<RevocationInput, 'ip' | 'httpRequestId'>,
  why = `révocation demandée (demande de certificat n° ${request.number})${by ? ` par ${by.name}` : ''}`,
): Promise<number> {
  const fingerprint = request.certificate?.fingerprint;
  const r = await tx.query<{ id: string; user_id: string }>(
    `select id, user_id from user_certificates
     where detached_at is null and (id = $1 or ($2::text is not null and fingerprint_sha256 = $2))`,
    [request.userCertificateId, fingerprint ?? null],
  );
  let n = 0;
  for (const c of r.rows) {
    if (!(await detachUserCertificate(tx, c.id, by?.id ?? null, at))) continue;
    n++;
    await recordSecurityEvent(tx, {
      kind: 'certificate.detached',
      at,
      userId: c.user_id,
      collectiviteId: request.collectiviteId,
      certificateFingerprint: fingerprint ?? null,
      ip: input.ip,
      requestId: input.httpRequestId,
      reason: `Certificat détaché : ${why}.`,
    });
  }
  return n;
}

export async function requestRevocation(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'connector' | 'mailer' | 'publicUrl' | 'logger'>,
  input: RevocationInput,
): Promise<RevocationResult> {
  const reason = input.reason;
  const note = (input.note ?? '').trim();
  const at = deps.clock.now();
  const user = input.principal.user;
  const {
    request,
    detached,
    reason: checked,
  } = await deps.db.transaction(async (tx) => {
    // Who may act first: someone unrelated learns nothing, not even that the form was incomplete.
    const { request, actors } = await getRequestFor(tx, input.principal, input.requestId);
    const actor = actorForAction(actors, 'request-revocation');
    if (request.certificate && request.certificate.notAfter.getTime() <= at.getTime())
      throw new AppError(
        'CERT_REQUEST_STATE',
        'Ce certificat a déjà expiré : il ne permet plus de se connecter et n’a pas besoin d’être révoqué.',
      );
    if (!isRevocationReason(reason))
      throw validationError([{ field: 'reason', message: 'Choisissez le motif de la révocation.' }]);
    if (note.length > 1000)
      throw validationError([{ field: 'note', message: 'La précision : 1 000 caractères au plus.' }]);
    await transition(tx, {
      request,
      action: 'request-revocation',
      actor,
      actorUserId: user?.id ?? null,
      at,
      note: REVOCATION_REASONS[reason],
      set: {
        revocation_reason: reason,
        revocation_note: note || null,
        revocation_requested_at: at,
        revocation_requested_by: user?.id ?? null,
      },
    });
    const detached = await detachEverywhere(tx, request, user, at, input);
    return { request, detached, reason };
  });
  const confirmed = await askTheCa(deps, request.id, checked);
  if (input.notifyOfficers !== false)
    await mailOfficers(deps, await unsafeGetRequest(deps.db, request.id), user?.name ?? 'Relais', confirmed);
  return { request: await unsafeGetRequest(deps.db, request.id), confirmed, detached };
}

/** The connector of the request's CA; a confirmation it gives at once closes the request. */
async function askTheCa(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'connector' | 'logger'>,
  requestId: string,
  reason: RevocationReason,
): Promise<boolean> {
  const request = await unsafeGetRequest(deps.db, requestId);
  const authority = await getAuthority(deps.db, request.authorityCode);
  let outcome: { confirmed: boolean; reference: string | null };
  try {
    outcome = await deps.connector(authority?.connector ?? 'manual').revoke(request, reason);
  } catch (e) {
    // The request stays « révocation demandée »: an RA officer will record the CA's answer by hand.
    deps.logger?.warn({ request: requestId, err: (e as Error).message }, 'CA revocation failed');
    return false;
  }
  if (!outcome.confirmed) return false;
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const fresh = await unsafeGetRequest(tx, requestId);
    await transition(tx, {
      request: fresh,
      action: 'confirm-revocation',
      actor: 'system',
      actorUserId: null,
      at,
      note: outcome.reference
        ? `Confirmée par l’autorité de certification (référence ${outcome.reference}).`
        : 'Confirmée par l’autorité de certification.',
      set: { revocation_confirmed_at: at, revocation_reference: outcome.reference },
    });
  });
  return true;
}

async function mailOfficers(
  deps: Pick<CertificationDeps, 'db' | 'mailer' | 'publicUrl' | 'logger'>,
  request: CertificateRequest,
  requestedBy: string,
  confirmed: boolean,
): Promise<void> {
  if (!deps.mailer || !request.revocation) return;
  const to = await raOfficerEmails(deps.db);
  if (to.length === 0) return;
  try {
    await deps.mailer.send({
      to,
      ...revocationRequestedMail({
        requestNumber: request.number,
        holderName: request.holder.name,
        collectiviteName: request.collectiviteName,
        reason: request.revocation.reason,
        requestedBy,
        confirmed,
        requestUrl: requestLinks(deps.publicUrl, request).requestUrl,
      }),
    });
  } catch (e) {
    // The worklist shows the revocation anyway: a lost mail delays nothing that matters.
    deps.logger?.warn({ request: request.id, err: (e as Error).message }, 'revocation mail not sent');
  }
}
