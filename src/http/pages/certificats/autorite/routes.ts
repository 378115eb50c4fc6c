// The CA side: group orders and their export, the issued certificate (connector or PEM/DER import),
// appointment and handover report, linking the certificate to the holder's account.
import type { FastifyInstance } from 'fastify';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { registerCertificateRoutes } from './certificate-routes.ts';
import { registerLinkingPages } from './linking-pages.ts';
import { registerOrderPages } from './orders-pages.ts';

export { caPanels } from './panels.ts';

export function registerCaPages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  registerOrderPages(app, deps);
  registerCertificateRoutes(app, deps);
  registerLinkingPages(app, deps);
}
