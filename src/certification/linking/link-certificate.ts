// Linking: the certificate handed over to a holder attaches to the right account once the holder confirms
// it is theirs. Two ways in: the holder signs in with it for the first time (they hold the private key:
// the certificate itself is the proof), or the holder is already signed in and the request is theirs
// (their account, or their e-mail in the request's collectivité). Only a request in "handed over" is ever
// linked this way; a refusal attaches nothing and leaves a trace the RA officers see.

import { insertUserCertificate } from '../../auth/accounts/certificate-store.ts';
import { certificateInfo, readCertificateBlobs } from '../../auth/certificates/certificate-info.ts';
import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import type { Principal } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { AppError } from '../../kernel/errors.ts';
import { addUserWithin } from '../../tenants/add-user.ts';
import type { CertificationDeps } from '../deps.ts';
import {
  type CertificateRequest,
  recordRequestEvent,
  requestFromRow,
  SELECT_REQUEST,
  transition,
  unsafeGetRequest,
} from '../request-store.ts';

/** Who claims the certificate: a signed-in person, or whoever presents the certificate itself. */
export type Claimant =
  | { kind: 'person'; principal: Principal }
  | { kind: 'certificate'; fingerprint: string };

export interface LinkContext {
  ip?: string | null;
  httpRequestId?: string | null;
}

/** The handed-over request of this certificate, waiting for its holder's confirmation, if any. */
export async function findRequestToLink(sql: Sql, fingerprint: string): Promise<CertificateRequest | null> {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) return null;
  const r = await sql.query<Parameters<typeof requestFromRow>[0]>(
    `${SELECT_REQUEST} where r.cert_fingerprint = $1 and r.state = 'handed_over'`,
    [fingerprint],
  );
  return r.rows[0] ? requestFromRow(r.rows[0]) : null;
}

/** Handed-over requests a signed-in person may confirm: theirs, or for their e-mail where they work. */
export async function listRequestsToLinkFor(sql: Sql, principal: Principal): Promise<CertificateRequest[]> {
  if (!principal.user) return [];
  const r = await sql.query<Parameters<typeof requestFromRow>[0]>(
    `${SELECT_REQUEST} where r.state = 'handed_over' and (r.holder_user_id = $1 or (r.holder_user_id is null
       and lower(r.holder_email) = lower($2)
       and exists (select 1 from memberships m where m.user_id = $1 and m.collectivite_id = r.collectivite_id)))
     order by r.handed_over_at`,
    [principal.user.id, principal.user.email],
  );
  return r.rows.map(requestFromRow);
}

/** The request, if this claimant may confirm or refuse it; NOT_FOUND for anyone else. */
async function requestForClaimant(
  sql: Sql,
  claimant: Claimant,
  requestId: string,
): Promise<CertificateRequest> {
  const request = await unsafeGetRequest(sql, requestId);
  const allowed =
    claimant.kind === 'certificate'
      ? request.certificate?.fingerprint === claimant.fingerprint
      : (await listRequestsToLinkFor(sql, claimant.principal)).some((r) => r.id === request.id) ||
        (request.holderUserId !== null && request.holderUserId === claimant.principal.user?.id);
  if (!allowed) throw new AppError('NOT_FOUND', 'Aucun certificat à rattacher ne vous concerne ici.');
  if (request.state !== 'handed_over' || !request.certificate)
    throw new AppError(
      'CERT_REQUEST_STATE',
      request.state === 'active'
        ? 'Ce certificat est déjà rattaché à votre compte.'
        : 'Ce certificat n’est pas en attente de rattachement : adressez-vous au syndicat.',
    );
  return request;
}

/**
 * The holder's account: the request's, the holder's e-mail in the collectivité, or a new one. Never an
 * account outside the collectivité that happens to have the same e-mail (another member's agent, a
 * syndicat administrator): the e-mail is typed by a collectivité admin, and whoever holds the token
 * would sign in as that person. Such a request is left for the RA officers to correct.
 */
