// The « Nouvel acte » form: nature, classification (list + search that works without JavaScript),
// numéro, date, objet, documents, with a hint beside each field and every problem shown at once.
import {
  allowedTypologies,
  type Classification,
  type MatiereEntry,
} from '../../../actes/classification/index.ts';
import { ACT_NATURES, OBJET_MAX_LENGTH } from '../../../actes/protocol/index.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import { describedBy, errorSummary, FORM_STYLE, fieldErrors, hasError, type Problem } from './form-kit.ts';
import type { KeptDocument } from './kept-documents.ts';
import { NEW_ACT_SCRIPT } from './new-act-script.ts';

export interface NewActValues {
  nature: string;
  classification: string;
  numeroInterne: string;
  decisionDate: string;
  objet: string;
  typologie: string;
  typologieAnnexes: string;
  documentPapier: boolean;
}

export const EMPTY_VALUES: NewActValues = {
  nature: '',
  classification: '',
  numeroInterne: '',
  decisionDate: '',
  objet: '',
  typologie: '',
  typologieAnnexes: '',
  documentPapier: false,
};

export interface Kept {
  token: string;
  doc: KeptDocument;
}

export interface NewActView {
  cid: string;
  collectiviteName: string;
  csrf: string;
  canTransmit: boolean;
  values: NewActValues;
  problems: readonly Problem[];
  classification: Classification | null;
  /** The words searched without JavaScript, and what they found. */
  search: { q: string; results: readonly MatiereEntry[] } | null;
  kept: { main: Kept | null; annexes: readonly Kept[] };
  /** Files had been chosen but some must be chosen again. */
  filesToChooseAgain: boolean;
  maxBytes: number;
}

const size = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1).replace('.', ',')} Mo` : `${Math.max(1, Math.round(n / 1e3))} ko`;

function natures(c: Classification | null): { abbrev: string; label: string }[] {
  return c?.natures.length
    ? c.natures.map((n) => ({ abbrev: n.abbrev, label: n.libelle }))
    : ACT_NATURES.map((n) => ({ abbrev: n.abbrev, label: n.label }));
}

function matiereLabel(e: MatiereEntry): string {
  return `${e.code} — ${e.path.join(' › ')}`;
}

function classificationOptions(v: NewActView): SafeHtml {
  const c = v.classification;
  if (!c) return html``;
  const selected = v.values.classification;
  const opt = (e: MatiereEntry) =>
    html`<option value="${e.code}"${e.code === selected ? html` selected` : ''}>${matiereLabel(e)}</option>`;
  if (v.search) {
    const found = v.search.results.filter((e) => e.levels.length >= 2);
    const current = selected && !found.some((e) => e.code === selected) ? c.byCode.get(selected) : undefined;
    return html`<option value="">${found.length ? `${found.length} résultat(s) pour « ${v.search.q} » : choisissez` : `Aucun résultat pour « ${v.search.q} »`}</option>
${current ? opt(current) : ''}${found.map(opt)}`;
  }
  const below = (e: MatiereEntry): MatiereEntry[] => e.children.flatMap((ch) => [ch, ...below(ch)]);
  return html`<option value="">Choisissez une matière</option>
${c.matieres.map((top) => html`<optgroup label="${`${top.code} — ${top.libelle}`}">${below(top).map(opt)}</optgroup>`)}`;
}

function typologyOptions(
  c: Classification | null,
  nature: string,
  selected: string,
  suggested: string,
): SafeHtml {
  const first = html`<option value="">${suggested}</option>`;
  if (!c?.hasTypology) return first;
  const opt = (t: { codeTypePJ: string; libelle: string }) =>
    html`<option value="${t.codeTypePJ}"${t.codeTypePJ === selected ? html` selected` : ''}>${t.codeTypePJ} — ${t.libelle}</option>`;
  if (nature) return html`${first}${allowedTypologies(c, nature).map(opt)}`;
  return html`${first}${c.natures.map((n) => html`<optgroup label="${n.libelle}">${n.typologies.map(opt)}</optgroup>`)}`;
}

/** nature → allowed document types, for the script that narrows the lists when the nature changes. */
function typologyMap(c: Classification | null): string {
  if (!c?.hasTypology) return '{}';
  return JSON.stringify(
    Object.fromEntries(c.natures.map((n) => [n.abbrev, n.typologies.map((t) => [t.codeTypePJ, t.libelle])])),
  );
}

export function renderNewActForm(v: NewActView): SafeHtml {
  const p = v.problems;
  const val = v.values;
  const base = `/collectivites/${v.cid}/actes/nouveau`;
  const box = (anchor: string) => (hasError(p, anchor) ? 'has-error' : '');
  const objetLength = [...val.objet].length;
  const mainKept = v.kept.main;
  const noClassification = !v.classification;
  return html`${FORM_STYLE}
