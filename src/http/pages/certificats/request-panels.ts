// The request page (/certificats/demandes/:rid) is assembled from panels: the file (dossier/), the CA
// side — order, certificate, handover, linking (autorite/) — and the lifecycle — revocation, renewal
// (suivi/). Each area contributes its panels; a panel returns '' when it has nothing for this principal.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CertificateRequest } from '../../../certification/request-store.ts';
import type { RequestActor } from '../../../certification/workflow.ts';
import type { SafeHtml } from '../../ui/html.ts';
import type { CertificationPagesDeps } from './pages-deps.ts';

export interface PanelContext {
  req: FastifyRequest;
  reply: FastifyReply;
  deps: CertificationPagesDeps;
  request: CertificateRequest;
  /** What the signed-in principal is to this request (never empty). */
  actors: readonly RequestActor[];
}

export type RequestPanel = (ctx: PanelContext) => SafeHtml | '' | Promise<SafeHtml | ''>;
