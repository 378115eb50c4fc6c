// The console's routes: pages, and form posts that call the same operations as the JSON API, then
// redirect with a notice. Posts from another site are refused (the console has no login: it is a
// loopback tool, but a page elsewhere must not be able to drive it).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ActionError } from '../actions/action-error.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { type Flash, layout } from './console-layout.ts';
import { actPage, actsPage, journalPage, settingsPage } from './console-pages.ts';
import { letterRequestFrom, type SimulatorOperations } from './control-server.ts';

function flashOf(req: FastifyRequest): Flash {
  const q = req.query as Record<string, string | undefined>;
  return { ...(q.info ? { info: q.info } : {}), ...(q.erreur ? { erreur: q.erreur } : {}) };
}

function isCrossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  const origin = req.headers.origin;
  return origin !== undefined && origin !== 'null' && new URL(origin).host !== req.headers.host;
}

export function registerConsoleRoutes(
  app: FastifyInstance,
  ctx: SimulatorContext,
  ops: SimulatorOperations,
): void {
  const name = ctx.options.prefectureName;
  const page = (
    reply: FastifyReply,
    title: string,
    req: FastifyRequest,
    body: Parameters<typeof layout>[3],
  ) => reply.type('text/html; charset=utf-8').send(layout(title, name, flashOf(req), body));
  const post = (
    url: string,
    action: (req: FastifyRequest) => Promise<{ back: string; info: string }>,
    back: (req: FastifyRequest) => string,
  ) =>
    app.post(url, async (req, reply) => {
      if (isCrossSite(req)) return reply.code(403).send('Requête refusée : elle ne vient pas de la console.');
      try {
        const r = await action(req);
        return reply.redirect(`${r.back}?info=${encodeURIComponent(r.info)}`, 303);
      } catch (e) {
        const message =
          e instanceof ActionError ? e.message : `Erreur du simulateur : ${(e as Error).message}`;
        return reply.redirect(`${back(req)}?erreur=${encodeURIComponent(message)}`, 303);
      }
    });
  const field = (req: FastifyRequest, key: string) => {
    const v = (req.body as Record<string, unknown> | undefined)?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const actBack = (req: FastifyRequest) =>
    `/console/actes/${encodeURIComponent((req.params as { idActe: string }).idActe)}`;

  app.get('/', async (req, reply) => page(reply, 'Actes reçus', req, actsPage(ctx)));
  app.get('/console/journal', async (req, reply) =>
    page(reply, 'Journal du simulateur', req, journalPage(ctx)),
  );
  app.get('/console/reglages', async (req, reply) => page(reply, 'Réglages', req, settingsPage(ctx)));
  app.get<{ Params: { idActe: string } }>('/console/actes/:idActe', async (req, reply) => {
    const act = ctx.state.acts.get(req.params.idActe);
    if (!act)
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(
          layout(
            'Acte introuvable',
            name,
            { erreur: `L'acte ${req.params.idActe} n'a pas été reçu.` },
            actsPage(ctx),
          ),
        );
    return page(reply, `Acte ${act.idActe}`, req, actPage(ctx, act));
  });
  post(
    '/console/actes/:idActe/courrier',
    async (req) => {
      const sent = await ops.sendLetter(
        (req.params as { idActe: string }).idActe,
        letterRequestFrom(req.body),
      );
      return { back: actBack(req), info: `Courrier ${sent.code} envoyé (${sent.files.join(', ')}).` };
    },
    actBack,
  );
  post(
    '/console/actes/:idActe/accuser',
    async (req) => {
      const code = field(req, 'courrier');
      const r = await ops.acknowledgeAnswer(
        (req.params as { idActe: string }).idActe,
        code as '3-1' | '4-1' | undefined,
      );
      return { back: actBack(req), info: `Accusé de réception ${r.code} envoyé.` };
    },
    actBack,
  );
  post(
    '/console/classification',
    async (req) => {
      const date = field(req, 'date');
      const c = await ops.publishClassification(date ? { date } : {});
      return { back: '/console/reglages', info: `Classification du ${c.dateClassification} publiée.` };
    },
    () => '/console/reglages',
  );
  post(
    '/console/sirens',
    async (req) => ({
      back: '/console/reglages',
      info: `SIREN ${await ops.registerSiren(field(req, 'siren') ?? '')} enregistré.`,
    }),
    () => '/console/reglages',
  );
  post(
    '/console/envoyer',
    async () => {
      await ops.flush();
      return { back: '/', info: 'Réponses dues envoyées.' };
    },
    () => '/',
  );
}
