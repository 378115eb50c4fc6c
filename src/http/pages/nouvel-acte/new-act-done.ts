// What a person reads once the act is saved: a draft, queued for the préfecture, awaiting a
// transmitter's confirmation, or saved but not sent (with the reasons).
import { ACT_STATES, type Act } from '../../../actes/transmission/index.ts';
import type { FieldProblem } from '../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import { FORM_STYLE } from './form-kit.ts';

export type Outcome = 'draft' | 'queued' | 'asked' | 'not-sent';

const HEADINGS: Record<Outcome, string> = {
  draft: 'Brouillon enregistré',
  queued: 'Acte envoyé à la préfecture',
  asked: 'Envoi demandé à un télétransmetteur',
  'not-sent': 'Brouillon enregistré, mais pas encore envoyé',
};

const EXPLAIN: Record<Outcome, string> = {
  draft: 'L’acte est gardé en brouillon : vous pouvez le compléter et l’envoyer plus tard.',
  queued:
    'Relais a tout vérifié et prépare l’envoi. L’accusé de réception de la préfecture arrivera en général dans l’heure ; vous le verrez sur la page de l’acte.',
  asked:
    'Un agent télétransmetteur de la collectivité doit confirmer l’envoi ; il le verra dans la liste des actes.',
  'not-sent': 'L’acte est gardé en brouillon. Voici ce qui empêche l’envoi :',
};

export function renderNewActDone(o: {
  cid: string;
  act: Act;
  outcome: Outcome;
  problems: readonly FieldProblem[];
}): SafeHtml {
  const a = o.act;
  return html`${FORM_STYLE}
<div class="${o.outcome === 'not-sent' ? 'note' : 'success'}" role="status" tabindex="-1" id="resultat">
<h1>${HEADINGS[o.outcome]}</h1>
<p>${EXPLAIN[o.outcome]}</p>
${o.problems.length ? html`<ul>${o.problems.map((p) => html`<li>${p.message}</li>`)}</ul>` : ''}
</div>
<dl>
<dt>Numéro</dt><dd>${a.numeroInterne}</dd>
<dt>Objet</dt><dd>${a.objet}</dd>
<dt>État</dt><dd>${ACT_STATES[a.state]}</dd>
<dt>Documents</dt><dd>${a.documents.length}</dd>
</dl>
<p><a class="button" href="/collectivites/${o.cid}/actes/${a.id}">Voir l’acte</a>
<a href="/collectivites/${o.cid}/actes/nouveau">Préparer un autre acte</a></p>`;
}
