// One entry per route of the app, saying how to aim it at collectivité B's objects. The isolation
// matrix (isolation-matrix.test.ts) walks Fastify's route registry and fails for a route without an
// entry here: add yours when you add a route (HEAD routes reuse their GET entry).
import type { Permission } from '../../src/auth/policy.ts';

/** Objects of collectivité B (and A), created by the matrix test. */
export interface MatrixContext {
  a: string;
  b: string;
  /** An API token of B. */
  tokenB: string;
  /** A certificate attached to a person of B only. */
  certB: string;
  /** A person of B only. */
  userB: string;
}

export interface MatrixRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Form fields (pages) — the matrix adds a valid CSRF token, so refusals come from authorisation. */
  form?: Record<string, string>;
  /** JSON body (API). */
  json?: unknown;
}

export type Sample =
  /** Reachable without signing in: must never show a collectivité's data. */
  | { kind: 'public'; why: string }
  /** About the principal itself: must not mention B. */
  | { kind: 'own'; requests: (c: MatrixContext) => MatrixRequest[] }
  /** Aimed at B's objects (or at B's objects through A's address): a person or token of A gets 403/404. */
  | { kind: 'tenant'; requests: (c: MatrixContext) => MatrixRequest[] }
  /** The operator's pages: anyone else gets 403. */
  | { kind: 'operator'; requests: (c: MatrixContext) => MatrixRequest[] };

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const post = (url: string, form: Record<string, string> = {}): MatrixRequest => ({
  method: 'POST',
  url,
  form,
});

export const SAMPLES: Record<string, Sample> = {
  'GET /healthz': { kind: 'public', why: 'sonde de vie' },
  'GET /readyz': { kind: 'public', why: 'sonde de disponibilité' },
  'GET /': { kind: 'public', why: 'accueil' },
  'GET /connexion': { kind: 'public', why: 'page de connexion' },
  'POST /connexion/certificat': { kind: 'public', why: 'connexion' },
  'POST /connexion/mot-de-passe': { kind: 'public', why: 'connexion (certificat partagé)' },
  'POST /connexion/demo': { kind: 'public', why: 'connexion de démonstration (refusée hors démonstration)' },
  'POST /deconnexion': { kind: 'public', why: 'déconnexion, même d’une session déjà terminée' },
  'GET /certificat': { kind: 'public', why: 'test de certificat' },
  'POST /certificat': { kind: 'public', why: 'test de certificat collé' },

  'GET /mes-collectivites': { kind: 'own', requests: () => [get('/mes-collectivites')] },
  'GET /api/v1/me': { kind: 'own', requests: () => [get('/api/v1/me')] },

  'GET /api/v1/collectivites/:id': { kind: 'tenant', requests: (c) => [get(`/api/v1/collectivites/${c.b}`)] },
  'GET /api/v1/collectivites/:id/utilisateurs': {
    kind: 'tenant',
    requests: (c) => [get(`/api/v1/collectivites/${c.b}/utilisateurs`)],
  },
  'GET /collectivites/:id/jetons': { kind: 'tenant', requests: (c) => [get(`/collectivites/${c.b}/jetons`)] },
  'POST /collectivites/:id/jetons': {
    kind: 'tenant',
    requests: (c) => [post(`/collectivites/${c.b}/jetons`, { nom: 'intrus', permissions: 'act.read' })],
  },
  'POST /collectivites/:id/jetons/:tokenId/revoquer': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/jetons/${c.tokenB}/revoquer`),
      post(`/collectivites/${c.a}/jetons/${c.tokenB}/revoquer`),
    ],
  },
  'GET /collectivites/:id/certificats': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/certificats`)],
  },
  'POST /collectivites/:id/certificats': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/certificats`, { utilisateur: c.userB, certificat: 'x' }),
      post(`/collectivites/${c.a}/certificats`, { utilisateur: c.userB, certificat: 'x' }),
    ],
  },
  'POST /collectivites/:id/certificats/:certId/retirer': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/certificats/${c.certB}/retirer`),
      post(`/collectivites/${c.a}/certificats/${c.certB}/retirer`),
    ],
  },
  'POST /collectivites/:id/utilisateurs/:userId/mot-de-passe': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/utilisateurs/${c.userB}/mot-de-passe`),
      post(`/collectivites/${c.a}/utilisateurs/${c.userB}/mot-de-passe`),
    ],
  },

  'GET /securite/journal': { kind: 'operator', requests: () => [get('/securite/journal')] },
  'GET /securite/confiance': { kind: 'operator', requests: () => [get('/securite/confiance')] },
  'POST /securite/crl': { kind: 'operator', requests: () => [post('/securite/crl')] },
};

/** Permissions that only an operator admin holds everywhere; listed to check the declarations. */
export const OPERATOR_ONLY: readonly Permission[] = ['operator.admin'];
