// The frame of the authentication pages: the shared layout plus who is signed in and a sign-out
// button, and small helpers for forms that always carry their CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../http/ui/html.ts';
import { layout, type Mode } from '../../http/ui/layout.ts';
import { csrfToken } from './cookies.ts';

export interface PageDeps {
  mode: Mode;
  secureCookies: boolean;
}

export const PAGE_STYLE = html`<style>
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
.ok{color:#135e2a}.ko{color:#9b1c1c}.note{background:#fff4d6;border-left:4px solid #c98a00;padding:.5rem 1rem}
.demo{border:3px dashed #7a3b00;padding:.5rem 1rem;margin:1rem 0}.secret{font-family:monospace;font-size:1.1rem;background:#eef;padding:.5rem;word-break:break-all}
nav.compte{display:flex;gap:1rem;align-items:center;justify-content:flex-end;font-size:.9rem}form.inline{display:inline}
label{display:block;margin-top:.5rem}code{word-break:break-all}
</style>`;

/** A form posting to `action`, with the CSRF token of this visitor. */
export function postForm(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PageDeps,
  action: string,
  inner: SafeHtml,
  cls = '',
): SafeHtml {
  const token = csrfToken(req, reply, deps.secureCookies);
  return html`<form method="post" action="${action}" class="${cls}"><input type="hidden" name="_csrf" value="${token}">${inner}</form>`;
}

export function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PageDeps,
  opts: { title: string; body: SafeHtml; status?: number; noStore?: boolean },
): FastifyReply {
  const p = req.auth?.principal;
  const who = p?.user
    ? html`<nav class="compte" aria-label="Compte"><span>Connecté : <strong>${p.user.name}</strong>${p.via === 'session' && p.assurance === 'demo' ? ' (démonstration)' : ''}</span>
<a href="/mes-collectivites">Mes collectivités</a>
${postForm(req, reply, deps, '/deconnexion', html`<button type="submit">Se déconnecter</button>`, 'inline')}</nav>`
    : html`<nav class="compte" aria-label="Compte"><a href="/connexion">Se connecter</a></nav>`;
  reply.status(opts.status ?? 200).type('text/html; charset=utf-8');
  reply.header('cache-control', opts.noStore ? 'no-store' : 'private, no-cache');
  return reply.send(
    layout({ title: opts.title, mode: deps.mode, body: html`${PAGE_STYLE}${who}${opts.body}` }),
  );
}

export const frDateTime = (d: Date | null) =>
  d
    ? new Intl.DateTimeFormat('fr-FR', {
        dateStyle: 'short',
        timeStyle: 'short',
        timeZone: 'Europe/Paris',
      }).format(d)
    : '—';
export const frDate = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d) : '—';

/** A local path to go back to after sign-in; anything else (another site, odd characters) goes home. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(raw) && raw.length < 300
    ? raw
    : '/tableau-de-bord';
}
