// RA officers' orders: the checked requests to order, grouped by CA, with a form that sends the ticked ones
// as one order; the list of orders; one order with its lines and the export for the CA's portal (the
// manual path); the cost per collectivité over a period, for re-invoicing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { frDateTime, postForm } from '../../../../auth/http/pages.ts';
import { formatEuros } from '../../../../certification/catalogue.ts';
import { costCsv, orderCsv } from '../../../../certification/orders/order-csv.ts';
import {
  unsafeCostsByCollectivite,
  unsafeGetOrder,
  unsafeListOrderableRequests,
  unsafeListOrderLines,
  unsafeListOrders,
} from '../../../../certification/orders/order-store.ts';
import { placeOrder } from '../../../../certification/orders/place-order.ts';
import type { CertificateRequest } from '../../../../certification/request-store.ts';
import { REQUEST_STATES } from '../../../../certification/workflow.ts';
import { AppError, isAppError } from '../../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { errorSummary, type Problem } from '../../nouvel-acte/form-kit.ts';
import { asProblems, STATUS, sendFilePage } from '../dossier/file-frame.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';

const RA = { access: { permission: 'ra.officer' } } as const;
const ORDERS = '/syndicat/certificats/commandes';

/** A day typed as YYYY-MM-DD, as the instant it starts in Paris. */
export function parisDayStart(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const noon = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== day) return null;
  const parisHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(
      noon,
    ),
  );
  return new Date(Date.parse(`${day}T00:00:00Z`) - (parisHour - 12) * 3_600_000);
}

function groupByAuthority(requests: readonly CertificateRequest[]): [string, CertificateRequest[]][] {
  const groups = new Map<string, CertificateRequest[]>();
  for (const r of requests) groups.set(r.authorityName, [...(groups.get(r.authorityName) ?? []), r]);
  return [...groups];
}

