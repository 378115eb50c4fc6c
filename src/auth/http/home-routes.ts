// "Mes collectivités": where a signed-in person lands — their collectivités, their roles, and the
// administration pages they may open.
import type { FastifyInstance } from 'fastify';
import { html } from '../../http/ui/html.ts';
import { ROLES } from '../../tenants/user.ts';
import { getUser } from '../../tenants/user-store.ts';
import { can } from '../policy.ts';
import { type AuthHttpDeps, principalOf } from './install-auth.ts';
import { sendPage } from './pages.ts';

export function registerAccountHomeRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/mes-collectivites', { config: { access: 'signed-in' } }, async (req, reply) => {
    const p = principalOf(req);
    const user = p.user ? await getUser(deps.db, p.user.id) : null;
    const rolesIn = new Map(user?.memberships.map((m) => [m.collectiviteId, m.roles]) ?? []);
    const ids = p.isOperatorAdmin ? null : [...p.collectiviteIds];
    const r = await deps.db.query<{ id: string; name: string; siren: string }>(
      `select id, name, siren from collectivites where $1::uuid[] is null or id = any($1::uuid[])
       order by name`,
      [ids],
    );
    const rows = r.rows.map(
      (c) => html`<tr><td><a href="/collectivites/${c.id}">${c.name}</a></td><td>${c.siren}</td>
<td>${(rolesIn.get(c.id) ?? []).map((role) => ROLES[role]).join(', ') || (p.isOperatorAdmin ? 'Administration du syndicat' : '')}</td>
<td>${can(p, 'collectivite.admin', c.id) ? html`<a href="/collectivites/${c.id}/certificats">Certificats</a> · <a href="/collectivites/${c.id}/jetons">Jetons d’accès</a>` : ''}</td></tr>`,
    );
    const operator = p.isOperatorAdmin
      ? html`<h2>Administration du syndicat</h2><ul><li><a href="/securite/journal">Journal de sécurité</a></li>
<li><a href="/securite/confiance">Autorités de certification et listes de révocation</a></li>
<li><a href="/syndicat/certificats/officiers">Officiers d’enregistrement (certificats des membres)</a></li></ul>`
      : '';
    const body = html`<h1>Mes collectivités</h1>
${p.certificate && p.certificate.level === 'extended' ? html`<p class="note">Votre certificat est sur la liste étendue : vous pouvez consulter et préparer, pas transmettre à la préfecture.</p>` : ''}
${operator}
<table><thead><tr><th>Collectivité</th><th>SIREN</th><th>Vos rôles</th><th>Administration</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>${p.user ? html`<a href="/mes-certificats">Mes certificats</a> · ` : ''}<a href="/certificat">Tester mon certificat</a></p>`;
    return sendPage(req, reply, deps, { title: 'Mes collectivités', body });
  });
}
