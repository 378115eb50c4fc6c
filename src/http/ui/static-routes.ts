// The platform's own style sheet and script, served from src/http/ui/static (a fixed list: no path
// from the address ever reaches the file system).
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const FILES: Record<string, string> = {
  'relais.css': 'text/css; charset=utf-8',
  'relais.js': 'text/javascript; charset=utf-8',
};

export function registerStaticRoutes(app: FastifyInstance): void {
  const contents = new Map(
    Object.keys(FILES).map((name) => [name, readFileSync(new URL(`./static/${name}`, import.meta.url))]),
  );
  app.get<{ Params: { file: string } }>(
    '/static/:file',
    { config: { access: 'public' } },
    async (req, reply) => {
      const body = contents.get(req.params.file);
      if (!body)
        return reply
          .status(404)
          .send({ code: 'NOT_FOUND', message: 'Ce fichier n’existe pas.', problems: [] });
      return reply.type(FILES[req.params.file]!).header('cache-control', 'public, max-age=3600').send(body);
    },
  );
}
