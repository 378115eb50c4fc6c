// Refusals in the form the caller reads: a French page for a browser, the error table's JSON otherwise.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../http/ui/html.ts';
import { layout, type Mode } from '../../http/ui/layout.ts';
import type { ErrorCode } from '../../kernel/errors.ts';

export function wantsHtml(req: FastifyRequest): boolean {
  return !req.url.startsWith('/api/') && /text\/html/.test(req.headers.accept ?? '');
}

const TITLES: Record<number, string> = {
  400: 'Requête refusée',
  401: 'Identification nécessaire',
  403: 'Accès refusé',
  404: 'Introuvable',
  415: 'Format refusé',
};

export function sendRefusal(
  req: FastifyRequest,
  reply: FastifyReply,
  mode: Mode,
  status: number,
  code: ErrorCode,
  message: string,
): FastifyReply {
  reply.status(status).header('cache-control', 'no-store');
  if (!wantsHtml(req)) return reply.send({ code, message, problems: [] });
  const title = TITLES[status] ?? 'Erreur';
  const body = html`<h1>${title}</h1>
<p role="alert">${message}</p>
<p><a href="/connexion">Page de connexion</a> · <a href="/certificat">Tester mon certificat</a> · <a href="/">Accueil</a></p>`;
  return reply.type('text/html; charset=utf-8').send(layout({ title, mode, body }));
}
