// « Administration » of one collectivité (its admins): the facts of the collectivité, the return
// e-mail and referent (editable), its people and their roles (add one by e-mail), and links to the
// certificates and API tokens pages.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type PageDeps, postForm } from '../../../auth/http/pages.ts';
import { scopedCollectivite } from '../../../auth/index.ts';
import type { Db } from '../../../db/types.ts';
import { AppError, type FieldProblem, isAppError } from '../../../kernel/errors.ts';
import {
  addUser,
  COLLECTIVITE_TYPES,
  getCollectivite,
  listUsersOfCollectivite,
  ROLES,
  type Role,
} from '../../../tenants/index.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import { html } from '../../ui/html.ts';
import { describedBy, errorSummary, FORM_STYLE, fieldErrors, type Problem } from '../nouvel-acte/form-kit.ts';
import { updateContacts } from './update-contacts.ts';

export type AdminDeps = PageDeps & { db: Db };

const ADMIN = { access: { permission: 'collectivite.admin', collectiviteParam: 'cid' } } as const;
const ROLE_HINTS: Record<Role, string> = {
  admin: 'gère les personnes, les certificats et les jetons',
  preparer: 'prépare les actes ; un télétransmetteur confirme l’envoi',
  transmitter: 'prépare et envoie les actes à la préfecture',
  reader: 'consulte les actes',
  archivist: 'consulte les actes et les archives',
};