<h1>Nouvel acte — ${v.collectiviteName}</h1>
<p>Remplissez les rubriques puis enregistrez le brouillon ou envoyez l’acte. Chaque rubrique dit ce qui est attendu ; en cas d’oubli, Relais vous montre tout ce qui reste à corriger, sans rien perdre de ce que vous avez tapé. <a href="/aide#preparer-et-envoyer-un-acte">Aide : préparer et envoyer un acte</a>.</p>
${errorSummary(p)}
${
  noClassification
    ? html`<p class="note" role="note">La classification des actes de votre préfecture n’a pas encore été reçue : vous pouvez enregistrer un brouillon, l’envoi sera possible dès sa réception (Relais l’a demandée).</p>`
    : ''
}
${
  v.filesToChooseAgain
    ? html`<p class="note" role="note"><strong>Fichiers :</strong> ceux qui sont bien arrivés sont gardés et listés ci-dessous, inutile de les choisir à nouveau. Choisissez à nouveau seulement ceux qui sont signalés en erreur (ou absents de la liste).</p>`
    : ''
}
<form class="form-relais" id="form-acte" method="post" enctype="multipart/form-data" action="${base}?_csrf=${v.csrf}" novalidate data-recherche="${base}/classification" data-typologies="${typologyMap(v.classification)}" data-max="${String(v.maxBytes)}">
<fieldset><legend>L’acte</legend>
<div class="${box('nature')}">
<label for="nature">Nature de l’acte</label>
<span class="hint" id="nature-aide">Délibération du conseil, arrêté du maire, contrat… Elle détermine les types de documents proposés plus bas.</span>
${fieldErrors(p, 'nature')}
<select id="nature" name="nature"${describedBy(p, 'nature')}>
<option value="">Choisissez la nature</option>
${natures(v.classification).map((n) => html`<option value="${n.abbrev}"${n.abbrev === val.nature ? html` selected` : ''}>${n.label}</option>`)}
</select></div>

<div class="${box('classification')}">
<label for="classification">Classification (matière)</label>
<span class="hint" id="classification-aide">Le sujet de l’acte selon la classification de votre préfecture, par exemple « 7.1 Décisions budgétaires ». Cherchez par code (7.1) ou par mots (budget, marché…), puis choisissez dans la liste.</span>
${fieldErrors(p, 'classification')}
<div class="search-row"><span style="flex:1"><label for="recherche-matiere" class="hint">Rechercher une matière (code ou mots)</label>
<input type="search" id="recherche-matiere" name="q" value="${v.search?.q ?? ''}" autocomplete="off"></span>
<button type="submit" formmethod="get" formaction="${base}#classification" formnovalidate class="secondary" id="bouton-recherche">Rechercher</button></div>
<select id="classification" name="classification"${describedBy(p, 'classification')}${noClassification ? html` disabled` : ''}>
${classificationOptions(v)}
</select>
${v.search ? html`<p class="hint"><a href="${base}">Revoir toute la liste</a></p>` : ''}
<p class="sr-only" id="recherche-statut" role="status" aria-live="polite"></p>
</div>

<div class="${box('numeroInterne')}">
<label for="numeroInterne">Numéro de l’acte</label>
<span class="hint" id="numeroInterne-aide">De 1 à 15 caractères : lettres majuscules A à Z, chiffres 0 à 9 et tiret bas _ (pas au début ni à la fin), sans espace ni accent. Exemple : 2026_014. Ce numéro reste celui de l’acte pour toujours : il ne pourra jamais servir à un autre acte de la collectivité.</span>
${fieldErrors(p, 'numeroInterne')}
<input type="text" id="numeroInterne" name="numeroInterne" value="${val.numeroInterne}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="30"${describedBy(p, 'numeroInterne')}>
</div>

<div class="${box('decisionDate')}">
<label for="decisionDate">Date de la décision</label>
<span class="hint" id="decisionDate-aide">Le jour de la séance du conseil ou de la signature de l’arrêté (jour/mois/année). Elle ne peut pas être dans le futur.</span>
${fieldErrors(p, 'decisionDate')}
<input type="date" id="decisionDate" name="decisionDate" value="${val.decisionDate}"${describedBy(p, 'decisionDate')}>
</div>

