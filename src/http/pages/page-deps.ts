// What the everyday pages need: the frame (database, mode, cookies) and the transmission service.
import type { FastifyRequest } from 'fastify';
import type { Actor, TransmissionDeps } from '../../actes/transmission/index.ts';
import { can, principalOf, scopedCollectivite } from '../../auth/index.ts';
import type { FrameDeps } from '../ui/app-frame.ts';

export interface PagesDeps extends FrameDeps {
  transmission: TransmissionDeps;
}

export type CidReq = FastifyRequest<{
  Params: { cid: string; actId: string; messageId: string };
  Querystring: Record<string, string | undefined>;
  Body: Record<string, string | string[] | undefined> | undefined;
}>;

export function actorOf(req: FastifyRequest): Actor {
  const p = principalOf(req);
  return { userId: p.user?.id ?? null, canTransmit: can(p, 'act.transmit', scopedCollectivite(req)) };
}

/** One text field of a urlencoded form. */
export function field(req: CidReq, name: string): string {
  const v = req.body?.[name];
  return (Array.isArray(v) ? v[0] : v)?.toString().trim() ?? '';
}
