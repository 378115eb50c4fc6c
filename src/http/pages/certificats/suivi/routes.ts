// Lifecycle care: revocation requests and confirmations, the elections campaign, the registry and the
// board's figures, the CA catalogue and RA officers, the holder's own certificates.
import type { FastifyInstance } from 'fastify';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { registerCataloguePages } from './catalogue-pages.ts';
import { registerElectionsPage } from './elections-page.ts';
import { registerMyCertificatesPage } from './my-certificates-page.ts';
import { registerRegistryPages } from './registry-pages.ts';
import { registerRevocationRoutes } from './revocation-routes.ts';

export { lifecyclePanels } from './lifecycle-panels.ts';

export function registerLifecyclePages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  registerRevocationRoutes(app, deps);
  registerMyCertificatesPage(app, deps);
  registerRegistryPages(app, deps);
  registerElectionsPage(app, deps);
  registerCataloguePages(app, deps);
}
