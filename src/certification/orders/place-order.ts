// Use case: an RA officer sends several checked requests of one CA together, as one order. In one
// transaction: the requests locked, the order row, each request moved to "sent to the CA" with the
// negotiated price frozen (a later price change does not touch what was ordered), and the CA connector
// told last — if it fails, nothing is ordered. The lock makes a second officer ordering the same
// requests wait, then see them already sent: the CA is asked once.
import { isUuid, type Principal } from '../../auth/policy.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getAuthority } from '../catalogue.ts';
import type { CertificationDeps } from '../deps.ts';
import { type CertificateRequest, transition, unsafeGetRequest } from '../request-store.ts';
import { REQUEST_STATES } from '../workflow.ts';

export interface PlaceOrderInput {
  principal: Principal;
  requestIds: readonly string[];
  note?: string | null;
}

export async function placeOrder(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'connector'>,
  input: PlaceOrderInput,
): Promise<{ orderId: string; number: number; caReference: string | null }> {
  if (!input.principal.isRaOfficer || !input.principal.user)
    throw new AppError(
      'FORBIDDEN',
      'Seuls les officiers d’enregistrement du syndicat passent les commandes.',
    );
  const ids = [...new Set(input.requestIds)];
  if (ids.length === 0)
    throw validationError([{ field: 'demandes', message: 'Cochez au moins une demande à commander.' }]);
  const at = deps.clock.now();
  const actorUserId = input.principal.user.id;
  return deps.db.transaction(async (tx) => {
    await tx.query('select id from certificate_requests where id = any($1::uuid[]) order by id for update', [
      ids.filter(isUuid),
    ]);
    const requests: CertificateRequest[] = [];
    for (const id of ids) requests.push(await unsafeGetRequest(tx, id));
    const notReady = requests.filter((r) => r.state !== 'checked');
    if (notReady.length)
      throw validationError(
        notReady.map((r) => ({
          field: 'demandes',
          message: `La demande n° ${r.number} (${r.holder.name}) est à l’étape « ${REQUEST_STATES[r.state]} » : seules les demandes au dossier vérifié peuvent être commandées.`,
        })),
      );
    const codes = [...new Set(requests.map((r) => r.authorityCode))];
    if (codes.length > 1)
      throw validationError([
        {
          field: 'demandes',
          message: `Une commande s’adresse à une seule autorité de certification ; vous avez coché des demandes de ${[...new Set(requests.map((r) => r.authorityName))].join(' et de ')}. Passez une commande par autorité.`,
        },
      ]);
    const authority = (await getAuthority(tx, codes[0]!))!;
    const prices = await tx.query<{ id: string; price_cents: number }>(
      'select id, price_cents from ra_products where id = any($1::uuid[])',
      [[...new Set(requests.map((r) => r.productId))]],
    );
    const priceOf = new Map(prices.rows.map((p) => [p.id, p.price_cents]));
    const order = await tx.query<{ id: string; number: number }>(
      `insert into ra_orders (authority_code, note, created_by, created_at) values ($1, $2, $3, $4)
       returning id, number`,
      [authority.code, input.note?.trim() || null, actorUserId, at],
    );
    const { id: orderId, number } = order.rows[0]!;
    const lines = requests.map((request) => ({ request, priceCents: priceOf.get(request.productId)! }));
    for (const line of lines)
      await transition(tx, {
        request: line.request,
        action: 'order',
        actor: 'ra',
        actorUserId,
        at,
        note: `Commande n° ${number} à ${authority.name}.`,
        set: { order_id: orderId, price_cents: line.priceCents },
      });
    const placed = await deps.connector(authority.connector).placeOrder({ number, lines });
    if (placed.caReference) {
      await tx.query('update ra_orders set ca_reference = $2 where id = $1', [orderId, placed.caReference]);
      await tx.query('update certificate_requests set ca_reference = $2 where order_id = $1', [
        orderId,
        placed.caReference,
      ]);
    }
    return { orderId, number, caReference: placed.caReference };
  });
}