export function registerOrderPages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const c = deps.certification;

  async function renderOrders(
    req: FastifyRequest,
    reply: FastifyReply,
    v: { problems?: Problem[]; status?: number; checked?: readonly string[] } = {},
  ) {
    const [orderable, orders] = await Promise.all([
      unsafeListOrderableRequests(c.db),
      unsafeListOrders(c.db),
    ]);
    const checked = new Set(v.checked ?? []);
    const now = c.clock.now();
    const yearStart = `${now.toISOString().slice(0, 4)}-01-01`;
    const today = now.toISOString().slice(0, 10);
    const groups = groupByAuthority(orderable);
    const body = html`<h1>Commandes aux autorités de certification</h1>
${errorSummary(v.problems ?? [])}
<h2>Demandes prêtes à commander</h2>
<p>Les demandes au dossier vérifié. Cochez celles à envoyer ensemble à une même autorité : une commande regroupe les demandes d’une seule autorité, au prix négocié du moment, qui reste celui de la commande.</p>
${
  groups.length === 0
    ? html`<p>Aucune demande n’attend d’être commandée.</p>`
    : groups.map(
        ([authority, rs]) =>
          html`<h3>${authority}</h3>${postForm(
            req,
            reply,
            deps,
            ORDERS,
            html`<table><caption class="sr-only">Demandes prêtes pour ${authority}</caption>
<thead><tr><th scope="col">Commander</th><th scope="col">Demande</th><th scope="col">Titulaire</th><th scope="col">Collectivité</th><th scope="col">Produit</th></tr></thead>
<tbody>${rs.map(
              (
                r,
              ) => html`<tr><td><input type="checkbox" id="d-${r.id}" name="demandes" value="${r.id}"${checked.has(r.id) ? html` checked` : ''}></td>
<th scope="row"><label for="d-${r.id}">n° ${String(r.number)}</label> <a href="/certificats/demandes/${r.id}">voir</a></th>
<td>${r.holder.name}, ${r.holder.function}</td><td>${r.collectiviteName}</td><td>${r.productLabel}</td></tr>`,
            )}</tbody></table>
<label for="note-${rs[0]!.authorityCode}">Note interne (facultative)</label>
<input type="text" id="note-${rs[0]!.authorityCode}" name="note" maxlength="300">
<div class="actions"><button type="submit">Commander les demandes cochées à ${authority}</button></div>`,
            'form-relais',
          )}`,
      )
}
<h2>Commandes passées</h2>
${
  orders.length === 0
    ? html`<p>Aucune commande pour l’instant.</p>`
    : html`<table><caption class="sr-only">Commandes passées, les plus récentes d’abord</caption>
<thead><tr><th scope="col">Commande</th><th scope="col">Autorité</th><th scope="col">Passée le</th><th scope="col">Par</th><th scope="col">Demandes</th><th scope="col">Total HT</th></tr></thead>
<tbody>${orders.map(
        (
          o,
        ) => html`<tr><th scope="row"><a href="${ORDERS}/${o.id}">n° ${String(o.number)}</a>${o.caReference ? html`<br><small>réf. ${o.caReference}</small>` : ''}</th>
<td>${o.authorityName}</td><td>${frDateTime(o.createdAt)}</td><td>${o.createdByName ?? '—'}</td><td>${String(o.lineCount)}</td><td>${formatEuros(o.totalCents)}</td></tr>`,
      )}</tbody></table>`
}
<h2 id="couts">Coûts par collectivité (refacturation)</h2>
<form method="get" action="/syndicat/certificats/couts.csv" class="form-relais">
<label for="du">Commandes passées du</label><input type="date" id="du" name="du" value="${yearStart}" required>
<label for="au">au (inclus)</label><input type="date" id="au" name="au" value="${today}" required>
<div class="actions"><button type="submit">Télécharger le relevé (CSV)</button></div>
</form>`;
    return sendFilePage(req, reply, deps, {
      title: 'Commandes',
      cid: null,
      body,
      status: v.status,
      current: 'autorite',
    });
  }

  app.get(ORDERS, { config: RA }, (req, reply) => renderOrders(req, reply));

  app.post(ORDERS, { config: RA }, async (req, reply) => {
    const body = (req.body ?? {}) as { demandes?: unknown; note?: unknown };
    const ids = [body.demandes]
      .flat()
      .filter((x): x is string => typeof x === 'string')
      .slice(0, 500);
    try {
      const order = await placeOrder(c, {
        principal: req.auth.principal!,
        requestIds: ids,
        note: typeof body.note === 'string' ? body.note.slice(0, 300) : null,
      });
      return reply.redirect(`${ORDERS}/${order.orderId}?fait=commandee`, 303);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return renderOrders(req, reply, {
        problems: asProblems(e, 'demandes'),
        status: STATUS[e.code] ?? e.status,
        checked: ids,
      });
    }
  });

  app.get<{ Params: { oid: string }; Querystring: { fait?: string } }>(
    `${ORDERS}/:oid`,
    { config: RA },
    async (req, reply) => {
      const order = await unsafeGetOrder(c.db, req.params.oid);
      if (!order)
        return sendFilePage(req, reply, deps, {
          title: 'Commande introuvable',
          cid: null,
          status: 404,
          current: 'autorite',
          body: html`<h1>Commande introuvable</h1><p><a href="${ORDERS}">Revenir aux commandes</a></p>`,
        });
      const lines = await unsafeListOrderLines(c.db, order.id);
      const manual = order.connector === 'manual';
      const body = html`<h1>Commande n° ${String(order.number)} à ${order.authorityName}</h1>
${req.query.fait === 'commandee' ? html`<p class="success" role="status">La commande est enregistrée : ${String(lines.length)} demande(s) passent à l’étape « ${REQUEST_STATES.sent_to_ca} ».${manual ? ' Téléchargez maintenant le fichier de commande et déposez-le sur le portail de l’autorité.' : ''}</p>` : ''}
<dl class="resume"><dt>Passée le</dt><dd>${frDateTime(order.createdAt)}${order.createdByName ? ` par ${order.createdByName}` : ''}</dd>
<dt>Référence de l’autorité</dt><dd>${order.caReference ?? '—'}</dd>
<dt>Total HT</dt><dd>${formatEuros(order.totalCents)}</dd>
${order.note ? html`<dt>Note</dt><dd>${order.note}</dd>` : ''}</dl>
<p><a class="button" href="${ORDERS}/${order.id}/export.csv">Télécharger la commande (CSV pour le portail de l’autorité)</a></p>
${manual ? html`<p>Cette autorité se commande à la main : déposez ce fichier (ou recopiez ses lignes) sur son portail. Quand elle a délivré un certificat, importez-le depuis la page de la demande (« Certificat délivré »).</p>` : html`<p>Cette autorité est reliée à Relais : sur la page de chaque demande, « Récupérer le certificat auprès de l’autorité » le télécharge dès qu’il est délivré.</p>`}
<table><caption>Demandes de la commande</caption>
<thead><tr><th scope="col">Demande</th><th scope="col">Titulaire</th><th scope="col">Collectivité</th><th scope="col">Produit</th><th scope="col">Prix HT</th><th scope="col">Étape</th></tr></thead>
<tbody>${lines.map(
        ({
          request: r,
          siren,
        }) => html`<tr><th scope="row"><a href="/certificats/demandes/${r.id}">n° ${String(r.number)}</a></th>
<td>${r.holder.name}<br><small>${r.holder.function} · ${r.holder.email}</small></td><td>${r.collectiviteName}<br><small>SIREN ${siren}</small></td>
<td>${r.productLabel}</td><td>${formatEuros(r.priceCents ?? 0)}</td><td>${REQUEST_STATES[r.state]}</td></tr>`,
      )}</tbody></table>
<p><a href="${ORDERS}">Revenir aux commandes</a></p>`;
      return sendFilePage(req, reply, deps, {
        title: `Commande n° ${order.number}`,
        cid: null,
        body,
        current: 'autorite',
      });
    },
  );

  app.get<{ Params: { oid: string } }>(`${ORDERS}/:oid/export.csv`, { config: RA }, async (req, reply) => {
    const order = await unsafeGetOrder(c.db, req.params.oid);
    if (!order) throw new AppError('NOT_FOUND', 'Commande introuvable.');
    const lines = await unsafeListOrderLines(c.db, order.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="commande-${order.number}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(orderCsv(lines));
  });

  app.get<{ Querystring: { du?: string; au?: string } }>(
    '/syndicat/certificats/couts.csv',
    { config: RA },
    async (req, reply) => {
      const from = parisDayStart(req.query.du ?? '');
      const toDay = parisDayStart(req.query.au ?? '');
      const problems: SafeHtml[] = [];
      if (!from)
        problems.push(html`<li>Indiquez le premier jour de la période (du), au format AAAA-MM-JJ.</li>`);
      if (!toDay)
        problems.push(html`<li>Indiquez le dernier jour de la période (au), au format AAAA-MM-JJ.</li>`);
      if (from && toDay && toDay < from)
        problems.push(html`<li>Le dernier jour de la période est avant le premier.</li>`);
      if (problems.length || !from || !toDay)
        return sendFilePage(req, reply, deps, {
          title: 'Relevé des coûts',
          cid: null,
          status: 422,
          current: 'autorite',
          body: html`<h1>Relevé des coûts</h1><div class="summary" role="alert"><ul>${problems}</ul></div>
<p><a href="${ORDERS}#couts">Revenir au formulaire</a></p>`,
        });
      // The end is the start of the day after « au », in Paris.
      const dayAfter = new Date(Date.parse(`${req.query.au}T12:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      const end = parisDayStart(dayAfter)!;
      const costs = await unsafeCostsByCollectivite(c.db, from, end);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="couts-certificats-${req.query.du}-au-${req.query.au}.csv"`,
        )
        .header('cache-control', 'private, no-store')
        .send(costCsv(costs));
    },
  );
}
