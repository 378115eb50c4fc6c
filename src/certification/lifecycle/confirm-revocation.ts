// Use case: an RA officer records the CA's confirmation that a certificate is revoked (its reference and
// the date it gave), which closes the request. The tracked half of a revocation for CAs without a
// connector that confirms on its own.
import type { Principal } from '../../auth/policy.ts';
import { type FieldProblem, validationError } from '../../kernel/errors.ts';
import type { CertificationDeps } from '../deps.ts';
import {
  actorForAction,
  type CertificateRequest,
  getRequestFor,
  transition,
  unsafeGetRequest,
} from '../request-store.ts';

export async function confirmRevocation(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  input: { principal: Principal; requestId: string; reference: string; confirmedOn: string },
): Promise<CertificateRequest> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // Who may act first: someone unrelated learns nothing, not even that the form was incomplete.
    const { request, actors } = await getRequestFor(tx, input.principal, input.requestId);
    const actor = actorForAction(actors, 'confirm-revocation');
    const reference = input.reference.trim();
    const problems: FieldProblem[] = [];
    if (!reference || reference.length > 200)
      problems.push({
        field: 'reference',
        message:
          'Indiquez la référence de la révocation donnée par l’autorité de certification (200 caractères au plus).',
      });
    // A date field sends YYYY-MM-DD; typed by hand (no date picker), it is often JJ/MM/AAAA.
    const typed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.confirmedOn.trim());
    const confirmedOn = typed
      ? `${typed[3]}-${typed[2]!.padStart(2, '0')}-${typed[1]!.padStart(2, '0')}`
      : input.confirmedOn.trim();
    const day = /^\d{4}-\d{2}-\d{2}$/.test(confirmedOn) ? new Date(`${confirmedOn}T12:00:00Z`) : null;
    if (!day || Number.isNaN(day.getTime()))
      problems.push({ field: 'confirmedOn', message: 'Indiquez la date de la confirmation (jj/mm/aaaa).' });
    else if (day.getTime() > now.getTime() + 86_400_000)
      problems.push({
        field: 'confirmedOn',
        message: 'La date de confirmation ne peut pas être dans le futur.',
      });
    else if (request.revocation && confirmedOn < request.revocation.requestedAt.toISOString().slice(0, 10))
      problems.push({
        field: 'confirmedOn',
        message: 'La confirmation ne peut pas précéder la demande de révocation.',
      });
    if (problems.length) throw validationError(problems);
    await transition(tx, {
      request,
      action: 'confirm-revocation',
      actor,
      actorUserId: input.principal.user?.id ?? null,
      at: now,
      note: `Référence de l’autorité de certification : ${reference}.`,
      set: { revocation_confirmed_at: day, revocation_reference: reference },
    });
  });
  return unsafeGetRequest(deps.db, input.requestId);
}

export interface AwaitingConfirmation {
  id: string;
  number: number;
  collectiviteName: string;
  holderName: string;
  authorityName: string;
  reason: string;
  requestedAt: Date;
}

/** Revocations asked for and not yet confirmed by the CA, oldest first: for RA officers only. */
export async function listRevocationsAwaitingConfirmation(
  sql: Pick<CertificationDeps['db'], 'query'>,
): Promise<AwaitingConfirmation[]> {
  const r = await sql.query<{
    id: string;
    number: number;
    collectivite_name: string;
    holder_name: string;
    authority_name: string;
    revocation_reason: string;
    revocation_requested_at: Date;
  }>(
    `select r.id, r.number, c.name as collectivite_name, r.holder_name, a.name as authority_name,
       r.revocation_reason, r.revocation_requested_at
     from certificate_requests r join collectivites c on c.id = r.collectivite_id
     join ra_products p on p.id = r.product_id join ra_authorities a on a.code = p.authority_code
     where r.state = 'revocation_requested' order by r.revocation_requested_at, r.number`,
  );
  return r.rows.map((x) => ({
    id: x.id,
    number: x.number,
    collectiviteName: x.collectivite_name,
    holderName: x.holder_name,
    authorityName: x.authority_name,
    reason: x.revocation_reason,
    requestedAt: x.revocation_requested_at,
  }));
}
