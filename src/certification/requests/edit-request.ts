// Correcting a request while the collectivité still holds it (draft, or returned by the syndicat): by
// its admins or an RA officer, refused if someone changed it meanwhile (version), recorded in history.
import type { Principal, ScopedCollectiviteId } from '../../auth/policy.ts';
import { AppError } from '../../kernel/errors.ts';
import type { CertificationDeps } from '../deps.ts';
import {
  type CertificateRequest,
  getRequestFor,
  recordRequestEvent,
  unsafeGetRequest,
} from '../request-store.ts';
import { REQUEST_STATES, type RequestState } from '../workflow.ts';
import { validateForm } from './create-request.ts';
import type { RequestForm } from './request-input.ts';

export const EDITABLE_STATES: readonly RequestState[] = ['draft', 'returned'];

export function canEdit(request: Pick<CertificateRequest, 'state'>, actors: readonly string[]): boolean {
  return (
    EDITABLE_STATES.includes(request.state) && (actors.includes('collectivite') || actors.includes('ra'))
  );
}

export async function editRequest(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
  form: RequestForm,
): Promise<CertificateRequest> {
  const { request, actors } = await getRequestFor(deps.db, principal, requestId);
  if (!actors.includes('collectivite') && !actors.includes('ra'))
    throw new AppError(
      'FORBIDDEN',
      'La demande est remplie par l’administrateur de votre collectivité : demandez-lui de la corriger.',
    );
  if (!EDITABLE_STATES.includes(request.state))
    throw new AppError(
      'CERT_REQUEST_STATE',
      `La demande ne se modifie plus : elle est à l’étape « ${REQUEST_STATES[request.state]} ». Si une information est fausse, écrivez au syndicat.`,
    );
  const at = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // The request's own collectivité, reached through getRequestFor: checked against the principal.
    const v = await validateForm(tx, request.collectiviteId as ScopedCollectiviteId, form);
    const r = await tx.query(
      `update certificate_requests set holder_user_id = $3, holder_name = $4, holder_function = $5,
         holder_email = $6, holder_phone = $7, holder_is_elected = $8, holder_roles = $9, legal_rep_name = $10,
         legal_rep_function = $11, purposes = $12, product_id = $13, updated_at = $14, version = version + 1
       where id = $1 and version = $2 and state = any($15::text[])`,
      [
        request.id,
        expectedVersion,
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
        at,
        EDITABLE_STATES,
      ],
    );
    if (r.rowCount !== 1)
      throw new AppError(
        'CERT_REQUEST_STATE',
        'La demande a été modifiée entre-temps par quelqu’un d’autre : rechargez la page et recommencez.',
      );
    await recordRequestEvent(tx, {
      requestId: request.id,
      at,
      actorUserId: principal.user?.id ?? null,
      action: 'edit',
      fromState: request.state,
      toState: request.state,
      note: null,
    });
  });
  return unsafeGetRequest(deps.db, request.id);
}