<div class="${box('objet')}">
<label for="objet">Objet</label>
<span class="hint" id="objet-aide">L’intitulé de l’acte, sur une ligne, ${OBJET_MAX_LENGTH} caractères au plus. Exemple : Vote du budget primitif 2026.</span>
${fieldErrors(p, 'objet')}
<textarea id="objet" name="objet" rows="3"${describedBy(p, 'objet')}>${val.objet}</textarea>
<p class="counter" id="objet-compteur" aria-live="polite" hidden>${objetLength} / ${OBJET_MAX_LENGTH} caractères</p>
</div>
</fieldset>

<fieldset><legend>Les documents</legend>
<p class="hint">L’acte signé en PDF, puis ses annexes éventuelles (PDF, XML, JPG ou PNG). Ensemble, ${Math.round(v.maxBytes / 1e6)} Mo au plus. Vous pouvez aussi faire glisser les fichiers sur les zones prévues.</p>
<div class="${box('mainDocument')}">
<label for="mainDocument">L’acte (fichier PDF)</label>
<span class="hint" id="mainDocument-aide">Le document signé, en PDF.</span>
${fieldErrors(p, 'mainDocument')}
${
  mainKept
    ? html`<p class="success" id="document-garde">Fichier reçu et gardé : <strong>${mainKept.doc.name}</strong> (${size(mainKept.doc.size)}). Pour le remplacer, choisissez un autre fichier.</p>
<input type="hidden" name="garde_document" value="${mainKept.token}">`
    : ''
}
<div class="dropzone"><input type="file" id="mainDocument" name="mainDocument" accept=".pdf,application/pdf"${describedBy(p, 'mainDocument')}></div>
</div>
<div class="${box('typologie')}">
<label for="typologie">Type de l’acte</label>
<span class="hint" id="typologie-aide">Proposé d’après la nature ; ne le changez que si votre préfecture demande un autre type.</span>
${fieldErrors(p, 'typologie')}
<select id="typologie" name="typologie" data-conseil="Selon la nature (conseillé)"${describedBy(p, 'typologie')}>
${typologyOptions(v.classification, val.nature, val.typologie, 'Selon la nature (conseillé)')}
</select></div>

<div class="${box('annexes')}">
<label for="annexes">Annexes (facultatives)</label>
<span class="hint" id="annexes-aide">Plans, tableaux, pièces jointes… Plusieurs fichiers peuvent être choisis ensemble.</span>
${fieldErrors(p, 'annexes')}
${
  v.kept.annexes.length
    ? html`<ul class="kept">${v.kept.annexes.map(
        (k, i) =>
          html`<li><label><input type="checkbox" name="garde_annexe_${String(i)}" value="${k.token}" checked> Garder l’annexe reçue <strong>${k.doc.name}</strong> (${size(k.doc.size)})</label></li>`,
      )}</ul>`
    : ''
}
<div class="dropzone"><input type="file" id="annexes" name="annexes" multiple accept=".pdf,.xml,.jpg,.jpeg,.png"${describedBy(p, 'annexes')}></div>
</div>
<div class="${box('typologieAnnexes')}">
<label for="typologieAnnexes">Type des annexes</label>
<span class="hint" id="typologieAnnexes-aide">Le même pour toutes les annexes ; « Autre document » convient le plus souvent.</span>
${fieldErrors(p, 'typologieAnnexes')}
<select id="typologieAnnexes" name="typologieAnnexes" data-conseil="Selon la nature (conseillé)"${describedBy(p, 'typologieAnnexes')}>
${typologyOptions(v.classification, val.nature, val.typologieAnnexes, 'Selon la nature (conseillé)')}
</select></div>
<label><input type="checkbox" name="documentPapier" value="true"${val.documentPapier ? html` checked` : ''}> Certaines pièces, trop lourdes, sont envoyées à la préfecture sur papier</label>
</fieldset>

<div id="progression" hidden><label for="barre-envoi">Envoi des fichiers</label>
<progress id="barre-envoi" max="100" value="0"></progress> <span id="progression-texte" role="status" aria-live="polite"></span></div>
<div class="actions">
<button type="submit" name="action" value="envoyer">${v.canTransmit ? 'Envoyer à la préfecture' : 'Demander l’envoi à un télétransmetteur'}</button>
<button type="submit" name="action" value="brouillon" class="secondary">Enregistrer le brouillon</button>
</div>
<p class="hint">${
    v.canTransmit
      ? 'Avant l’envoi, Relais vérifie tout : rien ne part tant qu’un point reste à corriger.'
      : 'Vous préparez l’acte ; un agent télétransmetteur de la collectivité confirmera l’envoi. Il est prévenu par courriel.'
  }</p>
</form>
<script>${NEW_ACT_SCRIPT}</script>`;
}