interface View {
  problems?: Problem[];
  values?: Record<string, string>;
  notice?: string;
  status?: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const asProblems = (ps: readonly FieldProblem[], map: Record<string, string>): Problem[] =>
  ps.map((p) => ({ anchor: map[p.field] ?? '', message: p.message }));

export function registerAdminPages(app: FastifyInstance, deps: AdminDeps): void {
  async function render(req: FastifyRequest, reply: FastifyReply, v: View = {}) {
    const cid = scopedCollectivite(req);
    const c = await getCollectivite(deps.db, cid);
    if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
    const people = await listUsersOfCollectivite(deps.db, cid);
    const p = v.problems ?? [];
    const val = v.values ?? {};
    const field = (id: string, label: string, hint: string, value: string, type = 'text') =>
      html`<label for="${id}">${label}</label><span class="hint" id="${id}-aide">${hint}</span>${fieldErrors(p, id)}
<input type="${type}" id="${id}" name="${id}" value="${value}"${describedBy(p, id)}>`;
    const base = `/collectivites/${cid}/administration`;
    const body = html`${FORM_STYLE}
<h1>Administration — ${c.name}</h1>
${v.notice ? html`<p class="success" role="status">${v.notice}</p>` : ''}
${errorSummary(p)}
<nav aria-label="Sections"><a href="#reglages">Réglages</a> · <a href="#personnes">Personnes et rôles</a> · <a href="/collectivites/${cid}/certificats">Certificats</a> · <a href="/collectivites/${cid}/jetons">Jetons d’accès (logiciels)</a></nav>
<h2 id="reglages">Réglages</h2>
<dl>
<dt>Nom</dt><dd>${c.name}</dd><dt>SIREN</dt><dd>${c.siren}</dd><dt>Type</dt><dd>${COLLECTIVITE_TYPES[c.type]}</dd>
<dt>Département, arrondissement</dt><dd>${c.departement}, ${c.arrondissement}</dd>
<dt>Préfecture</dt><dd>${c.prefectureRattachement}</dd>
<dt>Convention avec le syndicat</dt><dd>${c.conventionDate ? `signée le ${c.conventionDate}${c.conventionReference ? ` (${c.conventionReference})` : ''}` : 'pas encore signée'}</dd>
</dl>
<p class="hint">Ces informations sont tenues par le syndicat : écrivez-lui pour les corriger.</p>
${postForm(
  req,
  reply,
  deps,
  `${base}/reglages`,
  html`<div class="form-relais">
${field('returnEmail', 'Adresse de retour', 'Reçoit les avis de Relais sur les actes (accusés de réception, courriers de la préfecture).', val.returnEmail ?? c.returnEmail ?? '', 'email')}
${field('referentName', 'Référent (nom)', 'La personne que le syndicat appelle pour la télétransmission.', val.referentName ?? c.referentName ?? '')}
${field('referentPhone', 'Référent (téléphone)', 'Exemple : 04 66 12 34 56.', val.referentPhone ?? c.referentPhone ?? '', 'tel')}
${field('referentEmail', 'Référent (courriel)', 'Facultatif.', val.referentEmail ?? c.referentEmail ?? '', 'email')}
<div class="actions"><button type="submit">Enregistrer les réglages</button></div></div>`,
)}
<h2 id="personnes">Personnes et rôles</h2>
<table><thead><tr><th scope="col">Nom</th><th scope="col">Courriel</th><th scope="col">Rôles</th></tr></thead>
<tbody>${people.map((u) => {
      const roles = u.memberships.find((m) => m.collectiviteId === cid)?.roles ?? [];
      return html`<tr><td>${u.name}${u.disabledAt ? ' (désactivé)' : ''}</td><td>${u.email}</td><td>${roles.map((r) => ROLES[r]).join(', ')}</td></tr>`;
    })}</tbody></table>
<h3>Ajouter une personne</h3>
<p class="hint">Si la personne a déjà un compte Relais (même courriel), elle reçoit simplement ces rôles dans votre collectivité. Elle se connecte ensuite avec son certificat : ajoutez-le sur la page <a href="/collectivites/${cid}/certificats">Certificats</a>.</p>
${postForm(
  req,
  reply,
  deps,
  `${base}/personnes`,
  html`<div class="form-relais">
${field('name', 'Nom et prénom', 'Tel qu’il apparaîtra dans Relais.', val.name ?? '')}
${field('email', 'Courriel', 'Son adresse professionnelle.', val.email ?? '', 'email')}
<fieldset id="roles"${describedBy(p, 'roles', false)}><legend>Rôles</legend>${fieldErrors(p, 'roles')}
${(Object.keys(ROLES) as Role[]).map((r) => html`<label><input type="checkbox" name="roles" value="${r}"${(val.roles ?? '').split(',').includes(r) ? html` checked` : ''}> ${ROLES[r]} <span class="hint">— ${ROLE_HINTS[r]}</span></label>`)}
</fieldset>
<div class="actions"><button type="submit">Ajouter la personne</button></div></div>`,
)}`;
    return sendAppPage(req, reply, deps, {
      title: 'Administration',
      cid: c.id,
      current: 'administration',
      body,
      status: v.status,
    });
  }

  app.get('/collectivites/:cid/administration', { config: ADMIN }, (req, reply) => render(req, reply));

  app.post('/collectivites/:cid/administration/reglages', { config: ADMIN }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      returnEmail: text(b.returnEmail),
      referentName: text(b.referentName),
      referentPhone: text(b.referentPhone),
      referentEmail: text(b.referentEmail),
    };
    try {
      await updateContacts(deps.db, scopedCollectivite(req), values);
      return render(req, reply, { notice: 'Réglages enregistrés.' });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
      const map = Object.fromEntries(Object.keys(values).map((k) => [k, k]));
      return render(req, reply, { problems: asProblems(e.problems ?? [], map), values, status: 422 });
    }
  });

  app.post('/collectivites/:cid/administration/personnes', { config: ADMIN }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const roles = [b.roles ?? []].flat().filter((r): r is string => typeof r === 'string');
    const values = { name: text(b.name), email: text(b.email), roles: roles.join(',') };
    const c = await getCollectivite(deps.db, scopedCollectivite(req));
    if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
    const problems: Problem[] = [];
    if (roles.length === 0) problems.push({ anchor: 'roles', message: 'Cochez au moins un rôle.' });
    if (!problems.length)
      try {
        // The collectivité is this one, from the address checked by the policy; never from the form.
        const { user, created } = await addUser(
          { db: deps.db },
          { name: values.name, email: values.email, collectiviteSiren: c.siren, roles },
        );
        return render(req, reply, {
          notice: created
            ? `${user.name} est ajouté(e) avec ses rôles.`
            : `${user.name} avait déjà un compte : ses rôles dans votre collectivité sont mis à jour.`,
        });
      } catch (e) {
        if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
        problems.push(...asProblems(e.problems ?? [], { name: 'name', email: 'email', roles: 'roles' }));
      }
    return render(req, reply, { problems, values, status: 422 });
  });
}
