// The list of a collectivité's acts: search by words of the objet, filters (state, nature, matière,
// decision dates), newest first, keyset pages, a CSV export with the same filters, and the batch
// sending of drafts chosen with check boxes.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ACT_STATES, type ActFilters, listActs, submitAct } from '../../../actes/transmission/index.ts';
import { postForm } from '../../../auth/http/pages.ts';
import { can, principalOf, scopedCollectivite } from '../../../auth/index.ts';
import { type FieldProblem, isAppError } from '../../../kernel/errors.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import { badge, errorSummary, flashMessage, frDay, stateBadge } from '../../ui/components.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import { actorOf, type CidReq, type PagesDeps } from '../page-deps.ts';
import { NATURES } from './act-page.ts';

/** The page's own parameter names (French) → the use case's filters. */
export function filtersOf(q: Record<string, string | undefined>): ActFilters {
  const v = (k: string) => (q[k]?.trim() ? q[k]!.trim() : undefined);
  return {
    q: v('q'),
    state: v('etat'),
    nature: v('nature'),
    matiere: v('matiere'),
    decidedFrom: v('du'),
    decidedTo: v('au'),
    sort: q.tri === 'decision' ? 'decision' : undefined,
    cursor: v('apres'),
  };
}

const FILTER_FIELDS: Record<string, string> = {
  q: 'f-q',
  state: 'f-etat',
  nature: 'f-nature',
  matiere: 'f-matiere',
  decidedFrom: 'f-du',
  decidedTo: 'f-au',
  sort: 'f-tri',
  cursor: 'f-q',
  acte: 'liste-actes',
};

function query(q: Record<string, string | undefined>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const k of ['q', 'etat', 'nature', 'matiere', 'du', 'au', 'tri'])
    if (q[k]?.trim()) params.set(k, q[k]!.trim());
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function sendList(
  req: CidReq,
  reply: FastifyReply,
  deps: PagesDeps,
  extra: { problems?: FieldProblem[]; results?: SafeHtml; status?: number } = {},
): Promise<FastifyReply> {
  const cid = scopedCollectivite(req);
  const q = req.query;
  const p = principalOf(req);
  const canPrepare = can(p, 'act.prepare', cid);
  let problems = extra.problems ?? [];
  let page: Awaited<ReturnType<typeof listActs>> = { items: [], nextCursor: null };
  try {
    page = await listActs(deps.db, [cid], { ...filtersOf(q), limit: 50 });
  } catch (e) {
    if (!isAppError(e)) throw e;
    problems = [...problems, ...e.problems];
  }
  if (q.erreur === 'aucun')
    problems = [...problems, { field: 'acte', message: 'Cochez au moins un brouillon à envoyer.' }];
  const opt = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  const invalid = (f: string) => (problems.some((x) => x.field === f) ? html` aria-invalid="true"` : '');
  const filters = html`<form method="get" action="/collectivites/${cid}/actes" class="filters" role="search" aria-label="Rechercher des actes">
<div><label for="f-q">Mots de l’objet</label><input type="search" id="f-q" name="q" value="${q.q ?? ''}"${invalid('q')}></div>
<div><label for="f-etat">État</label><select id="f-etat" name="etat"${invalid('state')}>${opt('', 'Tous', q.etat)}${Object.entries(
    ACT_STATES,
  ).map(([k, label]) => opt(k, label, q.etat))}</select></div>
<div><label for="f-nature">Nature</label><select id="f-nature" name="nature"${invalid('nature')}>${opt('', 'Toutes', q.nature)}${Object.entries(
    NATURES,
  ).map(([k, label]) => opt(k, label, q.nature))}</select></div>
<div><label for="f-matiere">Matière <span class="hint">par exemple 7 ou 7.1</span></label><input id="f-matiere" name="matiere" value="${q.matiere ?? ''}" inputmode="decimal" size="8"${invalid('matiere')}></div>
<div><label for="f-du">Décidé à partir du</label><input type="date" id="f-du" name="du" value="${q.du ?? ''}"${invalid('decidedFrom')}></div>
<div><label for="f-au">Décidé jusqu’au</label><input type="date" id="f-au" name="au" value="${q.au ?? ''}"${invalid('decidedTo')}></div>
<div><label for="f-tri">Trier par</label><select id="f-tri" name="tri">${opt('', 'Date de création (récents d’abord)', q.tri)}${opt('decision', 'Date de décision (récentes d’abord)', q.tri)}</select></div>
<div class="actions"><button type="submit">Rechercher</button><a href="/collectivites/${cid}/actes">Tout effacer</a></div>
</form>`;
  const rows = page.items.map(
    (a) => html`<tr>
${canPrepare ? html`<td>${a.state === 'draft' ? html`<input type="checkbox" name="acte" value="${a.id}" id="choix-${a.id}" aria-label="Choisir : ${a.objet}">` : ''}</td>` : ''}
<td data-label="Objet"><a href="/collectivites/${cid}/actes/${a.id}">${a.objet}</a></td>
<td data-label="N°">${a.numeroInterne}</td><td data-label="Nature">${NATURES[a.nature] ?? a.nature}</td>
<td data-label="Décision">${frDay(a.decisionDate)}</td><td data-label="État">${stateBadge(a.state)}</td></tr>`,
  );
  const hasDrafts = page.items.some((a) => a.state === 'draft');
  const table = page.items.length
    ? html`<table class="responsive" id="liste-actes"><caption class="sr-only">Actes, les plus récents d’abord</caption><thead><tr>
${canPrepare ? html`<th scope="col"><input type="checkbox" id="tout-choisir" data-select-all="acte" hidden><label for="tout-choisir" class="sr-only" hidden>Tout choisir</label><span class="sr-only">Choisir</span></th>` : ''}
<th scope="col">Objet</th><th scope="col">N° interne</th><th scope="col">Nature</th><th scope="col">Date de décision</th><th scope="col">État</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p class="empty">Aucun acte ne correspond à votre recherche.</p>`;
  const listBlock =
    canPrepare && hasDrafts
      ? postForm(
          req,
          reply,
          deps,
          `/collectivites/${cid}/actes/envoi-groupe`,
          html`${table}<div class="actions"><button type="submit">Envoyer la sélection</button><span class="hint">Seuls les brouillons se choisissent.</span></div>`,
        )
      : table;
  const body = html`${flashMessage(q.ok)}${errorSummary(problems, FILTER_FIELDS, 'f-q')}
<h1>Actes</h1>
${extra.results ?? ''}
${filters}
<p class="actions"><a href="/collectivites/${cid}/actes.csv${query(q)}">Exporter ces actes (tableur CSV)</a>${canPrepare ? html`<a class="button" href="/collectivites/${cid}/actes/nouveau">Nouvel acte</a>` : ''}</p>
${listBlock}
<nav class="pager" aria-label="Pages de résultats">${q.apres ? html`<a href="/collectivites/${cid}/actes${query(q)}">Revenir aux plus récents</a>` : ''}${page.nextCursor ? html`<a href="/collectivites/${cid}/actes${query(q, { apres: page.nextCursor })}">Actes plus anciens →</a>` : ''}</nav>`;
  return sendAppPage(req, reply, deps, { title: 'Actes', cid, current: 'actes', body, status: extra.status });
}

