// The lifecycle panels of the request page: revocation (form, status, the RA officer's confirmation
// form), the renewal link (prefilled from this request) and the expiry reminders already sent.
import { frDate, frDateTime } from '../../../../auth/http/pages.ts';
import { listRequestReminders } from '../../../../certification/lifecycle/index.ts';
import { availableActions, REQUEST_STATES, REVOCATION_REASONS } from '../../../../certification/workflow.ts';
import { html } from '../../../ui/html.ts';
import type { PanelContext, RequestPanel } from '../request-panels.ts';
import { confirmationForm } from './revocation-routes.ts';
import { revocationForm } from './suivi-frame.ts';

const NOTICES: Record<string, string> = {
  'revocation-demandee':
    'La révocation est demandée : le certificat ne permet plus de se connecter à Relais. Les officiers d’enregistrement du syndicat sont prévenus.',
  'revocation-confirmee': 'La confirmation de révocation est enregistrée : la demande est close.',
};

/** Revocable: the table allows it to one of the principal's roles, and the certificate has not expired. */
const canRevoke = (ctx: PanelContext) =>
  ctx.actors.some((a) => availableActions(ctx.request.state, a).includes('request-revocation')) &&
  (!ctx.request.certificate || ctx.request.certificate.notAfter > ctx.deps.certification.clock.now());

export async function revocationPanel(ctx: PanelContext) {
  const { request: r, req, reply, deps } = ctx;
  const ok = (req.query as Record<string, string | undefined>).ok ?? '';
  const notice = NOTICES[ok] ? html`<p class="success" role="status">${NOTICES[ok]}</p>` : '';
  if (r.revocation) {
    const v = r.revocation;
    const requester = v.requestedBy
      ? (
          await deps.certification.db.query<{ name: string }>('select name from users where id = $1', [
            v.requestedBy,
          ])
        ).rows[0]?.name
      : null;
    const today = deps.certification.clock.now().toISOString().slice(0, 10);
    return html`<section aria-labelledby="revocation-titre"><h2 id="revocation-titre">Révocation</h2>${notice}
<dl class="resume"><dt>Motif</dt><dd>${REVOCATION_REASONS[v.reason]}</dd>
${v.note ? html`<dt>Précision</dt><dd>${v.note}</dd>` : ''}
<dt>Demandée le</dt><dd>${frDateTime(v.requestedAt)}${requester ? html` par ${requester}` : ''}</dd>
<dt>Confirmation de l’autorité</dt><dd>${
      v.confirmedAt
        ? html`le ${frDate(v.confirmedAt)}${v.reference ? html`, référence <strong>${v.reference}</strong>` : ''}`
        : html`<strong class="badge-wait">en attente</strong>`
    }</dd></dl>
${
  r.state === 'revocation_requested' && ctx.actors.includes('ra')
    ? html`<h3>Confirmation de l’autorité de certification</h3>
<p>Demandez la révocation à ${r.authorityName} (portail ou courrier), puis enregistrez ici la référence et la date de sa confirmation.</p>
${confirmationForm(req, reply, deps, r.id, today)}`
    : ''
}</section>`;
  }
  if (!canRevoke(ctx)) return notice;
  return html`<section aria-labelledby="revocation-titre"><h2 id="revocation-titre">Révocation</h2>${notice}
<details><summary>Demander la révocation de ce certificat</summary>
<p>À demander sans attendre en cas de perte ou de vol du support, de code PIN divulgué, de départ de la personne ou de fin de mandat.</p>
${revocationForm(req, reply, deps, r.id, REVOCATION_REASONS)}</details></section>`;
}

export function renewalPanel(ctx: PanelContext) {
  const r = ctx.request;
  if (!['handed_over', 'active', 'renewal_due'].includes(r.state)) return '';
  if (!ctx.actors.includes('collectivite') && !ctx.actors.includes('ra')) return '';
  const until = r.certificate
    ? html` Ce certificat expire le <strong>${frDate(r.certificate.notAfter)}</strong>.`
    : '';
  return html`<section aria-labelledby="renouvellement-titre"><h2 id="renouvellement-titre">Renouvellement</h2>
<p>${r.state === 'renewal_due' ? html`<strong>${REQUEST_STATES.renewal_due}.</strong>` : ''}${until} Comptez plusieurs semaines entre la demande et la remise du nouveau support.</p>
<p><a href="/collectivites/${r.collectiviteId}/demandes-certificat/nouvelle?renouvelle=${r.id}">Préparer la demande de renouvellement</a> (remplie à partir de celle-ci)</p></section>`;
}

export async function remindersPanel(ctx: PanelContext) {
  const sent = await listRequestReminders(ctx.deps.certification.db, ctx.request.id);
  if (sent.length === 0) return '';
  return html`<section aria-labelledby="rappels-titre"><h2 id="rappels-titre">Rappels d’expiration envoyés</h2>
<ul>${sent.map((s) => html`<li>Rappel à ${s.days} jours : envoyé le ${frDateTime(s.sentAt)} au titulaire, aux administrateurs de la collectivité et aux officiers d’enregistrement</li>`)}</ul></section>`;
}

export const lifecyclePanels: RequestPanel[] = [revocationPanel, renewalPanel, remindersPanel];
