// « Console du syndicat » (operator admins): every member's onboarding and activity, adoption, the
// inbox of préfecture replies that matched no act (« Retraiter »), the job queue (« Relancer »).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reprocessInboundMail, unsafeListUnmatchedMails } from '../../../actes/transmission/index.ts';
import { frDate, frDateTime, type PageDeps, postForm, sendPage } from '../../../auth/http/pages.ts';
import type { Db } from '../../../db/types.ts';
import { countJobsByState, JOB_STATE_LABELS, JOB_STATES, listJobs, retryJob } from '../../../jobs/index.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { AppError, isAppError } from '../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import { FORM_STYLE } from '../nouvel-acte/form-kit.ts';
import { type MemberOverview, unsafeListMemberOverview } from './member-overview.ts';

export type ConsoleDeps = PageDeps & { db: Db; clock: Clock };

const OPERATOR = { access: { permission: 'operator.admin' } } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const yes = (ok: boolean, label: string) =>
  html`<span class="${ok ? 'ok' : 'ko'}">${ok ? '✔ oui' : '✘ non'}<span class="sr-only"> : ${label}</span></span>`;

function monthStart(now: Date): Date {
  const paris = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .slice(0, 7);
  return new Date(`${paris}-01T00:00:00+01:00`);
}

function memberRow(m: MemberOverview): SafeHtml {
  return html`<tr><th scope="row">${m.name}<br><small>SIREN ${m.siren}</small></th>
<td>${yes(!!m.conventionDate, 'convention signée')}${m.conventionDate ? html`<br><small>${m.conventionDate}</small>` : ''}</td>
<td>${m.users}</td><td>${m.certificates}${m.expiringCertificates ? html`<br><strong class="ko">⚠ ${m.expiringCertificates} expire(nt) sous 30 jours</strong>` : ''}</td>
<td>${yes(!!m.firstSentAt, 'premier acte envoyé')}</td>
<td>${m.lastSentAt ? frDateTime(m.lastSentAt) : 'jamais'}</td><td>${m.actsThisMonth}</td>
<td>${m.refusals ? html`<strong class="ko">${m.refusals}</strong>` : '0'}</td></tr>`;
}

