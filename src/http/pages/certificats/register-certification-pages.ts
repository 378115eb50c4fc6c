// The registration authority's pages: the request file (dossier/), the CA side (autorite/), the
// lifecycle, registry and reports (suivi/). See docs/autorite-enregistrement.md.
import type { FastifyInstance } from 'fastify';
import { caPanels, registerCaPages } from './autorite/routes.ts';
import { registerFilePages } from './dossier/routes.ts';
import type { CertificationPagesDeps } from './pages-deps.ts';
import type { RequestPanel } from './request-panels.ts';
import { lifecyclePanels, registerLifecyclePages } from './suivi/routes.ts';

export function registerCertificationPages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const panels: RequestPanel[] = [...caPanels, ...lifecyclePanels];
  registerFilePages(app, deps, panels);
  registerCaPages(app, deps);
  registerLifecyclePages(app, deps);
}
