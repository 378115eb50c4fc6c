// Operator pages: the security journal, the trusted CAs with the state of their revocation lists,
// and refreshing those lists now.
import type { FastifyInstance } from 'fastify';
import { html } from '../../http/ui/html.ts';
import { formatFingerprint } from '../certificates/certificate-info.ts';
import { TRUST_LIST_LABELS } from '../certificates/trust-store.ts';
import {
  recordSecurityEvent,
  SECURITY_EVENTS,
  unsafeListSecurityEvents,
} from '../journal/security-journal.ts';
import { isUuid } from '../policy.ts';
import { type AuthHttpDeps, principalOf } from './install-auth.ts';
import { frDateTime, postForm, sendPage } from './pages.ts';

const OPERATOR = { permission: 'operator.admin' } as const;

export function registerSecurityRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/securite/journal', { config: { access: OPERATOR } }, async (req, reply) => {
    const q = req.query as { type?: string; avant?: string; utilisateur?: string; collectivite?: string };
    const kind = q.type && /^[a-z.-]{1,40}$/.test(q.type) ? q.type : undefined;
    const beforeId = q.avant && /^\d{1,15}$/.test(q.avant) ? Number(q.avant) : undefined;
    const events = await unsafeListSecurityEvents(deps.db, {
      kind,
      beforeId,
      userId: isUuid(q.utilisateur) ? q.utilisateur : undefined,
      collectiviteId: isUuid(q.collectivite) ? q.collectivite : undefined,
      limit: 100,
    });
    const rows = events.map(
      (e) => html`<tr><td>${frDateTime(e.at)}</td><td>${SECURITY_EVENTS[e.kind] ?? e.kind}</td>
<td>${e.userName ?? ''}${e.tokenId ? html`<br><small>jeton ${e.tokenId.slice(0, 8)}</small>` : ''}</td><td>${e.collectiviteName ?? ''}</td>
<td>${e.reason ?? ''}${e.certificateFingerprint ? html`<br><small>certificat ${formatFingerprint(e.certificateFingerprint).slice(0, 23)}…</small>` : ''}</td><td>${e.ip ?? ''}</td></tr>`,
    );
    const last = events.at(-1);
    const body = html`<h1>Journal de sécurité</h1>
<form method="get" action="/securite/journal"><label>Type d’évènement <select name="type"><option value="">tous</option>
${Object.entries(SECURITY_EVENTS).map(([k, v]) => html`<option value="${k}" ${k === kind ? 'selected' : ''}>${v}</option>`)}</select></label>
<button type="submit">Filtrer</button></form>
<table><thead><tr><th>Date</th><th>Évènement</th><th>Qui</th><th>Collectivité</th><th>Détail</th><th>Adresse IP</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="6">Aucun évènement.</td></tr>`}</tbody></table>
${events.length === 100 && last ? html`<p><a href="/securite/journal?avant=${last.id}${kind ? `&type=${kind}` : ''}">Évènements plus anciens</a></p>` : ''}`;
    return sendPage(req, reply, deps, { title: 'Journal de sécurité', body });
  });

  app.get('/securite/confiance', { config: { access: OPERATOR } }, async (req, reply) => {
    const store = deps.trust.store();
    const last = deps.trust.lastRefresh();
    const now = deps.clock.now().getTime();
    const rows = store.cas.map((ca) => {
      const crl = store.crls.get(ca.info.fingerprint);
      const crlState = !crl
        ? html`<span class="ko">aucune liste</span>`
        : crl.nextUpdate && crl.nextUpdate.getTime() < now
          ? html`<span class="ko">périmée depuis le ${frDateTime(crl.nextUpdate)}</span>`
          : html`<span class="ok">à jour (${frDateTime(crl.thisUpdate)}, prochaine le ${frDateTime(crl.nextUpdate)})</span>`;
      return html`<tr><td>${ca.info.subject}<br><small>${ca.source}</small></td><td>${TRUST_LIST_LABELS[ca.list]}</td>
<td>${frDateTime(ca.info.notAfter)}</td><td>${crlState}</td></tr>`;
    });
    const body = html`<h1>Autorités de certification acceptées</h1>
<table><thead><tr><th>Autorité</th><th>Liste</th><th>Valable jusqu’au</th><th>Liste de révocation</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="4">Aucune autorité : personne ne peut se connecter par certificat. Voir docs/authentification.md.</td></tr>`}</tbody></table>
${store.problems.length ? html`<h2>Fichiers ignorés</h2><ul>${store.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
<h2>Listes de révocation</h2>
<p>${last ? html`Dernière mise à jour : ${frDateTime(last.at)}.` : 'Pas encore de mise à jour depuis le démarrage.'}</p>
${last ? html`<ul>${last.results.map((r) => html`<li class="${r.ok ? 'ok' : 'ko'}">${r.url} : ${r.message}</li>`)}</ul>` : ''}
${postForm(req, reply, deps, '/securite/crl', html`<button type="submit">Mettre à jour les listes de révocation maintenant</button>`)}`;
    return sendPage(req, reply, deps, { title: 'Autorités de certification', body });
  });

  app.post('/securite/crl', { config: { access: OPERATOR } }, async (req, reply) => {
    const report = await deps.trust.refreshCrls();
    const failed = report.results.filter((r) => !r.ok).length;
    await recordSecurityEvent(deps.db, {
      kind: 'crl.refreshed',
      at: deps.clock.now(),
      userId: principalOf(req).user?.id ?? null,
      ip: req.auth.ip,
      requestId: req.id,
      reason: `${report.results.length - failed} liste(s) lue(s), ${failed} échec(s).`,
    });
    return reply.redirect('/securite/confiance', 303);
  });
}
