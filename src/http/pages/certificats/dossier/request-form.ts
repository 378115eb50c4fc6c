// The request form's fields (new request, renewal, correction): holder, legal representative, purposes,
// product. Plain HTML: labels, hints, each problem beside its field and in the summary above.
import { formatEuros, type Product } from '../../../../certification/catalogue.ts';
import type { RequestForm } from '../../../../certification/requests/index.ts';
import { PURPOSES, type Purpose } from '../../../../certification/workflow.ts';
import { ROLES, type Role } from '../../../../tenants/user.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { describedBy, fieldErrors, type Problem } from '../../nouvel-acte/form-kit.ts';

const ROLE_HINTS: Record<Role, string> = {
  admin: 'gère les personnes, les certificats et les jetons',
  preparer: 'prépare les actes',
  transmitter: 'prépare et envoie les actes à la préfecture',
  reader: 'consulte les actes',
  archivist: 'consulte les actes et les archives',
};

/** The form as the browser sent it (urlencoded; lists may come as one value or several). */
export function formFromBody(body: unknown): RequestForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const one = (k: string) => {
    const v = b[k];
    return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
  };
  const many = (k: string) =>
    [b[k] ?? []].flat().filter((x): x is string => typeof x === 'string' && x !== '');
  return {
    holderName: one('holderName'),
    holderFunction: one('holderFunction'),
    holderEmail: one('holderEmail'),
    holderPhone: one('holderPhone'),
    holderIsElected: one('holderIsElected') === 'oui',
    holderRoles: many('holderRoles'),
    holderUserId: one('holderUserId'),
    legalRepName: one('legalRepName'),
    legalRepFunction: one('legalRepFunction'),
    purposes: many('purposes'),
    productId: one('productId'),
  };
}

export function requestFields(v: {
  form: RequestForm;
  problems: readonly Problem[];
  products: readonly Product[];
  people: readonly { id: string; name: string; email: string }[];
}): SafeHtml {
  const p = v.problems;
  const f = v.form;
  const text = (id: keyof RequestForm, label: string, hint: string, type = 'text', autocomplete = '') =>
    html`<label for="${id}">${label}</label><span class="hint" id="${id}-aide">${hint}</span>${fieldErrors(p, id)}
<input type="${type}" id="${id}" name="${id}" value="${String(f[id])}"${autocomplete ? html` autocomplete="${autocomplete}"` : ''}${describedBy(p, id)}>`;
  return html`<fieldset><legend>Le titulaire du certificat</legend>
<label for="holderUserId">Personne de la collectivité</label>
<span class="hint" id="holderUserId-aide">Si le titulaire a déjà un compte Relais dans votre collectivité, choisissez-le : le certificat y sera rattaché. Sinon, laissez « Pas encore de compte » : le rattachement se fera par son courriel.</span>
${fieldErrors(p, 'holderUserId')}
<select id="holderUserId" name="holderUserId"${describedBy(p, 'holderUserId')}>
<option value="">Pas encore de compte (rattaché plus tard par son courriel)</option>
${v.people.map((x) => html`<option value="${x.id}"${x.id === f.holderUserId ? html` selected` : ''}>${x.name} (${x.email})</option>`)}
</select>
${text('holderName', 'Nom et prénom', 'Tels qu’ils figurent sur sa pièce d’identité.', 'text', 'name')}
${text('holderFunction', 'Fonction', 'Par exemple : secrétaire de mairie, maire, adjoint aux finances.')}
${text('holderEmail', 'Courriel', 'Son adresse professionnelle : l’autorité de certification l’écrit dans le certificat.', 'email', 'email')}
${text('holderPhone', 'Téléphone', 'Facultatif. Pour convenir du rendez-vous de remise.', 'tel', 'tel')}
<label><input type="checkbox" name="holderIsElected" value="oui"${f.holderIsElected ? html` checked` : ''}> C’est un élu (maire, adjoint, président) <span class="hint">— son certificat devra être révoqué à la fin de son mandat.</span></label>
<fieldset id="holderRoles"${describedBy(p, 'holderRoles', false)}><legend>Rôles à lui donner dans Relais</legend>${fieldErrors(p, 'holderRoles')}
<span class="hint">Utilisés si son compte est créé au rattachement du certificat.</span>
${(Object.keys(ROLES) as Role[]).map((r) => html`<label><input type="checkbox" name="holderRoles" value="${r}"${f.holderRoles.includes(r) ? html` checked` : ''}> ${ROLES[r]} <span class="hint">— ${ROLE_HINTS[r]}</span></label>`)}
</fieldset>
</fieldset>
<fieldset><legend>Le représentant légal de la collectivité</legend>
<span class="hint">La personne qui autorise la demande : le maire, ou le président pour un établissement public.</span>
${text('legalRepName', 'Nom et prénom', 'Par exemple : Jean Dupuy.')}
${text('legalRepFunction', 'Fonction', 'Par exemple : Maire, Président.')}
</fieldset>
<fieldset id="purposes"${describedBy(p, 'purposes', false)}><legend>À quoi servira le certificat</legend>${fieldErrors(p, 'purposes')}
${(Object.keys(PURPOSES) as Purpose[]).map((x) => html`<label><input type="checkbox" name="purposes" value="${x}"${f.purposes.includes(x) ? html` checked` : ''}> ${PURPOSES[x]}</label>`)}
</fieldset>
<fieldset id="productId"${describedBy(p, 'productId', false)}><legend>Le certificat à commander</legend>${fieldErrors(p, 'productId')}
${
  v.products.length
    ? v.products.map(
        (x) =>
          html`<label><input type="radio" name="productId" value="${x.id}"${x.id === f.productId ? html` checked` : ''}> ${x.label} — ${x.authorityName} <span class="hint">${formatEuros(x.priceCents)} HT, valable ${x.validityMonths} mois ; usages : ${x.purposes.map((u) => PURPOSES[u].toLowerCase()).join(', ')}</span></label>`,
      )
    : html`<p class="note">Le syndicat n’a encore proposé aucun certificat : écrivez-lui.</p>`
}
</fieldset>`;
}
