// The API tokens of one collectivité (its admins): list, create (the token is shown once), revoke.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../http/ui/html.ts';
import { AppError, type FieldProblem, isAppError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { isUuid, PERMISSIONS, TOKEN_PERMISSIONS } from '../policy.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../tokens/api-tokens.ts';
import { type AuthHttpDeps, principalOf, scopedCollectivite } from './install-auth.ts';
import { frDate, frDateTime, postForm, sendPage } from './pages.ts';

const ADMIN = { permission: 'collectivite.admin', collectiviteParam: 'id' } as const;

export function parseDateInput(raw: unknown): Date | null | 'invalid' {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return 'invalid';
  const d = new Date(`${raw}T23:59:59Z`);
  return Number.isNaN(d.getTime()) ? 'invalid' : d;
}

async function renderTokens(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthHttpDeps,
  extra: { created?: SafeHtml; problems?: readonly FieldProblem[]; status?: number } = {},
): Promise<FastifyReply> {
  const id = scopedCollectivite(req);
  const c = await getCollectivite(deps.db, id);
  if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const tokens = await listApiTokens(deps.db, id);
  const rows = tokens.map(
    (t) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${t.permissions.join(', ')}</td>
<td>${frDateTime(t.createdAt)}</td><td>${t.expiresAt ? frDate(t.expiresAt) : 'jamais'}</td><td>${frDateTime(t.lastUsedAt)}</td>
<td>${t.revokedAt ? html`révoqué le ${frDateTime(t.revokedAt)}` : postForm(req, reply, deps, `/collectivites/${id}/jetons/${t.id}/revoquer`, html`<button type="submit">Révoquer</button>`, 'inline')}</td></tr>`,
  );
  const form = postForm(
    req,
    reply,
    deps,
    `/collectivites/${id}/jetons`,
    html`
<label>Nom du jeton (le logiciel qui l’utilise) <input name="nom" required maxlength="100"></label>
<fieldset><legend>Permissions</legend>
${TOKEN_PERMISSIONS.map((p) => html`<label><input type="checkbox" name="permissions" value="${p}"> ${PERMISSIONS[p]} (<code>${p}</code>)</label>`)}
</fieldset>
<label>Expire le (facultatif) <input type="date" name="expiration"></label>
<p><button type="submit">Créer le jeton</button></p>`,
  );
  const body = html`<h1>Jetons d’accès — ${c.name}</h1>
<p>Un jeton permet à un logiciel métier (parapheur, logiciel de délibérations…) d’utiliser l’API de Relais pour cette collectivité seulement, avec les permissions choisies. Il s’envoie dans l’en-tête <code>Authorization: Bearer …</code>.</p>
${extra.created ?? ''}
${extra.problems?.length ? html`<div class="note" role="alert"><p>À corriger :</p><ul>${extra.problems.map((p) => html`<li>${p.message}</li>`)}</ul></div>` : ''}
<table><thead><tr><th>Nom</th><th>Début</th><th>Permissions</th><th>Créé</th><th>Expire</th><th>Dernier usage</th><th></th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7">Aucun jeton.</td></tr>`}</tbody></table>
<h2>Nouveau jeton</h2>${form}
<p><a href="/mes-collectivites">Mes collectivités</a></p>`;
  return sendPage(req, reply, deps, {
    title: `Jetons d’accès — ${c.name}`,
    body,
    status: extra.status,
    noStore: !!extra.created,
  });
}

export function registerTokenRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.get('/collectivites/:id/jetons', { config: { access: ADMIN } }, (req, reply) =>
    renderTokens(req, reply, deps),
  );

  app.post('/collectivites/:id/jetons', { config: { access: ADMIN } }, async (req, reply) => {
    const body = (req.body ?? {}) as { nom?: unknown; permissions?: unknown; expiration?: unknown };
    const permissions = [body.permissions ?? []].flat().filter((p): p is string => typeof p === 'string');
    const expiresAt = parseDateInput(body.expiration);
    if (expiresAt === 'invalid')
      return renderTokens(req, reply, deps, {
        problems: [
          {
            field: 'expiration',
            message: 'La date d’expiration est illisible : choisissez une date dans le calendrier.',
          },
        ],
        status: 422,
      });
    try {
      const { token, secret } = await createApiToken(deps, {
        collectiviteId: scopedCollectivite(req),
        name: typeof body.nom === 'string' ? body.nom : '',
        permissions,
        expiresAt,
        actorUserId: principalOf(req).user?.id ?? null,
        ip: req.auth.ip,
        requestId: req.id,
      });
      const created = html`<div class="note" role="status"><p>Jeton « ${token.name} » créé. <strong>Copiez-le maintenant</strong> : il ne sera plus jamais affiché.</p>
<p class="secret">${secret}</p></div>`;
      return renderTokens(req, reply, deps, { created, status: 201 });
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED')
        return renderTokens(req, reply, deps, { problems: e.problems, status: 422 });
      throw e;
    }
  });

  app.post(
    '/collectivites/:id/jetons/:tokenId/revoquer',
    { config: { access: ADMIN } },
    async (req, reply) => {
      const { tokenId } = req.params as { tokenId: string };
      if (!isUuid(tokenId)) throw new AppError('NOT_FOUND', 'Jeton introuvable.');
      const id = scopedCollectivite(req);
      await revokeApiToken(deps, {
        collectiviteId: id,
        tokenId,
        actorUserId: principalOf(req).user?.id ?? null,
        ip: req.auth.ip,
        requestId: req.id,
      });
      return reply.redirect(`/collectivites/${id}/jetons`, 303);
    },
  );
}
