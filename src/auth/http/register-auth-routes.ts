// All the routes of the authentication capability, and the default setup of an app that has no
// certificate configuration (an empty trust store: only the demo sign-in and API tokens work).
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../kernel/clock.ts';
import { trustServiceFrom } from '../certificates/trust-service.ts';
import { registerApiRoutes } from './api-routes.ts';
import { registerCertificateAdminRoutes } from './certificate-admin-routes.ts';
import { registerCertificateTestRoutes } from './certificate-test-routes.ts';
import { parseTrustedProxies } from './client-certificate.ts';
import { registerAccountHomeRoutes } from './home-routes.ts';
import type { AuthHttpDeps } from './install-auth.ts';
import { registerSecurityRoutes } from './security-routes.ts';
import { registerSignInRoutes } from './sign-in-routes.ts';
import { registerTokenRoutes } from './token-routes.ts';

export type AuthSetup = Omit<AuthHttpDeps, 'db' | 'mode'>;

export function registerAuthRoutes(app: FastifyInstance, deps: AuthHttpDeps): void {
  registerSignInRoutes(app, deps);
  registerAccountHomeRoutes(app, deps);
  registerCertificateTestRoutes(app, deps);
  registerApiRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerCertificateAdminRoutes(app, deps);
  registerSecurityRoutes(app, deps);
}

export function defaultAuthSetup(): AuthSetup {
  const nowhere = '/nonexistent-relais-trust';
  const settings = {
    sources: { rgsDir: nowhere, extendedDir: nowhere, crlDir: nowhere },
    crlRequired: true,
    crlGraceMs: 0,
  };
  return {
    clock: systemClock,
    trust: trustServiceFrom({ cas: [], crls: new Map(), problems: [] }, { settings, clock: systemClock }),
    proxies: { trusted: parseTrustedProxies('').list, header: 'x-ssl-client-cert', enabled: false },
    sessionTimeouts: { idleMs: 30 * 60_000, absoluteMs: 10 * 3_600_000 },
    secureCookies: true,
  };
}
