// Shared by every registration-authority page: the RA officers' links, and field problems of an error
// as the anchors the form kit shows.
import type { AppError, FieldProblem } from '../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import type { Problem } from '../nouvel-acte/form-kit.ts';

export const RA_LINKS: readonly [string, string][] = [
  ['/syndicat/certificats', 'Demandes à traiter'],
  ['/syndicat/certificats/commandes', 'Commandes'],
  ['/syndicat/certificats/registre', 'Registre des certificats'],
  ['/syndicat/certificats/bilan', 'Bilan'],
  ['/syndicat/certificats/elections', 'Élections'],
  ['/syndicat/certificats/autorites', 'Autorités et tarifs'],
];

export const RA_LINKS_STYLE = html`<style>
.ra-links{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0 1rem}
</style>`;

/** The RA officers' navigation, the current page marked. */
export function raNav(current: string | null): SafeHtml {
  return html`<nav aria-label="Autorité d’enregistrement"><ul class="ra-links">${RA_LINKS.map(
    ([href, label]) =>
      html`<li><a href="${href}"${href === current ? html` aria-current="page"` : ''}>${label}</a></li>`,
  )}</ul></nav>`;
}

/** Field problems as anchors of the page's fields (a problem without a field goes to the summary). */
export function asProblems(e: AppError, field = ''): Problem[] {
  const ps: readonly FieldProblem[] = e.problems.length ? e.problems : [{ field, message: e.message }];
  return ps.map((p) => ({ anchor: p.field, message: p.message }));
}