export function registerActListPages(app: FastifyInstance, deps: PagesDeps): void {
  app.get(
    '/collectivites/:cid/actes',
    { config: { access: { permission: 'act.read', collectiviteParam: 'cid' } } },
    (req: CidReq, reply) => sendList(req, reply, deps),
  );

  app.post(
    '/collectivites/:cid/actes/envoi-groupe',
    { config: { access: { permission: 'act.prepare', collectiviteParam: 'cid' } } },
    async (req: CidReq, reply) => {
      const cid = scopedCollectivite(req);
      const raw = req.body?.acte;
      const ids = [...new Set([raw ?? []].flat().filter((x): x is string => typeof x === 'string'))].slice(
        0,
        500,
      );
      if (ids.length === 0) return reply.redirect(`/collectivites/${cid}/actes?erreur=aucun`, 303);
      const actor = actorOf(req);
      const lines: SafeHtml[] = [];
      let found = 0;
      for (const id of ids) {
        try {
          const act = await submitAct(deps.transmission, cid, actor, id);
          found++;
          lines.push(
            html`<li>${badge('Envoyé', 'ok')} <a href="/collectivites/${cid}/actes/${act.id}">${act.objet}</a>${act.state === 'awaiting_confirmation' ? ' — un agent télétransmetteur doit confirmer' : ''}</li>`,
          );
        } catch (e) {
          if (!isAppError(e)) throw e;
          if (e.code !== 'NOT_FOUND') found++;
          const why = e.problems.length ? e.problems.map((x) => x.message).join(' ') : e.message;
          lines.push(
            e.code === 'NOT_FOUND'
              ? html`<li>${badge('Non envoyé', 'ko')} Un acte choisi est introuvable.</li>`
              : html`<li>${badge('Non envoyé', 'ko')} <a href="/collectivites/${cid}/actes/${id}">Acte à corriger</a> : ${why}</li>`,
          );
        }
      }
      const results = html`<section class="flash" role="status" aria-labelledby="resultats"><h2 id="resultats">Résultat de l’envoi</h2><ul>${lines}</ul></section>`;
      // None of the chosen acts is of this collectivité: nothing was there to send.
      return sendList(req, reply, deps, { results, status: found === 0 ? 404 : 200 });
    },
  );
}
