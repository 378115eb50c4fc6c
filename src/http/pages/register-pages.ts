// The everyday pages of a collectivité: tableau de bord, actes (list, export, an act and its forms),
// courriers de la préfecture.
import type { FastifyInstance } from 'fastify';
import { registerActActions } from './actes/act-actions.ts';
import { sendActPage } from './actes/act-page.ts';
import { registerActsCsv } from './actes/acts-csv.ts';
import { registerActListPages } from './actes/list-page.ts';
import { registerInboxPages } from './courriers/inbox-page.ts';
import type { CidReq, PagesDeps } from './page-deps.ts';
import { registerDashboardPages } from './tableau-de-bord/dashboard-page.ts';

export type { PagesDeps } from './page-deps.ts';

export function registerPages(app: FastifyInstance, deps: PagesDeps): void {
  registerDashboardPages(app, deps);
  registerActListPages(app, deps);
  registerActsCsv(app, deps);
  app.get(
    '/collectivites/:cid/actes/:actId',
    { config: { access: { permission: 'act.read', collectiviteParam: 'cid' } } },
    (req: CidReq, reply) => sendActPage(req, reply, deps),
  );
  registerActActions(app, deps);
  registerInboxPages(app, deps);
}
