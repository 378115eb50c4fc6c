// Liveness (/healthz: the process answers) and readiness (/readyz: the database and stores answer).
import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './server.ts';

export function registerHealthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (req, reply) => {
    const problems: string[] = [];
    try {
      await deps.db.query('select 1');
    } catch (e) {
      req.log.warn({ err: e }, 'database not ready');
      problems.push('La base de données ne répond pas.');
    }
    for (const check of deps.readinessChecks ?? []) {
      const p = await check().catch((e: Error) => `Vérification impossible : ${e.message}`);
      if (p) problems.push(p);
    }
    if (problems.length) return reply.status(503).send({ status: 'indisponible', problems });
    return { status: 'prêt' };
  });
}
