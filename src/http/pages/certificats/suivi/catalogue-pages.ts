// The CA catalogue (RA officers): the CAs the syndicat works with, how orders reach each (connector),
// the documents each requires in a file, and their products at the negotiated price. And the RA
// officers themselves, designated or removed by an operator admin (journaled).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { principalOf } from '../../../../auth/http/install-auth.ts';
import { frDateTime, postForm } from '../../../../auth/http/pages.ts';
import { recordSecurityEvent } from '../../../../auth/journal/security-journal.ts';
import {
  type Authority,
  formatEuros,
  listAuthorities,
  listProducts,
  saveAuthority,
  saveProduct,
} from '../../../../certification/catalogue.ts';
import {
  CHECKLIST_KINDS,
  DOCUMENT_KINDS,
  type DocumentKind,
  PURPOSES,
  type Purpose,
} from '../../../../certification/workflow.ts';
import { isAppError, validationError } from '../../../../kernel/errors.ts';
import { findUserByEmail, setRaOfficer } from '../../../../tenants/user-store.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { errorSummary, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { asProblems, type FormReq, fieldOf, fieldsOf, OPERATOR, RA, sendRaPage } from './suivi-frame.ts';

const URL = '/syndicat/certificats/autorites';
const OFFICERS = '/syndicat/certificats/officiers';
const CONNECTORS = {
  manual: 'Manuelle : commande exportée, certificat importé, révocation confirmée à la main',
  demo: 'Démonstration : l’autorité de démonstration émet et révoque aussitôt (mode démonstration)',
} as const;

