// The préfecture's letters to a collectivité: an inbox (unread first in the reader's eye, deadlines,
// the act concerned) and one letter's page, which marks it read and offers the answer form.
import type { FastifyInstance } from 'fastify';
import {
  getAct,
  getPrefectureMessage,
  listPrefectureMessages,
  markPrefectureMessageRead,
  PREFECTURE_MESSAGE_LABELS,
  PREFECTURE_MESSAGE_STATES,
} from '../../../actes/transmission/index.ts';
import { can, principalOf, scopedCollectivite } from '../../../auth/index.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import { badge, deadlineText, frDay, frMoment } from '../../ui/components.ts';
import { html } from '../../ui/html.ts';
import { answerForm, letterSummary } from '../actes/answer-form.ts';
import type { CidReq, PagesDeps } from '../page-deps.ts';

const read = { access: { permission: 'act.read', collectiviteParam: 'cid' } } as const;

export function registerInboxPages(app: FastifyInstance, deps: PagesDeps): void {
  app.get('/collectivites/:cid/courriers', { config: read }, async (req: CidReq, reply) => {
    const cid = scopedCollectivite(req);
    const now = deps.transmission.clock.now();
    const letters = await listPrefectureMessages(deps.db, [cid], 200);
    const acts = new Map(
      await Promise.all(
        [...new Set(letters.map((m) => m.actId))].map(
          async (id) => [id, await getAct(deps.db, cid, id)] as const,
        ),
      ),
    );
    const rows = letters.map((m) => {
      const act = acts.get(m.actId);
      const waiting = m.code !== '5-1' && (m.state === 'received' || m.state === 'acknowledged');
      return html`<tr${m.readAt ? '' : html` class="unread"`}>
<td data-label="Courrier">${m.readAt ? '' : html`${badge('Non lu', 'info')} `}<a href="/collectivites/${cid}/courriers/${m.id}">${m.readAt ? PREFECTURE_MESSAGE_LABELS[m.code] : html`<strong>${PREFECTURE_MESSAGE_LABELS[m.code]}</strong>`}</a><br><span class="hint">du ${frDay(m.dateCourrierPref)}, reçu le ${frMoment(m.receivedAt)}</span></td>
<td data-label="Acte">${act ? html`<a href="/collectivites/${cid}/actes/${act.id}">${act.objet}</a>` : '—'}</td>
<td data-label="Où en est-on">${PREFECTURE_MESSAGE_STATES[m.state]}</td>
<td data-label="Réponse">${waiting ? deadlineText(m.answerDeadline, now) : m.code === '5-1' ? badge('Déféré', 'ko') : '—'}</td></tr>`;
    });
    const unread = letters.filter((m) => !m.readAt).length;
    const body = html`<h1>Courriers de la préfecture</h1>
<p>${letters.length === 0 ? 'Vous n’avez reçu aucun courrier de la préfecture.' : unread ? `${unread} courrier${unread > 1 ? 's' : ''} non lu${unread > 1 ? 's' : ''}.` : 'Tous les courriers sont lus.'}</p>
${letters.length ? html`<table class="responsive"><caption class="sr-only">Courriers de la préfecture, les plus récents d’abord</caption><thead><tr><th scope="col">Courrier</th><th scope="col">Acte concerné</th><th scope="col">Où en est-on</th><th scope="col">Réponse attendue</th></tr></thead><tbody>${rows}</tbody></table>` : ''}`;
    return sendAppPage(req, reply, deps, {
      title: 'Courriers de la préfecture',
      cid,
      current: 'courriers',
      body,
    });
  });

  app.get('/collectivites/:cid/courriers/:messageId', { config: read }, async (req: CidReq, reply) => {
    const cid = scopedCollectivite(req);
    const m = await getPrefectureMessage(deps.db, cid, req.params.messageId);
    const act = m ? await getAct(deps.db, cid, m.actId) : null;
    if (!m || !act)
      return sendAppPage(req, reply, deps, {
        title: 'Courrier introuvable',
        cid,
        current: 'courriers',
        status: 404,
        body: html`<h1>Courrier introuvable</h1><p>Ce courrier n’existe pas ou ne relève pas de cette collectivité.</p><p><a href="/collectivites/${cid}/courriers">Revenir aux courriers</a></p>`,
      });
    await markPrefectureMessageRead(deps.db, cid, m.id);
    const canAnswer =
      can(principalOf(req), 'act.transmit', cid) &&
      m.code !== '5-1' &&
      (m.state === 'received' || m.state === 'acknowledged');
    const body = html`<p><a href="/collectivites/${cid}/courriers">← Tous les courriers</a></p>
<h1>${PREFECTURE_MESSAGE_LABELS[m.code]} du ${frDay(m.dateCourrierPref)}</h1>
<p>Au sujet de l’acte <a href="/collectivites/${cid}/actes/${act.id}">${act.objet}</a> (n° ${act.numeroInterne}).</p>
<article class="card">${letterSummary(cid, { ...m, readAt: m.readAt ?? new Date() }, deps.transmission.clock.now())}
${canAnswer ? answerForm(req, reply, deps, act, m, []) : ''}</article>`;
    return sendAppPage(req, reply, deps, {
      title: 'Courrier de la préfecture',
      cid,
      current: 'courriers',
      body,
    });
  });
}
