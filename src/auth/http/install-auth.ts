// Wires authentication and authorisation into the Fastify app: every route must declare its access
// (`config: { access: … }`), or the app refuses to start; every request is identified afresh
// (certificate checked, session or token), then checked against the route's declaration; every
// state-changing form carries a CSRF token bound to the session.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/types.ts';
import type { Mode } from '../../http/ui/layout.ts';
import type { Clock } from '../../kernel/clock.ts';
import { AppError, isAppError } from '../../kernel/errors.ts';
import type { CertificateVerdict } from '../certificates/check-certificate.ts';
import type { TrustService } from '../certificates/trust-service.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import {
  type Permission,
  type Principal,
  requireCollectivite,
  requirePermission,
  type ScopedCollectiviteId,
} from '../policy.ts';
import { isValidCsrfToken } from '../sessions/csrf.ts';
import type { SessionTimeouts } from '../sessions/session-store.ts';
import { clientIp, type Presented, type ProxySettings, presentedCertificate } from './client-certificate.ts';
import { PRE_SESSION_COOKIE, SESSION_COOKIE } from './cookies.ts';
import { sendRefusal } from './refusal.ts';
import { resolvePrincipal } from './resolve-principal.ts';

/** What a route requires. `collectiviteParam` names the route parameter holding the collectivité id. */
export type RouteAccess = 'public' | 'signed-in' | { permission: Permission; collectiviteParam?: string };

export interface RequestAuth {
  principal: Principal | null;
  presented: Presented;
  verdict: CertificateVerdict | null;
  /** The collectivité of the address, checked against the principal (routes with `collectiviteParam`). */
  collectiviteId: ScopedCollectiviteId | null;
  sessionEnded: string | null;
  liveSessionToken: string | null;
  ip: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: RequestAuth;
  }
  interface FastifyInstance {
    /** Every route with its declared access: what the isolation matrix test walks. */
    relaisRoutes: { method: string; url: string; access: RouteAccess }[];
  }
}

