// « Aide »: the user guide in the app (docs/guide-utilisateur.md), for everyone, signed in or not.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type PageDeps, sendPage } from '../../../auth/http/pages.ts';
import { html } from '../../ui/html.ts';
import { FORM_STYLE } from '../nouvel-acte/form-kit.ts';
import { renderGuide } from './render-guide.ts';

const GUIDE = new URL('../../../../docs/guide-utilisateur.md', import.meta.url);

export function registerHelpPages(app: FastifyInstance, deps: PageDeps): void {
  // Read once: the guide ships with the code.
  const guide = renderGuide(readFileSync(GUIDE, 'utf8'));
  app.get('/aide', { config: { access: 'public' } }, (req, reply) =>
    sendPage(req, reply, deps, {
      title: 'Aide',
      body: html`${FORM_STYLE}<h1>${guide.title}</h1>
<nav aria-label="Sommaire de l’aide"><ul>${guide.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ul></nav>
<p><a class="button" href="/certificat">Tester mon certificat</a></p>
${guide.body}`,
    }),
  );
}
