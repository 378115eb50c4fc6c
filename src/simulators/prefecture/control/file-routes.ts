// Downloads for the console and the tests: a received archive (by SHA-256) and each attachment of the
// reply mails (by mail id and name), read from the data directory.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ARCHIVES_DIR } from '../intake/process-archive.ts';
import { OUTBOX_DIR } from '../replies/outbox-files.ts';
import type { SimulatorContext } from '../simulator-context.ts';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function outboxFileUrl(mailId: string, name: string): string {
  return `/files/outbox/${encodeURIComponent(mailId)}/${encodeURIComponent(name)}`;
}

export function archiveFileUrl(sha256: string): string {
  return `/files/archives/${sha256}`;
}

export function registerFileRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const dataDir = ctx.options.dataDir;
  app.get<{ Params: { mailId: string; name: string } }>('/files/outbox/:mailId/:name', async (req, reply) => {
    const { mailId, name } = req.params;
    const file = path.join(dataDir, OUTBOX_DIR, mailId, name);
    if (!SAFE_NAME.test(mailId) || !SAFE_NAME.test(name) || !existsSync(file))
      return reply.code(404).send({ erreur: 'Fichier introuvable.' });
    const type = name.endsWith('.xml') ? 'application/xml' : 'application/gzip';
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file));
  });
  app.get<{ Params: { sha256: string } }>('/files/archives/:sha256', async (req, reply) => {
    const { sha256 } = req.params;
    const file = path.join(dataDir, ARCHIVES_DIR, `${sha256}.tar.gz`);
    if (!/^[a-f0-9]{64}$/.test(sha256) || !existsSync(file))
      return reply.code(404).send({ erreur: 'Archive introuvable.' });
    const act = [...ctx.state.acts.values()].find((a) => a.archiveSha256 === sha256);
    const name = act?.archive ?? `${sha256}.tar.gz`;
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(file));
  });
}