export function registerConsolePages(app: FastifyInstance, deps: ConsoleDeps): void {
  async function render(req: FastifyRequest, reply: FastifyReply, notice?: { ok: boolean; text: string }) {
    const now = deps.clock.now();
    const [members, mails, counts, dead] = await Promise.all([
      unsafeListMemberOverview(deps.db, now, monthStart(now)),
      unsafeListUnmatchedMails(deps.db, 50),
      countJobsByState(deps.db),
      listJobs(deps.db, { state: 'dead', limit: 50 }),
    ]);
    const transmitting = members.filter((m) => m.firstSentAt).length;
    const body = html`${FORM_STYLE}
<h1>Console du syndicat</h1>
${notice ? html`<p class="${notice.ok ? 'success' : 'note'}" role="status">${notice.text}</p>` : ''}
<p><strong>${transmitting} sur ${members.length} membres transmettent</strong> (au moins un acte envoyé).</p>
<nav aria-label="Sections de la console"><a href="#membres">Membres</a> · <a href="#courriels">Courriels non rattachés (${mails.length})</a> · <a href="#taches">File des tâches (${counts.dead} abandonnée(s))</a> · <a href="/securite/journal">Journal de sécurité</a>${req.auth.principal?.isRaOfficer ? html` · <a href="/syndicat/certificats">Autorité d’enregistrement</a>` : ''}</nav>
<h2 id="membres">Membres</h2>
<div style="overflow-x:auto"><table><caption class="sr-only">Avancement et activité de chaque membre</caption>
<thead><tr><th scope="col">Membre</th><th scope="col">Convention signée</th><th scope="col">Personnes</th><th scope="col">Certificats valides</th><th scope="col">Premier acte envoyé</th><th scope="col">Dernière transmission</th><th scope="col">Actes ce mois-ci</th><th scope="col">Refus</th></tr></thead>
<tbody>${members.length ? members.map(memberRow) : html`<tr><td colspan="8">Aucun membre.</td></tr>`}</tbody></table></div>

<h2 id="courriels">Courriels de la préfecture non rattachés</h2>
<p>Réponses qu’aucun acte n’a reconnues, ou illisibles. Une fois la cause corrigée, « Retraiter » les repasse.</p>
<table><thead><tr><th scope="col">Reçu</th><th scope="col">Source</th><th scope="col">Contenu</th><th scope="col">Raison</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${
      mails.length
        ? mails.map(
            (m) => html`<tr><td>${frDateTime(m.receivedAt)}</td><td>${m.source}</td>
<td>${m.messages.length ? html`<ul>${m.messages.map((x) => html`<li><code>${x.fileName}</code> (${x.code}) ${x.detail ?? ''}</li>`)}</ul>` : '—'}</td>
<td>${m.state === 'failed' ? 'illisible' : 'sans acte correspondant'}${m.error ? html` : ${m.error}` : ''}</td>
<td>${postForm(req, reply, deps, `/syndicat/courriels/${m.id}/retraiter`, html`<button type="submit">Retraiter<span class="sr-only"> le courriel reçu le ${frDateTime(m.receivedAt)}</span></button>`, 'inline')}</td></tr>`,
          )
        : html`<tr><td colspan="5">Aucun courriel en attente.</td></tr>`
    }</tbody></table>

<h2 id="taches">File des tâches</h2>
<ul>${JOB_STATES.map((s) => html`<li>${JOB_STATE_LABELS[s]} : <strong>${counts[s]}</strong></li>`)}</ul>
<h3>Tâches abandonnées</h3>
<table><thead><tr><th scope="col">N°</th><th scope="col">Nature</th><th scope="col">Essais</th><th scope="col">Dernière erreur</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${
      dead.length
        ? dead.map(
            (
              j,
            ) => html`<tr><td>${j.id}</td><td><code>${j.kind}</code></td><td>${j.attempts}</td><td>${j.lastError ?? '—'}</td>
<td>${postForm(req, reply, deps, `/syndicat/taches/${j.id}/relancer`, html`<button type="submit">Relancer<span class="sr-only"> la tâche ${j.id}</span></button>`, 'inline')}</td></tr>`,
          )
        : html`<tr><td colspan="5">Aucune tâche abandonnée.</td></tr>`
    }</tbody></table>
<p><small>Chiffres au ${frDate(now)}.</small></p>`;
    return sendPage(req, reply, deps, { title: 'Console du syndicat', body });
  }

  app.get('/syndicat', { config: OPERATOR }, (req, reply) => render(req, reply));

  app.post('/syndicat/courriels/:mailId/retraiter', { config: OPERATOR }, async (req, reply) => {
    const { mailId } = req.params as { mailId: string };
    if (!UUID.test(mailId)) throw new AppError('NOT_FOUND', 'Courriel introuvable.');
    const done = await reprocessInboundMail(deps.db, mailId);
    return render(req, reply, {
      ok: done,
      text: done
        ? 'Le courriel est remis en traitement : il disparaîtra de la liste s’il trouve son acte.'
        : 'Ce courriel a déjà été traité ou n’existe plus.',
    });
  });

  app.post('/syndicat/taches/:jobId/relancer', { config: OPERATOR }, async (req, reply) => {
    const { jobId } = req.params as { jobId: string };
    if (!/^\d{1,15}$/.test(jobId)) throw new AppError('NOT_FOUND', 'Tâche introuvable.');
    try {
      const job = await retryJob(deps.db, Number(jobId));
      return render(req, reply, { ok: true, text: `La tâche n° ${job.id} est relancée.` });
    } catch (e) {
      if (isAppError(e)) return render(req, reply, { ok: false, text: e.message });
      throw e;
    }
  });
}
