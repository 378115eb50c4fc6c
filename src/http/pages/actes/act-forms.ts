// The small one-button forms about an act (send, confirm, take back after a refusal), each posting with
// the visitor's CSRF token; shared by the dashboard, the list and the act's page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Act } from '../../../actes/transmission/index.ts';
import { postForm } from '../../../auth/http/pages.ts';
import { html, type SafeHtml } from '../../ui/html.ts';
import type { PagesDeps } from '../page-deps.ts';

export function actForms(req: FastifyRequest, reply: FastifyReply, deps: PagesDeps) {
  const url = (a: Act, action: string) => `/collectivites/${a.collectiviteId}/actes/${a.id}/${action}`;
  const one = (a: Act, action: string, label: SafeHtml, cls = '') =>
    postForm(
      req,
      reply,
      deps,
      url(a, action),
      html`<button type="submit" class="${cls}">${label}</button>`,
      'inline',
    );
  return {
    submit: (a: Act) =>
      one(a, 'envoi', html`Envoyer à la préfecture<span class="sr-only"> : ${a.objet}</span>`),
    confirm: (a: Act) =>
      one(a, 'confirmation', html`Confirmer l’envoi<span class="sr-only"> : ${a.objet}</span>`),
    reopen: (a: Act) =>
      one(a, 'reprise', html`Reprendre pour corriger<span class="sr-only"> : ${a.objet}</span>`, 'secondary'),
  };
}