/** A price typed in euros (« 149 », « 149,50 », « 1 490,00 € ») in cents, or null. */
export function parseEuros(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

const checked = (on: boolean) => (on ? html` checked` : '');

function authorityFields(a: Authority | null, key: string): SafeHtml {
  return html`<input type="hidden" name="objet" value="autorite">
${a ? html`<input type="hidden" name="code" value="${a.code}">` : html`<input type="hidden" name="nouveau" value="1"><label for="code-${key}">Code (lettres minuscules, chiffres, tirets)</label><input id="code-${key}" name="code" required pattern="[a-z0-9-]{2,40}">`}
<label for="name-${key}">Nom</label><input id="name-${key}" name="nom" required maxlength="200" value="${a?.name ?? ''}">
<fieldset><legend>Transmission des commandes</legend>${Object.entries(CONNECTORS).map(
    ([k, v]) =>
      html`<label><input type="radio" name="connecteur" value="${k}"${checked((a?.connector ?? 'manual') === k)}> ${v}</label>`,
  )}</fieldset>
<fieldset><legend>Pièces exigées dans le dossier</legend>${CHECKLIST_KINDS.map(
    (k) =>
      html`<label><input type="checkbox" name="pieces" value="${k}"${checked(!!a?.requiredDocuments.includes(k))}> ${DOCUMENT_KINDS[k]}</label>`,
  )}</fieldset>
<label><input type="checkbox" name="active" value="1"${checked(a?.active ?? true)}> Autorité proposée aux collectivités</label>`;
}

export function registerCataloguePages(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const cert = deps.certification;

  async function render(
    req: FormReq,
    reply: FastifyReply,
    v: { notice?: string; problems?: Problem[]; status?: number } = {},
  ) {
    const [authorities, products, officers] = await Promise.all([
      listAuthorities(cert.db),
      listProducts(cert.db),
      cert.db.query<{ name: string; email: string }>(
        'select name, email from users where is_ra_officer and disabled_at is null order by name',
      ),
    ]);
    const form = (inner: SafeHtml) => postForm(req, reply, deps, URL, inner);
    const productForm = (p: (typeof products)[number] | null, key: string) =>
      form(html`<input type="hidden" name="objet" value="produit">
${
  p
    ? html`<input type="hidden" name="autorite" value="${p.authorityCode}"><input type="hidden" name="code" value="${p.code}">`
    : html`<input type="hidden" name="nouveau" value="1"><label for="pa-${key}">Autorité</label><select id="pa-${key}" name="autorite">${authorities.map((a) => html`<option value="${a.code}">${a.name}</option>`)}</select>
<label for="pc-${key}">Code du produit</label><input id="pc-${key}" name="code" required pattern="[a-z0-9-]{2,40}">`
}
<label for="pl-${key}">Libellé</label><input id="pl-${key}" name="libelle" required maxlength="200" value="${p?.label ?? ''}">
<fieldset><legend>Usages</legend>${(Object.keys(PURPOSES) as Purpose[]).map(
        (k) =>
          html`<label><input type="checkbox" name="usages" value="${k}"${checked(!!p?.purposes.includes(k))}> ${PURPOSES[k]}</label>`,
      )}</fieldset>
<label for="pp-${key}">Prix négocié, hors taxes (€)</label><input id="pp-${key}" name="prix" required inputmode="decimal" value="${p ? (p.priceCents / 100).toFixed(2).replace('.', ',') : ''}">
<label for="pv-${key}">Durée de validité (mois)</label><input id="pv-${key}" name="validite" type="number" min="1" max="60" required value="${p?.validityMonths ?? 36}">
<label><input type="checkbox" name="active" value="1"${checked(p?.active ?? true)}> Produit proposé</label>
<p><button type="submit">${p ? 'Enregistrer le produit' : 'Ajouter le produit'}</button></p>`);
    const body = html`<h1>Autorités de certification et tarifs</h1>
${v.notice ? html`<p class="success" role="status">${v.notice}</p>` : ''}${errorSummary(v.problems ?? [])}
<h2>Autorités</h2>
${authorities.map(
  (
    a,
    i,
  ) => html`<details><summary><strong>${a.name}</strong> (${a.code}) — ${a.connector === 'demo' ? 'démonstration' : 'manuelle'}${a.active ? '' : ', retirée'} — pièces : ${a.requiredDocuments.map((k) => DOCUMENT_KINDS[k]).join(' ; ') || 'aucune'}</summary>
${form(html`${authorityFields(a, `a${i}`)}<p><button type="submit">Enregistrer l’autorité</button></p>`)}</details>`,
)}
<details><summary>Ajouter une autorité</summary>${form(html`${authorityFields(null, 'new')}<p><button type="submit">Ajouter l’autorité</button></p>`)}</details>
<h2>Produits et prix négociés</h2>
<table><caption class="sr-only">Produits des autorités</caption><thead><tr><th scope="col">Produit</th><th scope="col">Autorité</th><th scope="col">Usages</th><th scope="col">Prix HT</th><th scope="col">Validité</th></tr></thead>
<tbody>${products.map(
      (p) =>
        html`<tr><th scope="row">${p.label}${p.active ? '' : html` <small>(retiré)</small>`}</th><td>${p.authorityName}</td><td>${p.purposes.map((k) => PURPOSES[k]).join(', ')}</td><td>${formatEuros(p.priceCents)}</td><td>${p.validityMonths} mois</td></tr>`,
    )}</tbody></table>
${products.map((p, i) => html`<details><summary>Modifier « ${p.label} » (${p.authorityName})</summary>${productForm(p, `p${i}`)}</details>`)}
${authorities.length ? html`<details><summary>Ajouter un produit</summary>${productForm(null, 'new')}</details>` : ''}
<h2>Officiers d’enregistrement</h2>
<ul>${officers.rows.map((o) => html`<li>${o.name} (${o.email})</li>`)}</ul>
<p>Un administrateur du syndicat les désigne : <a href="${OFFICERS}">gérer les officiers d’enregistrement</a>.</p>`;
    return sendRaPage(req, reply, deps, {
      title: 'Autorités et tarifs',
      current: URL,
      body,
      status: v.status,
    });
  }

  app.get(URL, { config: RA }, (req: FormReq, reply) => render(req, reply));

  app.post(URL, { config: RA }, async (req: FormReq, reply) => {
    try {
      if (fieldOf(req, 'objet') === 'produit') {
        const price = parseEuros(fieldOf(req, 'prix'));
        if (price === null)
          throw validationError([
            { field: 'price', message: 'Le prix : un montant en euros, par exemple 149,00.' },
          ]);
        const authorityCode = fieldOf(req, 'autorite');
        if (!(await listAuthorities(cert.db)).some((a) => a.code === authorityCode))
          throw validationError([{ field: 'autorite', message: 'Choisissez une autorité de la liste.' }]);
        const code = fieldOf(req, 'code');
        if (
          fieldOf(req, 'nouveau') === '1' &&
          (await listProducts(cert.db)).some((p) => p.authorityCode === authorityCode && p.code === code)
        )
          throw validationError([
            { field: 'code', message: `Cette autorité a déjà un produit « ${code} » : modifiez-le plutôt.` },
          ]);
        await saveProduct(cert.db, {
          authorityCode,
          code,
          label: fieldOf(req, 'libelle'),
          purposes: fieldsOf(req, 'usages').filter((p): p is Purpose => Object.hasOwn(PURPOSES, p)),
          priceCents: price,
          validityMonths: Number.parseInt(fieldOf(req, 'validite'), 10),
          active: fieldOf(req, 'active') === '1',
        });
        return render(req, reply, {
          notice: `Le produit « ${fieldOf(req, 'libelle').trim()} » est enregistré.`,
        });
      }
      const connector = fieldOf(req, 'connecteur');
      const code = fieldOf(req, 'code');
      if (fieldOf(req, 'nouveau') === '1' && (await listAuthorities(cert.db)).some((a) => a.code === code))
        throw validationError([
          { field: 'code', message: `Une autorité a déjà le code « ${code} » : modifiez-la plutôt.` },
        ]);
      await saveAuthority(cert.db, {
        code,
        name: fieldOf(req, 'nom'),
        connector: connector === 'demo' ? 'demo' : 'manual',
        requiredDocuments: fieldsOf(req, 'pieces').filter((k): k is DocumentKind =>
          (CHECKLIST_KINDS as readonly string[]).includes(k),
        ),
        active: fieldOf(req, 'active') === '1',
      });
      return render(req, reply, { notice: `L’autorité « ${fieldOf(req, 'nom').trim()} » est enregistrée.` });
    } catch (e) {
      if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') throw e;
      return render(req, reply, { problems: asProblems(e), status: 422 });
    }
  });

  async function renderOfficers(
    req: FormReq,
    reply: FastifyReply,
    v: { notice?: string; problems?: Problem[]; status?: number } = {},
  ) {
    const officers = await cert.db.query<{ name: string; email: string; updated_at: Date }>(
      'select name, email, updated_at from users where is_ra_officer order by name',
    );
    const body = html`<h1>Officiers d’enregistrement</h1>
${v.notice ? html`<p class="success" role="status">${v.notice}</p>` : ''}${errorSummary(v.problems ?? [])}
<p>Les officiers d’enregistrement vérifient les dossiers de demande de certificat, rencontrent les titulaires, remettent les supports et suivent les révocations. Ils voient les pièces justificatives (données personnelles) : ne désignez que les agents du syndicat chargés de cette mission. Chaque changement est inscrit au journal de sécurité.</p>
<table><caption class="sr-only">Officiers d’enregistrement</caption><thead><tr><th scope="col">Personne</th><th scope="col">Adresse</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${
      officers.rows.length
        ? officers.rows.map(
            (o) =>
              html`<tr><th scope="row">${o.name}</th><td>${o.email}</td><td>${postForm(
                req,
                reply,
                deps,
                OFFICERS,
                html`<input type="hidden" name="email" value="${o.email}"><input type="hidden" name="action" value="retirer"><button type="submit">Retirer<span class="sr-only"> ${o.name}</span></button>`,
                'inline',
              )}</td></tr>`,
          )
        : html`<tr><td colspan="3">Aucun officier d’enregistrement.</td></tr>`
    }</tbody></table>
<h2>Désigner un officier</h2>
${postForm(
  req,
  reply,
  deps,
  OFFICERS,
  html`<input type="hidden" name="action" value="designer"><label for="email">Adresse électronique de la personne (elle doit avoir un compte Relais)</label>
<input id="email" name="email" type="email" required><p><button type="submit">Désigner</button></p>`,
)}
<p><small>Mise à jour : ${frDateTime(cert.clock.now())}.</small></p>`;
    return sendRaPage(req, reply, deps, {
      title: 'Officiers d’enregistrement',
      current: null,
      body,
      status: v.status,
    });
  }

  app.get(OFFICERS, { config: OPERATOR }, (req: FormReq, reply) => renderOfficers(req, reply));

  app.post(OFFICERS, { config: OPERATOR }, async (req: FormReq, reply) => {
    const email = fieldOf(req, 'email').trim();
    const add = fieldOf(req, 'action') !== 'retirer';
    const user = email ? await findUserByEmail(cert.db, email) : null;
    if (!user)
      return renderOfficers(req, reply, {
        problems: [
          {
            anchor: 'email',
            message: `Aucun compte Relais n’a l’adresse « ${email} ». Créez d’abord la personne.`,
          },
        ],
        status: 422,
      });
    const actor = principalOf(req).user!;
    await cert.db.transaction(async (tx) => {
      await setRaOfficer(tx, user.id, add);
      await recordSecurityEvent(tx, {
        kind: 'ra.officer-changed',
        at: cert.clock.now(),
        userId: user.id,
        ip: req.auth.ip,
        requestId: req.id,
        reason: `${user.name} ${add ? 'désigné(e)' : 'retiré(e)'} comme officier d’enregistrement par ${actor.name}.`,
        details: { isRaOfficer: add, actorId: actor.id },
      });
    });
    return renderOfficers(req, reply, {
      notice: add
        ? `${user.name} est désormais officier d’enregistrement.`
        : `${user.name} n’est plus officier d’enregistrement.`,
    });
  });
}
