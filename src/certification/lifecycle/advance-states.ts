// The moves the calendar makes, not people: a request whose renewal is now active is "renewed", a
// certificate past its end is "expired", one within 90 days of it is "renewal due". Each request moves
// in its own transaction through `transition`, so a concurrent change (a revocation at the same moment)
// wins and the job simply leaves that request for tomorrow.
import type { Db, Sql } from '../../db/types.ts';
import { isAppError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import { type CertificateRequest, transition, unsafeGetRequest } from '../request-store.ts';
import type { RequestAction } from '../workflow.ts';
import { detachEverywhere } from './request-revocation.ts';

const DAY_MS = 86_400_000;
export const RENEWAL_NOTICE_DAYS = 90;

export interface StateMoves {
  renewed: number;
  expired: number;
  renewalDue: number;
}

async function move(
  db: Db,
  logger: Logger | undefined,
  ids: readonly string[],
  action: RequestAction,
  at: Date,
  note: (id: string) => string | null,
  after?: (tx: Sql, request: CertificateRequest) => Promise<unknown>,
): Promise<number> {
  let n = 0;
  for (const id of ids) {
    try {
      await db.transaction(async (tx) => {
        const request = await unsafeGetRequest(tx, id);
        await transition(tx, { request, action, actor: 'system', actorUserId: null, at, note: note(id) });
        await after?.(tx, request);
      });
      n++;
    } catch (e) {
      if (!isAppError(e) || e.code !== 'CERT_REQUEST_STATE') throw e;
      logger?.warn({ request: id, action }, 'certificate request changed meanwhile: left for the next run');
    }
  }
  return n;
}

export async function advanceRequestStates(deps: {
  db: Db;
  clock: { now(): Date };
  logger?: Logger;
}): Promise<StateMoves> {
  const now = deps.clock.now();
  // The renewal was linked by its holder: the old certificate is replaced. It no longer signs in on
  // Relais (detached from every account); it is not revoked at the CA — a lost or compromised old token
  // can still be revoked from its request until it expires.
  const replaced = await deps.db.query<{ id: string; number: number }>(
    `select r.id, n.number from certificate_requests r
     join certificate_requests n on n.renews_id = r.id and n.state = 'active'
     where r.state in ('handed_over', 'active', 'renewal_due')`,
  );
  const byNumber = new Map(replaced.rows.map((x) => [x.id, x.number]));
  const renewed = await move(
    deps.db,
    deps.logger,
    [...byNumber.keys()],
    'renewed',
    now,
    (id) => `Remplacé par le certificat de la demande n° ${byNumber.get(id)}.`,
    (tx, request) =>
      detachEverywhere(
        tx,
        request,
        null,
        now,
        {},
        `remplacé par le certificat renouvelé (demande n° ${byNumber.get(request.id)})`,
      ),
  );
  const past = await deps.db.query<{ id: string }>(
    `select id from certificate_requests
     where state in ('handed_over', 'active', 'renewal_due', 'revocation_requested') and cert_not_after <= $1`,
    [now],
  );
  const expired = await move(
    deps.db,
    deps.logger,
    past.rows.map((x) => x.id),
    'expire',
    now,
    () => null,
  );
  const soon = await deps.db.query<{ id: string }>(
    `select id from certificate_requests where state = 'active' and cert_not_after <= $1`,
    [new Date(now.getTime() + RENEWAL_NOTICE_DAYS * DAY_MS)],
  );
  const renewalDue = await move(
    deps.db,
    deps.logger,
    soon.rows.map((x) => x.id),
    'renewal-due',
    now,
    () => null,
  );
  return { renewed, expired, renewalDue };
}
