// Accessible form pieces shared by our pages: the error summary linked to fields, a field's own error
// and hint (tied by aria-describedby), and the page style they need (focus, contrast, not colour alone).
import { html, type SafeHtml } from '../../ui/html.ts';

export interface Problem {
  /** The id of the field the problem is about ('' for the form as a whole). */
  anchor: string;
  message: string;
}

export const FORM_STYLE = html`<style>
.form-relais{max-width:46rem}.form-relais fieldset{border:1px solid #8a8a8a;padding:.5rem 1rem 1rem;margin:1rem 0}
.form-relais legend{font-weight:700;padding:0 .3rem}.form-relais label{display:block;margin-top:.8rem;font-weight:600}
.form-relais input[type=text],.form-relais input[type=email],.form-relais input[type=date],.form-relais input[type=search],.form-relais select,.form-relais textarea{display:block;width:100%;max-width:40rem;box-sizing:border-box;padding:.4rem;border:2px solid #555;border-radius:3px;font:inherit;background:#fff;color:#1b1b1b}
.form-relais textarea{min-height:5rem}.hint{display:block;color:#3d3d3d;font-size:.92rem;margin:.15rem 0 .3rem;font-weight:400}
input:focus,select:focus,textarea:focus,summary:focus,[tabindex]:focus{outline:3px solid #f0a500;outline-offset:2px}
.field-error{color:#9b1c1c;font-weight:700;margin:.2rem 0}.field-error::before{content:"⚠ Erreur : "}
.has-error input,.has-error select,.has-error textarea{border-color:#9b1c1c;border-width:3px}
.summary{border:3px solid #9b1c1c;background:#fff5f5;padding:.5rem 1rem;margin:1rem 0}.summary h2{margin:.3rem 0;font-size:1.15rem}
.summary a{color:#7a1010;font-weight:600}
.success{border:3px solid #135e2a;background:#f0faf2;padding:.5rem 1rem;margin:1rem 0}.success::before{content:"✔ ";font-weight:700}
.actions{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.5rem 0}.actions button,.button{font:inherit;padding:.55rem 1rem;border-radius:4px;border:2px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.actions button.secondary{background:#fff;color:#0b4f8a}.search-row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:flex-end}.search-row input{flex:1;min-width:12rem}
.dropzone{border:2px dashed #555;border-radius:6px;padding:.6rem 1rem;margin:.4rem 0;background:#fff}.dropzone.over{border-color:#0b4f8a;background:#eaf2fb}
.kept{list-style:none;padding:0}.kept li{margin:.3rem 0}.counter{font-size:.92rem;color:#3d3d3d}.counter.over{color:#9b1c1c;font-weight:700}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:800px){header,main,footer{padding:1rem}.actions{flex-direction:column}}
</style>`;

/** Every problem at once, before the form, each a link to its field; focused when the page opens. */
export function errorSummary(problems: readonly Problem[]): SafeHtml | '' {
  if (problems.length === 0) return '';
  const title =
    problems.length === 1 ? 'Un point est à corriger' : `${problems.length} points sont à corriger`;
  return html`<div class="summary" role="alert" aria-labelledby="resume-erreurs" tabindex="-1" id="erreurs">
<h2 id="resume-erreurs">${title}</h2>
<ul>${problems.map((p) => html`<li>${p.anchor ? html`<a href="#${p.anchor}">${p.message}</a>` : p.message}</li>`)}</ul>
</div>`;
}

/** The problems about one field, shown beside it (the field's aria-describedby points here). */
export function fieldErrors(problems: readonly Problem[], anchor: string): SafeHtml | '' {
  const mine = problems.filter((p) => p.anchor === anchor);
  if (mine.length === 0) return '';
  return html`<div id="${anchor}-erreur">${mine.map((p) => html`<p class="field-error">${p.message}</p>`)}</div>`;
}

export function hasError(problems: readonly Problem[], anchor: string): boolean {
  return problems.some((p) => p.anchor === anchor);
}

/** aria-describedby for a field with a hint and maybe an error, and aria-invalid. */
export function describedBy(problems: readonly Problem[], anchor: string, hint = true): SafeHtml {
  const ids = [hint ? `${anchor}-aide` : '', hasError(problems, anchor) ? `${anchor}-erreur` : '']
    .filter(Boolean)
    .join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${hasError(problems, anchor) ? html` aria-invalid="true"` : ''}`;
}