async function holderAccount(tx: Sql, request: CertificateRequest): Promise<string> {
  if (request.holderUserId) return request.holderUserId;
  const same = await tx.query<{ id: string; member: boolean }>(
    `select u.id, exists (select 1 from memberships m where m.user_id = u.id and m.collectivite_id = $2) as member
     from users u where lower(u.email) = lower($1)`,
    [request.holder.email, request.collectiviteId],
  );
  const account = same.rows[0];
  if (account?.member) return account.id;
  if (account)
    throw new AppError(
      'CONFLICT',
      `Ce certificat ne peut pas être rattaché automatiquement : l’adresse ${request.holder.email} appartient déjà à un compte Relais hors de ${request.collectiviteName}. Rien n’a été rattaché ; le syndicat doit vérifier la demande n° ${request.number}.`,
    );
  const siren = await tx.query<{ siren: string }>('select siren from collectivites where id = $1', [
    request.collectiviteId,
  ]);
  const { user } = await addUserWithin(tx, {
    name: request.holder.name,
    email: request.holder.email,
    ...(request.holder.phone ? { phone: request.holder.phone } : {}),
    function: request.holder.function,
    collectiviteSiren: siren.rows[0]!.siren,
    roles: request.holder.roles,
  });
  return user.id;
}

/** The holder confirms: the certificate is attached to their account and the request becomes active. */
export async function confirmLink(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  claimant: Claimant,
  requestId: string,
  ctx: LinkContext = {},
): Promise<{ userId: string; request: CertificateRequest }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const request = await requestForClaimant(tx, claimant, requestId);
    const info = certificateInfo(readCertificateBlobs(request.certificate!.pem)[0]!);
    if (!info) throw new Error(`request ${request.id}: stored certificate unreadable`);
    const userId =
      claimant.kind === 'person' ? claimant.principal.user!.id : await holderAccount(tx, request);
    const { certificate } = await insertUserCertificate(tx, userId, info, userId);
    await recordSecurityEvent(tx, {
      kind: 'certificate.attached',
      at: now,
      userId,
      collectiviteId: request.collectiviteId,
      certificateFingerprint: info.fingerprint,
      ip: ctx.ip,
      requestId: ctx.httpRequestId,
      reason: `Certificat « ${info.subject} » rattaché après confirmation de son titulaire (demande n° ${request.number}, ${claimant.kind === 'certificate' ? 'à la première connexion avec ce certificat' : 'depuis son compte'}).`,
      details: { notAfter: info.notAfter.toISOString(), certificateRequest: request.number },
    });
    await transition(tx, {
      request,
      action: 'link',
      actor: 'holder',
      actorUserId: userId,
      at: now,
      note: 'Le titulaire a confirmé que ce certificat est le sien ; il est rattaché à son compte.',
      set: { user_certificate_id: certificate.id, linked_at: now, holder_user_id: userId },
    });
    return { userId, request };
  });
}

/** The person says the certificate is not theirs: nothing is attached; the RA officers see it. */
export async function refuseLink(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  claimant: Claimant,
  requestId: string,
  ctx: LinkContext = {},
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const request = await requestForClaimant(tx, claimant, requestId);
    const who = claimant.kind === 'person' ? claimant.principal.user!.id : null;
    // History only: the state does not change (transition is for moves), the refusal is on record.
    await recordRequestEvent(tx, {
      requestId: request.id,
      at: now,
      actorUserId: who,
      action: 'link-refused',
      fromState: 'handed_over',
      toState: 'handed_over',
      note: 'La personne qui a présenté ce certificat a répondu qu’il n’est pas le sien : rien n’a été rattaché. Vérifiez avec le titulaire.',
    });
    await recordSecurityEvent(tx, {
      kind: 'certificate.link-refused',
      at: now,
      userId: who,
      collectiviteId: request.collectiviteId,
      certificateFingerprint: request.certificate!.fingerprint,
      ip: ctx.ip,
      requestId: ctx.httpRequestId,
      reason: `Certificat remis (demande n° ${request.number}) déclaré « pas le mien » ; non rattaché.`,
    });
  });
}

/** The last refusal recorded for a request, for the RA officers' panel. */
export async function lastLinkRefusal(sql: Sql, requestId: string): Promise<Date | null> {
  const r = await sql.query<{ at: Date }>(
    `select at from certificate_request_events where request_id = $1 and action = 'link-refused'
     order by id desc limit 1`,
    [requestId],
  );
  return r.rows[0]?.at ?? null;
}
