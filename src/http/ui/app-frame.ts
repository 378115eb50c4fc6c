// The frame of the everyday pages: the top bar (Relais, the collectivité chosen with a switcher, the
// person and sign-out), the main navigation, then the page. Every link is a plain link and the switcher
// a plain GET form: nothing needs JavaScript.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { countUnreadPrefectureMessages } from '../../actes/transmission/index.ts';
import { type PageDeps, postForm } from '../../auth/http/pages.ts';
import { can, type Principal } from '../../auth/index.ts';
import type { Db } from '../../db/types.ts';
import { unsafeListAllCollectivites } from '../../tenants/index.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';

export interface FrameDeps extends PageDeps {
  db: Db;
}

export type NavKey =
  | 'tableau'
  | 'actes'
  | 'courriers'
  | 'nouvel-acte'
  | 'administration'
  | 'certificats'
  | 'autorite'
  | 'syndicat'
  | 'aide';

/** The collectivités a person may open, by name (operator admins: every member). */
export async function collectivitesOf(db: Db, p: Principal): Promise<{ id: string; name: string }[]> {
  // One small table (the syndicat's members, a few hundred at most), read by name.
  const all = await unsafeListAllCollectivites(db);
  const mine = new Set(p.collectiviteIds);
  return all
    .filter((c) => p.isOperatorAdmin || mine.has(c.id))
    .map((c) => ({ id: c.id, name: c.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export function navigation(p: Principal, cid: string, current: NavKey | null, unread: number): SafeHtml {
  const base = `/collectivites/${cid}`;
  const items: [NavKey, string, string | SafeHtml][] = [
    ['tableau', base, 'Tableau de bord'],
    ['actes', `${base}/actes`, 'Actes'],
    [
      'courriers',
      `${base}/courriers`,
      unread > 0
        ? html`Courriers de la préfecture <span class="badge warn">${unread} non lu${unread > 1 ? 's' : ''}</span>`
        : 'Courriers de la préfecture',
    ],
  ];
  if (can(p, 'act.prepare', cid)) items.push(['nouvel-acte', `${base}/actes/nouveau`, 'Nouvel acte']);
  if (can(p, 'collectivite.admin', cid))
    items.push(['administration', `${base}/administration`, 'Administration']);
  // Certificate requests: the collectivité's membership admins (not an operator admin: personal data).
  if (p.isRaOfficer || p.permissionsByCollectivite.get(cid)?.has('collectivite.admin'))
    items.push(['certificats', `${base}/demandes-certificat`, 'Demandes de certificat']);
  if (p.isOperatorAdmin) items.push(['syndicat', '/syndicat', 'Console du syndicat']);
  if (p.isRaOfficer) items.push(['autorite', '/syndicat/certificats', 'Autorité d’enregistrement']);
  items.push(['aide', '/aide', 'Aide']);
  return html`<nav class="main" aria-label="Navigation principale"><div class="wrap"><ul>${items.map(
    ([key, href, label]) =>
      html`<li><a href="${href}"${key === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></div></nav>`;
}

export async function sendAppPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: FrameDeps,
  opts: { title: string; cid: string; current: NavKey | null; body: SafeHtml; status?: number },
): Promise<FastifyReply> {
  const p = req.auth.principal!;
  const [collectivites, unread] = await Promise.all([
    collectivitesOf(deps.db, p),
    countUnreadPrefectureMessages(deps.db, opts.cid),
  ]);
  const here = collectivites.find((c) => c.id === opts.cid);
  const switcher =
    collectivites.length > 1
      ? html`<form method="get" action="/tableau-de-bord"><label for="choix-collectivite" class="sr-only">Changer de collectivité</label>
<select id="choix-collectivite" name="collectivite">${collectivites.map(
          (c) => html`<option value="${c.id}"${c.id === opts.cid ? html` selected` : ''}>${c.name}</option>`,
        )}</select><button type="submit">Changer</button></form>`
      : '';
  const header = html`<div class="topbar"><div class="wrap">
<a class="brand" href="/collectivites/${opts.cid}">Relais<small>${here?.name ?? ''}</small></a>
<div class="account">${switcher}
<span>${p.user ? html`<strong>${p.user.name}</strong>${p.assurance === 'demo' ? ' (démonstration)' : ''}` : ''}</span>
<a href="/mes-collectivites">Mon compte</a>
${postForm(req, reply, deps, '/deconnexion', html`<button type="submit">Se déconnecter</button>`, 'inline')}
</div></div></div>`;
  reply
    .status(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache');
  return reply.send(
    layout({
      title: here ? `${opts.title} · ${here.name}` : opts.title,
      mode: deps.mode,
      header,
      nav: navigation(p, opts.cid, opts.current, unread),
      body: opts.body,
    }),
  );
}
