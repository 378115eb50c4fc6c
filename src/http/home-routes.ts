// The home page: what Relais is and where to go next (the full pages come with the user interface).
import type { FastifyInstance } from 'fastify';
import { getOperator } from '../tenants/operator.ts';
import type { HttpDeps } from './server.ts';
import { html } from './ui/html.ts';
import { layout } from './ui/layout.ts';

export function registerHomeRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/', { config: { access: 'public' } }, async (req, reply) => {
    // A signed-in person goes straight to their tableau de bord.
    if (req.auth.principal?.user) return reply.redirect('/tableau-de-bord', 303);
    const operator = await getOperator(deps.db);
    const body = html`<h1>Bienvenue sur Relais</h1>
<p>${operator ? `Plateforme de ${operator.name}.` : 'Plateforme de télétransmission des actes.'}</p>
<p>Relais transmet les actes de vos collectivités au contrôle de légalité de la préfecture, et vous rapporte
leurs accusés de réception et les courriers de la préfecture.</p>
<ul>
<li><a href="/connexion">Se connecter</a> (certificat électronique)</li>
<li><a href="/certificat">Tester mon certificat</a></li>
<li><a href="/healthz">État du service</a></li>
<li><a href="/readyz">Disponibilité de la base de données</a></li>
</ul>`;
    return reply.type('text/html; charset=utf-8').send(layout({ title: 'Accueil', mode: deps.mode, body }));
  });
}
