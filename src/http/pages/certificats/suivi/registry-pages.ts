// The registry of every member's certificates (page with filters, and the same as a CSV file for French
// spreadsheets) and the board's figures. RA officers only: these listings cross every collectivité.

import type { FastifyInstance } from 'fastify';
import { frDate, frDateTime } from '../../../../auth/http/pages.ts';
import { isUuid } from '../../../../auth/policy.ts';
import { formatEuros } from '../../../../certification/catalogue.ts';
import {
  EXPIRING_DAYS,
  isRegistryState,
  REGISTRY_STATES,
  type RegistryEntry,
  type RegistryFilters,
  USE_WINDOW_DAYS,
  unsafeBoardFigures,
  unsafeListRegistry,
} from '../../../../certification/registry/index.ts';
import { PURPOSES, REQUEST_STATES } from '../../../../certification/workflow.ts';
import { csvCell } from '../../../../kernel/csv.ts';
import { unsafeListAllCollectivites } from '../../../../tenants/collectivite-store.ts';
import { html } from '../../../ui/html.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { type FormReq, RA, sendRaPage } from './suivi-frame.ts';

/** Filters from the address; anything malformed is ignored (the page shows what was applied). */
export function registryFilters(q: Record<string, string | undefined>): RegistryFilters {
  const days = Number.parseInt(q.echeance ?? '', 10);
  return {
    collectiviteId: q.collectivite && isUuid(q.collectivite) ? q.collectivite.toLowerCase() : null,
    state: isRegistryState(q.etat) ? q.etat : null,
    expiringWithinDays: Number.isInteger(days) && days > 0 && days <= 3650 ? days : null,
  };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

const HEADER = [
  'Collectivité',
  'Titulaire',
  'Adresse électronique',
  'Autorité de certification',
  'Produit',
  'Usages',
  'Numéro de série',
  'Sujet',
  'Valable du',
  'Valable jusqu’au',
  'État',
  'Demande n°',
  'Dernière utilisation',
  `Connexions (${USE_WINDOW_DAYS} jours)`,
];

export function registryCsvLine(e: RegistryEntry): string {
  return [
    e.collectivites.map((c) => c.name).join(', '),
    e.holderName,
    e.holderEmail,
    e.authority,
    e.product ?? '',
    e.purposes.map((p) => PURPOSES[p as keyof typeof PURPOSES] ?? p).join(', '),
    e.serial,
    e.subject,
    day(e.notBefore),
    day(e.notAfter),
    REGISTRY_STATES[e.state],
    e.requestNumber === null ? '' : String(e.requestNumber),
    day(e.lastUsedAt),
    String(e.signIns),
  ]
    .map(csvCell)
    .join(';');
}

export function registerRegistryPages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const cert = deps.certification;

  app.get('/syndicat/certificats/registre', { config: RA }, async (req: FormReq, reply) => {
    const f = registryFilters(req.query);
    const now = cert.clock.now();
    const [entries, collectivites] = await Promise.all([
      unsafeListRegistry(cert.db, now, f),
      unsafeListAllCollectivites(cert.db),
    ]);
    const query = new URLSearchParams();
    if (f.collectiviteId) query.set('collectivite', f.collectiviteId);
    if (f.state) query.set('etat', f.state);
    if (f.expiringWithinDays) query.set('echeance', String(f.expiringWithinDays));
    const csvHref = `/syndicat/certificats/registre.csv${query.size ? `?${query}` : ''}`;
    const body = html`<h1>Registre des certificats</h1>
<p>Tous les certificats des membres : ceux obtenus par une demande au syndicat, et ceux rattachés à un compte sans demande (obtenus ailleurs). Les connexions sont comptées sur ${USE_WINDOW_DAYS} jours.</p>
<form method="get" action="/syndicat/certificats/registre" class="filters">
<div><label for="f-collectivite">Collectivité</label><select id="f-collectivite" name="collectivite"><option value="">Toutes</option>${collectivites
      .slice()
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map(
        (c) =>
          html`<option value="${c.id}"${c.id === f.collectiviteId ? html` selected` : ''}>${c.name}</option>`,
      )}</select></div>
<div><label for="f-etat">État</label><select id="f-etat" name="etat"><option value="">Tous</option>${Object.entries(
      REGISTRY_STATES,
    ).map(
      ([k, v]) => html`<option value="${k}"${k === f.state ? html` selected` : ''}>${v}</option>`,
    )}</select></div>
<div><label for="f-echeance">Expire dans les … jours</label><input id="f-echeance" name="echeance" type="number" min="1" max="3650" value="${f.expiringWithinDays ?? ''}" inputmode="numeric"></div>
<div><button type="submit">Filtrer</button></div></form>
<p><a href="${csvHref}">Télécharger le registre (CSV, tableur)</a> · <strong>${entries.length}</strong> certificat(s)</p>
<div style="overflow-x:auto"><table><caption class="sr-only">Certificats des membres</caption>
<thead><tr><th scope="col">Titulaire</th><th scope="col">Collectivité</th><th scope="col">Autorité</th><th scope="col">N° de série</th><th scope="col">Validité</th><th scope="col">État</th><th scope="col">Utilisation</th></tr></thead>
<tbody>${
      entries.length
        ? entries.map(
            (
              e,
            ) => html`<tr><th scope="row">${e.requestId ? html`<a href="/certificats/demandes/${e.requestId}">${e.holderName}</a>` : e.holderName}<br><small>${e.holderEmail}</small></th>
<td>${e.collectivites.map((c) => c.name).join(', ') || '—'}</td>
<td>${e.authority}${e.product ? html`<br><small>${e.product}</small>` : ''}</td><td><code>${e.serial}</code></td>
<td>du ${frDate(e.notBefore)}<br>au ${frDate(e.notAfter)}</td><td>${REGISTRY_STATES[e.state]}</td>
<td>${e.signIns} connexion(s)<br><small>dernière : ${frDateTime(e.lastUsedAt)}</small></td></tr>`,
          )
        : html`<tr><td colspan="7">Aucun certificat ne correspond à ces filtres.</td></tr>`
    }</tbody></table></div>`;
    return sendRaPage(req, reply, deps, {
      title: 'Registre des certificats',
      current: '/syndicat/certificats/registre',
      body,
    });
  });

  app.get('/syndicat/certificats/registre.csv', { config: RA }, async (req: FormReq, reply) => {
    const now = cert.clock.now();
    const entries = await unsafeListRegistry(cert.db, now, registryFilters(req.query));
    const csv = `\uFEFF${HEADER.map(csvCell).join(';')}\r\n${entries.map((e) => `${registryCsvLine(e)}\r\n`).join('')}`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="registre-certificats-${day(now)}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });

  app.get('/syndicat/certificats/bilan', { config: RA }, async (req: FormReq, reply) => {
    const now = cert.clock.now();
    const f = await unsafeBoardFigures(cert.db, now);
    const pct = (n: number) => (f.members ? Math.round((n / f.members) * 100) : 0);
    const body = html`<h1>Bilan des certificats</h1>
<p>Chiffres au ${frDate(now)}, pour le bureau du syndicat.</p>
<h2>Adoption</h2>
<table><caption class="sr-only">Membres équipés d’au moins un certificat en cours de validité</caption>
<thead><tr><th scope="col">Usage</th><th scope="col">Membres équipés</th><th scope="col">Part des ${f.members} membres</th></tr></thead>
<tbody><tr><th scope="row">Au moins un certificat valide (demande ou compte)</th><td>${f.equipped}</td><td>${pct(f.equipped)} %</td></tr>
${(Object.keys(PURPOSES) as (keyof typeof PURPOSES)[]).map(
  (k) =>
    html`<tr><th scope="row">${PURPOSES[k]} (par demande)</th><td>${f.equippedByPurpose[k]}</td><td>${pct(f.equippedByPurpose[k])} %</td></tr>`,
)}</tbody></table>
<h2>Demandes et certificats par état</h2>
<table><caption class="sr-only">Nombre de demandes à chaque étape</caption><thead><tr><th scope="col">État</th><th scope="col">Nombre</th></tr></thead>
<tbody>${f.requestsByState.map((s) => html`<tr><th scope="row">${REQUEST_STATES[s.state]}</th><td>${s.count}</td></tr>`)}
<tr><th scope="row">Certificats valides rattachés à un compte, hors demande</th><td>${f.accountCertificates}</td></tr></tbody></table>
<p><strong class="chiffre">${f.expiringSoon}</strong> certificat(s) expirent dans les ${EXPIRING_DAYS} jours — <a href="/syndicat/certificats/registre?echeance=${EXPIRING_DAYS}">les voir dans le registre</a>.</p>
<h2>Coûts</h2>
<p>Prix négocié figé à la commande, hors taxes. Détail par commande : <a href="/syndicat/certificats/commandes">commandes</a>.</p>
<table><caption>Par année de commande</caption><thead><tr><th scope="col">Année</th><th scope="col">Certificats commandés</th><th scope="col">Montant</th></tr></thead>
<tbody>${
      f.costsByYear.length
        ? f.costsByYear.map(
            (y) =>
              html`<tr><th scope="row">${y.year}</th><td>${y.requests}</td><td>${formatEuros(y.cents)}</td></tr>`,
          )
        : html`<tr><td colspan="3">Aucune commande.</td></tr>`
    }</tbody></table>
<table><caption>Par collectivité (pour la refacturation)</caption><thead><tr><th scope="col">Année</th><th scope="col">Collectivité</th><th scope="col">Certificats</th><th scope="col">Montant</th></tr></thead>
<tbody>${
      f.costsByCollectivite.length
        ? f.costsByCollectivite.map(
            (c) =>
              html`<tr><td>${c.year}</td><th scope="row">${c.name}</th><td>${c.requests}</td><td>${formatEuros(c.cents)}</td></tr>`,
          )
        : html`<tr><td colspan="4">Aucune commande.</td></tr>`
    }</tbody></table>`;
    return sendRaPage(req, reply, deps, {
      title: 'Bilan des certificats',
      current: '/syndicat/certificats/bilan',
      body,
    });
  });
}