export interface AuthHttpDeps {
  db: Db;
  clock: Clock;
  mode: Mode;
  trust: TrustService;
  proxies: ProxySettings;
  sessionTimeouts: SessionTimeouts;
  /** Secure cookies (HTTPS, or a proxy terminating it); off only for plain-HTTP local demos. */
  secureCookies: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Names the calling software; its presence proves the request is not a cross-site form. */
export const API_CLIENT_HEADER = 'x-relais-client';
export const isApiPath = (url: string) => url.startsWith('/api/');

export function installAuth(app: FastifyInstance, deps: AuthHttpDeps): void {
  app.register(cookie);
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) app.register(formbody);
  app.decorate('relaisRoutes', []);
  app.decorateRequest('auth', null as unknown as RequestAuth);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = [route.method].flat();
    if (!access)
      throw new Error(
        `La route ${methods.join(',')} ${route.url} ne déclare pas son accès : ajoutez config: { access: 'public' | 'signed-in' | { permission, collectiviteParam } }.`,
      );
    if (
      typeof access === 'object' &&
      access.collectiviteParam &&
      !route.url.includes(`:${access.collectiviteParam}`)
    )
      throw new Error(
        `La route ${route.url} déclare le paramètre « ${access.collectiviteParam} » qu’elle n’a pas.`,
      );
    for (const method of methods) app.relaisRoutes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access;
    const presented = presentedCertificate(req, deps.proxies);
    const ip = clientIp(req, deps.proxies);
    req.auth = {
      principal: null,
      presented,
      verdict: null,
      collectiviteId: null,
      sessionEnded: null,
      liveSessionToken: null,
      ip,
    };
    if (presented.kind === 'forged-header') {
      await recordSecurityEvent(deps.db, {
        kind: 'proxy.forged-header',
        at: deps.clock.now(),
        ip,
        requestId: req.id,
        reason: `En-tête ${deps.proxies.header} reçu d’une adresse qui n’est pas un relais autorisé.`,
        details: { path: req.url.slice(0, 200) },
      });
      return sendRefusal(
        req,
        reply,
        deps.mode,
        403,
        'FORBIDDEN',
        'Cette requête porte un en-tête de certificat que seul le relais (proxy) de la plateforme peut poser : elle est refusée. Connectez-vous par l’adresse habituelle de la plateforme.',
      );
    }
    if (presented.kind === 'unreadable-header')
      return sendRefusal(
        req,
        reply,
        deps.mode,
        400,
        'VALIDATION_FAILED',
        'Le relais (proxy) a transmis un certificat illisible : l’administrateur doit vérifier sa configuration (voir docs/authentification.md).',
      );
    if (req.is404 || !access) {
      if (!req.is404) throw new AppError('INTERNAL', 'Route sans déclaration d’accès.');
      return;
    }
    const verdict = presented.kind === 'certificate' ? deps.trust.check(presented.der) : null;
    req.auth.verdict = verdict;
    const auth = req.headers.authorization;
    const bearer =
      typeof auth === 'string' && /^Bearer\s/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : null;
    const resolved = await resolvePrincipal(deps, {
      verdict,
      bearer,
      sessionToken: req.cookies[SESSION_COOKIE] ?? null,
      isApi: isApiPath(req.url),
      isSafeMethod: SAFE_METHODS.has(req.method),
      ip,
      requestId: req.id,
    });
    Object.assign(req.auth, {
      principal: resolved.principal,
      sessionEnded: resolved.sessionEnded,
      liveSessionToken: resolved.liveSessionToken,
    });
    if (resolved.sessionEnded) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (resolved.tokenRefusal)
      return sendRefusal(req, reply, deps.mode, 401, 'UNAUTHENTICATED', resolved.tokenRefusal);
    if (access === 'public') return;
    const principal = resolved.principal;
    if (!principal) {
      if (!isApiPath(req.url) && (req.method === 'GET' || req.method === 'HEAD') && !bearer)
        return reply.redirect(`/connexion?suite=${encodeURIComponent(req.url)}`, 303);
      return sendRefusal(
        req,
        reply,
        deps.mode,
        401,
        'UNAUTHENTICATED',
        resolved.sessionEnded ??
          'Vous devez vous identifier : connectez-vous avec votre certificat, ou utilisez un jeton d’accès pour l’API.',
      );
    }
    if (access === 'signed-in') return;
    try {
      if (access.collectiviteParam) {
        const id = (req.params as Record<string, string>)[access.collectiviteParam] ?? '';
        req.auth.collectiviteId = requireCollectivite(principal, id, access.permission);
      } else requirePermission(principal, access.permission);
    } catch (e) {
      if (!isAppError(e)) throw e;
      await recordSecurityEvent(deps.db, {
        kind: 'access.denied',
        at: deps.clock.now(),
        userId: principal.user?.id ?? null,
        tokenId: principal.token?.id ?? null,
        ip,
        requestId: req.id,
        reason: e.message,
        details: {
          route: `${req.method} ${req.routeOptions.url}`,
          permission: access.permission,
          status: e.status,
        },
      });
      return sendRefusal(req, reply, deps.mode, e.status, e.code, e.message);
    }
  });

  // CSRF: after the body is parsed, so that forms can carry their token in a hidden field.
  app.addHook('preHandler', async (req, reply) => {
    if (SAFE_METHODS.has(req.method) || req.is404) return;
    if (req.auth.principal?.via === 'token') return;
    if (isApiPath(req.url)) {
      // Cookies and client certificates travel by themselves, even from a page of another site; that
      // page can send a form or a multipart upload, but neither JSON nor a custom header without a
      // CORS preflight, which we never grant.
      const isJson = /^application\/json\b/i.test(req.headers['content-type'] ?? '');
      if (!isJson && !req.headers[API_CLIENT_HEADER])
        return sendRefusal(
          req,
          reply,
          deps.mode,
          415,
          'VALIDATION_FAILED',
          'L’API attend du JSON (Content-Type: application/json) ; pour un envoi de fichiers, ajoutez l’en-tête X-Relais-Client (nom du logiciel), ou utilisez un jeton d’accès.',
        );
      return;
    }
    // Either cookie's value is a secret a foreign page cannot read, even after its session has ended
    // (so that signing out of an ended session still works).
    const body = req.body as Record<string, unknown> | undefined;
    const given = body?._csrf ?? req.headers['x-csrf-token'] ?? (req.query as Record<string, unknown>)?._csrf;
    const valid =
      isValidCsrfToken(req.cookies[SESSION_COOKIE], given) ||
      isValidCsrfToken(req.cookies[PRE_SESSION_COOKIE], given);
    if (!valid)
      return sendRefusal(
        req,
        reply,
        deps.mode,
        403,
        'FORBIDDEN',
        'Ce formulaire a expiré ou ne vient pas de Relais. Rechargez la page et recommencez.',
      );
  });
}

/** The collectivité checked by the route's declaration; a route without `collectiviteParam` cannot ask. */
export function scopedCollectivite(req: FastifyRequest): ScopedCollectiviteId {
  if (!req.auth.collectiviteId) throw new AppError('INTERNAL', 'Route sans collectivité déclarée.');
  return req.auth.collectiviteId;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.auth.principal) throw new AppError('UNAUTHENTICATED');
  return req.auth.principal;
}
