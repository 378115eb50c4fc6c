// The tableau de bord: what needs attention now in one collectivité — acts without AR for more than a
// day, refusals to fix, préfecture letters to answer, sendings to confirm, the person's certificates
// about to expire — then the latest acts. `/tableau-de-bord` leads a person to theirs.
import type { FastifyInstance } from 'fastify';
import {
  type Act,
  listActs,
  listPrefectureMessages,
  PREFECTURE_MESSAGE_LABELS,
} from '../../../actes/transmission/index.ts';
import { can, listCertificatesOfUser, principalOf, scopedCollectivite } from '../../../auth/index.ts';
import { collectivitesOf, sendAppPage } from '../../ui/app-frame.ts';
import { badge, deadlineText, flashMessage, frDay, frMoment, stateBadge } from '../../ui/components.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import { actForms } from '../actes/act-forms.ts';
import type { CidReq, PagesDeps } from '../page-deps.ts';

const DAY = 86_400_000;

function actLink(cid: string, a: Act): SafeHtml {
  return html`<a href="/collectivites/${cid}/actes/${a.id}">${a.objet}</a> <span class="hint">n° ${a.numeroInterne}</span>`;
}

export function registerDashboardPages(app: FastifyInstance, deps: PagesDeps): void {
  app.get<{ Querystring: { collectivite?: string } }>(
    '/tableau-de-bord',
    { config: { access: 'signed-in' } },
    async (req, reply) => {
      const p = principalOf(req);
      const mine = await collectivitesOf(deps.db, p);
      const wanted =
        mine.find((c) => c.id === req.query.collectivite) ?? (mine.length === 1 ? mine[0] : null);
      const own = mine.filter((c) => p.collectiviteIds.includes(c.id));
      const target = wanted ?? (own.length === 1 ? own[0] : null);
      return reply.redirect(target ? `/collectivites/${target.id}` : '/mes-collectivites', 303);
    },
  );

  app.get(
    '/collectivites/:cid',
    { config: { access: { permission: 'act.read', collectiviteParam: 'cid' } } },
    async (req: CidReq, reply) => {
      const cid = scopedCollectivite(req);
      const p = principalOf(req);
      const db = deps.db;
      const now = deps.transmission.clock.now();
      const [sent, refused, waiting, latest, letters, certs] = await Promise.all([
        listActs(db, [cid], { state: 'sent', limit: 100 }),
        listActs(db, [cid], { state: 'refused', limit: 50 }),
        listActs(db, [cid], { state: 'awaiting_confirmation', limit: 50 }),
        listActs(db, [cid], { limit: 10 }),
        listPrefectureMessages(db, [cid], 200),
        p.user ? listCertificatesOfUser(db, p.user.id) : Promise.resolve([]),
      ]);
      const late = sent.items.filter((a) => a.sentAt && now.getTime() - a.sentAt.getTime() > DAY);
      const toAnswer = letters
        .filter((m) => m.code !== '5-1' && (m.state === 'received' || m.state === 'acknowledged'))
        .sort((a, b) => (a.answerDeadline ?? '9999').localeCompare(b.answerDeadline ?? '9999'));
      const deferes = letters.filter((m) => m.code === '5-1' && !m.readAt);
      const expiring = certs.filter((c) => c.notAfter.getTime() - now.getTime() < 90 * DAY);
      const forms = actForms(req, reply, deps);
      const canPrepare = can(p, 'act.prepare', cid);
      const canTransmit = can(p, 'act.transmit', cid);

      const lists: SafeHtml[] = [];
      if (deferes.length)
        lists.push(
          section(
            'Déféré au tribunal administratif',
            'urgent',
            deferes.map(
              (m) =>
                html`<a href="/collectivites/${cid}/courriers/${m.id}">${PREFECTURE_MESSAGE_LABELS[m.code]} du ${frDay(m.dateCourrierPref)}</a> — contactez le syndicat sans attendre.`,
            ),
            '',
          ),
        );
      lists.push(
        section(
          'Courriers de la préfecture à traiter',
          toAnswer.length ? 'attention' : '',
          toAnswer.map(
            (m) =>
              html`<a href="/collectivites/${cid}/courriers/${m.id}">${PREFECTURE_MESSAGE_LABELS[m.code]} du ${frDay(m.dateCourrierPref)}</a>${m.readAt ? '' : html` ${badge('Non lu', 'info')}`}<br>Réponse : ${deadlineText(m.answerDeadline, now)}`,
          ),
          'Aucun courrier en attente de réponse.',
        ),
        section(
          'Refusés par la préfecture : à corriger',
          refused.items.length ? 'urgent' : '',
          refused.items.map(
            (a) =>
              html`${actLink(cid, a)}${a.refusalDetail || a.refusalNature ? html`<blockquote class="quote">${a.refusalDetail ?? a.refusalNature}</blockquote>` : ''}
${canPrepare ? forms.reopen(a) : ''}`,
          ),
          'Aucun acte refusé.',
        ),
        section(
          'En attente de confirmation',
          waiting.items.length ? 'attention' : '',
          waiting.items.map(
            (a) =>
              html`${actLink(cid, a)}${canTransmit ? html`<div class="actions">${forms.confirm(a)}</div>` : html`<br><span class="hint">Un agent télétransmetteur doit confirmer l’envoi.</span>`}`,
          ),
          'Aucun envoi à confirmer.',
        ),
        section(
          'Sans accusé de réception depuis plus d’un jour',
          late.length ? 'attention' : '',
          late.map(
            (a) =>
              html`${actLink(cid, a)}<br><span class="hint">Transmis le ${frMoment(a.sentAt)}. Relais renvoie la même archive si la préfecture ne répond pas ; prévenez le syndicat si cela dure.</span>`,
          ),
          'Tous les actes transmis ont reçu leur accusé de réception.',
        ),
      );
      if (expiring.length)
        lists.push(
          section(
            'Vos certificats bientôt expirés',
            'attention',
            expiring.map((c) => {
              const expired = c.notAfter.getTime() < now.getTime();
              return html`${c.subject} — ${expired ? badge('Expiré', 'ko') : badge('Expire bientôt', 'warn')} le ${frMoment(c.notAfter)}. Demandez-en un nouveau au syndicat.`;
            }),
            '',
          ),
        );

      const body = html`${flashMessage(req.query.ok)}<h1>Tableau de bord</h1>
<p>Ce qui demande votre attention aujourd’hui.</p>
<div class="cards">${lists}</div>
<h2>Derniers actes</h2>
${
  latest.items.length
    ? html`<table class="responsive"><caption class="sr-only">Les dix derniers actes créés</caption><thead><tr><th scope="col">Objet</th><th scope="col">N°</th><th scope="col">Date de décision</th><th scope="col">État</th></tr></thead><tbody>${latest.items.map(
        (a) =>
          html`<tr><td data-label="Objet"><a href="/collectivites/${cid}/actes/${a.id}">${a.objet}</a></td><td data-label="N°">${a.numeroInterne}</td><td data-label="Décision">${frDay(a.decisionDate)}</td><td data-label="État">${stateBadge(a.state)}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">Aucun acte pour l’instant.</p>`
}
<p class="actions"><a href="/collectivites/${cid}/actes">Tous les actes</a>${canPrepare ? html`<a class="button" href="/collectivites/${cid}/actes/nouveau">Nouvel acte</a>` : ''}</p>`;
      return sendAppPage(req, reply, deps, { title: 'Tableau de bord', cid, current: 'tableau', body });
    },
  );
}

function section(
  title: string,
  tone: 'attention' | 'urgent' | '',
  items: SafeHtml[],
  empty: string,
): SafeHtml {
  return html`<section class="card ${tone}"><h2>${title}${items.length ? ` (${items.length})` : ''}</h2>
${items.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : html`<p class="empty">${empty}</p>`}</section>`;
}
