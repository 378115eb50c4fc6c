// The HTTPS intake, as the collection network offers it: POST multipart with one tar.gz file field,
// mutual TLS with the operator's certificate, 201 (200 in legacy mode) once the archive is received —
// the business answer comes later by mail. The deposit faults are injected here.

import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../simulator-context.ts';
import { processArchive } from './process-archive.ts';
import { discardUpload, storeUpload } from './store-upload.ts';

export const INTAKE_PATH = '/depot';

const text = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/plain; charset=utf-8').send(`${body}\n`);

function fingerprints(pems: readonly string[]): Set<string> {
  return new Set(pems.map((pem) => new X509Certificate(pem).fingerprint256));
}

export interface IntakeServer {
  app: FastifyInstance;
  /** Closes the connections held open by the "timeout after body" fault. */
  releaseHeld(): void;
}

export async function createIntakeServer(ctx: SimulatorContext): Promise<IntakeServer> {
  const { tls } = ctx.options;
  const pinned = fingerprints(tls.pinnedClientCerts ?? []);
  const held = new Set<Socket>();
  const app = Fastify({
    logger: false,
    https: {
      cert: tls.cert,
      key: tls.key,
      ca: [...(tls.clientCas ?? []), ...(tls.pinnedClientCerts ?? [])],
      requestCert: true,
      // With pinned certificates the chain may not verify: the check is then made on each request.
      rejectUnauthorized: pinned.size === 0,
    },
  });
  app.server.on('tlsClientError', (err: Error) => {
    // May come after stop() closed the journal (a handshake still in flight): then it is not recorded.
    try {
      ctx.record({ type: 'client-refused', reason: `Connexion TLS refusée : ${err.message}` });
    } catch {}
  });
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { files: 1, fileSize: ctx.options.maxArchiveBytes, fields: 10, parts: 20 },
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    const what = status === 500 ? 'Erreur interne du simulateur' : 'Dépôt invalide';
    return text(reply, status, `${what} : ${err.message}`);
  });
  app.setNotFoundHandler((request, reply) =>
    text(
      reply,
      404,
      `Adresse inconnue (${request.method} ${request.url}) : déposez les archives par POST ${INTAKE_PATH}.`,
    ),
  );

  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket as TLSSocket;
    if (socket.authorized) return;
    const cert = socket.getPeerCertificate();
    if (cert?.fingerprint256 && pinned.has(cert.fingerprint256)) return;
    const subject = cert?.subject
      ? Object.entries(cert.subject)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')
      : undefined;
    ctx.record({
      type: 'client-refused',
      reason: cert?.fingerprint256 ? 'Certificat client non reconnu.' : 'Aucun certificat client présenté.',
      ...(subject ? { subject } : {}),
    });
    return text(reply, 403, 'Certificat client non reconnu : le dépôt est refusé.');
  });

  async function deposit(request: FastifyRequest, reply: FastifyReply) {
    const { faults } = ctx;
    if (faults.shouldInject('connectionReset')) {
      ctx.record({
        type: 'fault',
        fault: 'connectionReset',
        detail: 'Connexion coupée avant lecture du dépôt.',
      });
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (!request.isMultipart())
      return text(reply, 400, 'Le dépôt doit être un formulaire multipart contenant une archive tar.gz.');
    const part = await request.file();
    if (!part) return text(reply, 400, 'Aucun fichier reçu : le dépôt doit contenir une archive tar.gz.');
    if (faults.shouldInject('httpError')) {
      part.file.resume();
      await new Promise((resolve) => part.file.on('close', resolve).on('end', resolve));
      const status = faults.httpStatus();
      ctx.record({
        type: 'fault',
        fault: 'httpError',
        detail: `Réponse HTTP ${status} : dépôt non reçu.`,
        archive: part.filename,
      });
      return text(reply, status, 'Service momentanément indisponible. Réessayez plus tard.');
    }
    const stored = await storeUpload(part.file, ctx.options.dataDir);
    let result: Awaited<ReturnType<typeof processArchive>>;
    try {
      result = await ctx.serialize(() => processArchive(ctx, { archiveName: part.filename, ...stored }));
    } catch (e) {
      // processArchive keeps or discards the upload on every path it completes.
      discardUpload(stored);
      throw e;
    }
    if (faults.shouldInject('timeoutAfterBody')) {
      ctx.record({
        type: 'fault',
        fault: 'timeoutAfterBody',
        detail: 'Dépôt reçu et traité, mais aucune réponse HTTP.',
        archive: part.filename,
      });
      reply.hijack();
      held.add(request.raw.socket);
      request.raw.socket.once('close', () => held.delete(request.raw.socket));
      return;
    }
    if (faults.shouldInject('latency')) {
      const ms = faults.latencyMs();
      ctx.record({
        type: 'fault',
        fault: 'latency',
        detail: `Réponse retardée de ${ms} ms.`,
        archive: part.filename,
      });
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    if (result.status !== 'ok') return text(reply, result.status, result.message);
    return text(reply, ctx.options.legacyHttp200 ? 200 : 201, result.message);
  }

  app.post('/', deposit);
  app.post(INTAKE_PATH, deposit);
  return {
    app,
    releaseHeld() {
      for (const s of held) s.destroy();
      held.clear();
    },
  };
}
