// The HTTP server (Fastify): request ids, structured logs without secrets or document contents,
// the one error table at the edge, health and readiness probes, and the routes of each capability.
import { randomUUID } from 'node:crypto';
import type { ServerOptions as HttpsOptions } from 'node:https';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { TransmissionDeps } from '../actes/transmission/index.ts';
import { type AuthSetup, defaultAuthSetup, installAuth, registerAuthRoutes } from '../auth/index.ts';
import type { CertificationDeps } from '../certification/deps.ts';
import type { Db } from '../db/types.ts';
import { AppError, ERRORS, isAppError } from '../kernel/errors.ts';
import type { Logger } from '../kernel/logger.ts';
import { registerActsRoutes } from './api/acts-routes.ts';
import { registerMeRoutes } from './api/me-routes.ts';
import { registerOpenApiRoute } from './api/openapi.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerHomeRoutes } from './home-routes.ts';
import { registerAdminPages } from './pages/admin/admin-routes.ts';
import { registerHelpPages } from './pages/aide/help-routes.ts';
import { registerCertificationPages } from './pages/certificats/register-certification-pages.ts';
import { registerNewActPages } from './pages/nouvel-acte/new-act-routes.ts';
import { registerPages } from './pages/register-pages.ts';
import { registerConsolePages } from './pages/syndicat/console-routes.ts';
import type { Mode } from './ui/layout.ts';
import { registerStaticRoutes } from './ui/static-routes.ts';

export interface HttpDeps {
  db: Db;
  logger: Logger;
  mode: Mode;
  /** Extra readiness checks (e.g. the document store); each returns null when fine, else a French reason. */
  readinessChecks?: (() => Promise<string | null>)[];
  /** Certificates, sessions, tokens (default: no trust store, no proxy). */
  auth?: AuthSetup;
  /** Native HTTPS (asking for a client certificate); plain HTTP when absent (tests, behind a proxy). */
  https?: HttpsOptions;
  /** The ACTES transmission service behind the acts API (absent: no acts routes). */
  transmission?: TransmissionDeps;
  /** The syndicat as registration authority (certificate requests); absent: no such pages. */
  certification?: CertificationDeps;
  /** Public address, written in the OpenAPI document. */
  publicUrl?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function createHttpServer(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Refuse new requests with 503 while shutting down; in-flight ones finish.
    return503OnClosing: true,
    bodyLimit: 1024 * 1024,
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  app.setErrorHandler((err, req, reply) => {
    if (isAppError(err)) {
      if (err.status >= 500) req.log.error({ code: err.code, err }, 'request failed');
      return reply.status(err.status).send({ code: err.code, message: err.message, problems: err.problems });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) {
      // A multipart file or a body over its limit (@fastify/multipart, Fastify's bodyLimit).
      const e = new AppError(
        'DOCUMENT_TOO_LARGE',
        'Le fichier envoyé dépasse la taille autorisée pour ce formulaire : réduisez-le (PDF compressé, numérisation en 200 ppp) et recommencez.',
      );
      return reply.status(413).send({ code: e.code, message: e.message, problems: [] });
    }
    if (status < 500) {
      const e = new AppError(
        'VALIDATION_FAILED',
        'La requête est mal formée : vérifiez les données envoyées.',
      );
      return reply.status(status).send({ code: e.code, message: e.message, problems: [] });
    }
    req.log.error({ err }, 'unexpected error');
    return reply.status(500).send({ code: 'INTERNAL', message: ERRORS.INTERNAL.message, problems: [] });
  });

  app.setNotFoundHandler((_req, reply) =>
    reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: 'Cette adresse n’existe pas sur Relais.', problems: [] }),
  );

  // Before any route: every route must declare its access, and every request is identified.
  const auth = { db: deps.db, mode: deps.mode, ...(deps.auth ?? defaultAuthSetup()) };
  installAuth(app, auth);
  registerHealthRoutes(app, deps);
  registerHomeRoutes(app, deps);
  registerAuthRoutes(app, auth);
  if (deps.transmission) registerActsRoutes(app, deps.transmission);
  registerStaticRoutes(app);
  if (deps.transmission)
    registerPages(app, {
      db: deps.db,
      mode: deps.mode,
      secureCookies: auth.secureCookies,
      transmission: deps.transmission,
    });
  registerMeRoutes(app, { db: deps.db, mode: deps.mode, secureCookies: auth.secureCookies });
  if (deps.transmission)
    registerNewActPages(app, {
      mode: deps.mode,
      secureCookies: auth.secureCookies,
      transmission: deps.transmission,
    });
  const pageDeps = { db: deps.db, mode: deps.mode, secureCookies: auth.secureCookies };
  registerAdminPages(app, pageDeps);
  registerConsolePages(app, { ...pageDeps, clock: auth.clock });
  registerHelpPages(app, pageDeps);
  if (deps.certification) registerCertificationPages(app, { ...pageDeps, certification: deps.certification });
  registerOpenApiRoute(app, deps.publicUrl ?? '/');
  return app;
}
