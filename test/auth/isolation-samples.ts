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
  /** A draft act of B. */
  actB: string;
  /** A préfecture letter about B's act. */
  messageB: string;
  /** A certificate request of B (draft, by B's admin; holder 'Titulaire Secret de B'). */
  requestB: string;
  /** A document (ID copy, PDF) uploaded in requestB's file. */
  docB: string;
}

export interface MatrixRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Form fields (pages) — the matrix adds a valid CSRF token, so refusals come from authorisation. */
  form?: Record<string, string>;
  /** JSON body (API). */
  json?: unknown;
  /** multipart/form-data body (API uploads). */
  multipart?: {
    fields: Record<string, string>;
    files: { field: string; name: string; type: string; bytes: Buffer }[];
  };
  /**
   * A batch answers 200 with one result per item: every item must then be refused as not found,
   * instead of the whole request being refused.
   */
  perItem?: true;
}

export type Sample =
  /** Reachable without signing in: must never show a collectivité's data. */
  | { kind: 'public'; why: string }
  /** About the principal itself: must not mention B. */
  | {
      kind: 'own';
      requests: (c: MatrixContext) => MatrixRequest[] /** a token (no person) gets 403 */;
      personOnly?: boolean;
      /** Answers 303 towards the principal's own page instead of 200. */
      redirects?: true;
    }
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
const json = (method: MatrixRequest['method'], url: string, body: unknown = {}): MatrixRequest => ({
  method,
  url,
  json: body,
});
const upload = (method: MatrixRequest['method'], url: string): MatrixRequest => ({
  method,
  url,
  multipart: {
    fields: {
      metadata: JSON.stringify({
        numeroInterne: 'INTRUS_1',
        nature: 'DE',
        objet: 'Intrus',
        decisionDate: '2026-11-20',
        classification: '7.1',
      }),
    },
    files: [
      { field: '99_DE', name: 'intrus.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 intrus') },
    ],
  },
});
/** The same path under B's address and under A's address, both aimed at B's act. */
const bothActs = (c: MatrixContext, rest: string) => [
  `/api/v1/collectivites/${c.b}/actes/${c.actB}${rest}`,
  `/api/v1/collectivites/${c.a}/actes/${c.actB}${rest}`,
];
const OTHER = '00000000-0000-4000-8000-00000000abcd';
/** A complete certificate request form, as an intruder would post it. */
const INTRUDER_REQUEST: Record<string, string> = {
  holderName: 'Intrus',
  holderFunction: 'Intrus',
  holderEmail: 'intrus@example.fr',
  holderRoles: 'transmitter',
  legalRepName: 'Intrus',
  legalRepFunction: 'Maire',
  purposes: 'actes',
  productId: OTHER,
};
/** An act page's path under B's address and under A's address, both aimed at B's act. */
const bothActPages = (c: MatrixContext, rest: string) => [
  `/collectivites/${c.b}/actes/${c.actB}${rest}`,
  `/collectivites/${c.a}/actes/${c.actB}${rest}`,
];

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
  'GET /api/v1/me/notifications': {
    kind: 'own',
    personOnly: true,
    requests: () => [get('/api/v1/me/notifications')],
  },
  'PUT /api/v1/me/notifications': {
    kind: 'own',
    personOnly: true,
    requests: () => [{ method: 'PUT', url: '/api/v1/me/notifications', json: { rappel: true } }],
  },
  'GET /boite-d-envoi': { kind: 'own', requests: () => [get('/boite-d-envoi')] },

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

  // The acts API (src/http/api/acts-routes.ts).
  'GET /api/v1/openapi.json': { kind: 'public', why: 'description de l’API' },
  'GET /api/v1/actes': {
    kind: 'own',
    requests: (c) => [get('/api/v1/actes'), get(`/api/v1/actes?collectivite=${c.b}`)],
  },
  'GET /api/v1/collectivites/:cid/actes': {
    kind: 'tenant',
    requests: (c) => [get(`/api/v1/collectivites/${c.b}/actes`)],
  },
  'POST /api/v1/collectivites/:cid/actes': {
    kind: 'tenant',
    requests: (c) => [upload('POST', `/api/v1/collectivites/${c.b}/actes`)],
  },
  'PUT /api/v1/collectivites/:cid/actes/:actId/documents': {
    kind: 'tenant',
    requests: (c) => bothActs(c, '/documents').map((u) => upload('PUT', u)),
  },
  'POST /api/v1/collectivites/:cid/actes/:actId/courriers/:messageId/reponses/:code': {
    kind: 'tenant',
    requests: (c) => bothActs(c, `/courriers/${OTHER}/reponses/3-2`).map((u) => upload('POST', u)),
  },
  'GET /api/v1/collectivites/:cid/actes/:actId': {
    kind: 'tenant',
    requests: (c) => bothActs(c, '').map(get),
  },
  'PATCH /api/v1/collectivites/:cid/actes/:actId': {
    kind: 'tenant',
    requests: (c) => bothActs(c, '').map((u) => json('PATCH', u, { objet: 'Modifié par un intrus' })),
  },
  ...Object.fromEntries(
    ['validation', 'envoi', 'confirmation', 'annulation', 'reprise'].map((action) => [
      `POST /api/v1/collectivites/:cid/actes/:actId/${action}`,
      {
        kind: 'tenant',
        requests: (c: MatrixContext) => bothActs(c, `/${action}`).map((u) => json('POST', u)),
      } as Sample,
    ]),
  ),
  'POST /api/v1/collectivites/:cid/envois-groupes': {
    kind: 'tenant',
    requests: (c) => [
      json('POST', `/api/v1/collectivites/${c.b}/envois-groupes`, { actIds: [c.actB] }),
      { ...json('POST', `/api/v1/collectivites/${c.a}/envois-groupes`, { actIds: [c.actB] }), perItem: true },
    ],
  },
  ...Object.fromEntries(
    ['documents/:position', 'archive', 'accuse-reception', 'acte-tamponne', 'bordereau'].map((path) => [
      `GET /api/v1/collectivites/:cid/actes/:actId/${path}`,
      {
        kind: 'tenant',
        requests: (c: MatrixContext) => bothActs(c, `/${path.replace(':position', '1')}`).map(get),
      } as Sample,
    ]),
  ),

  'GET /api/v1/collectivites/:cid/courriers/:messageId/documents/:position': {
    kind: 'tenant',
    requests: (c) => [
      get(`/api/v1/collectivites/${c.b}/courriers/${c.messageB}/documents/1`),
      get(`/api/v1/collectivites/${c.a}/courriers/${c.messageB}/documents/1`),
    ],
  },

  // Nouvel acte (pages): the form, its classification search, and the multipart post.
  'GET /collectivites/:cid/actes/nouveau': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/actes/nouveau?q=budget`)],
  },
  'GET /collectivites/:cid/actes/nouveau/classification': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/actes/nouveau/classification?q=7`)],
  },
  'POST /collectivites/:cid/actes/nouveau': {
    kind: 'tenant',
    requests: (c) => [
      {
        method: 'POST',
        url: `/collectivites/${c.b}/actes/nouveau`,
        multipart: {
          fields: {
            nature: 'DE',
            classification: '7.1',
            numeroInterne: 'INTRUS_1',
            decisionDate: '2026-11-20',
            objet: 'Intrus',
            action: 'brouillon',
          },
          files: [
            {
              field: 'mainDocument',
              name: 'intrus.pdf',
              type: 'application/pdf',
              bytes: Buffer.from('%PDF-1.4 intrus'),
            },
          ],
        },
      },
    ],
  },

  // Everyday pages of a collectivité (src/http/pages): dashboard, acts, their forms, letters.
  'GET /static/:file': { kind: 'public', why: 'feuille de style et script de Relais' },
  'GET /tableau-de-bord': {
    kind: 'own',
    redirects: true,
    requests: (c) => [get('/tableau-de-bord'), get(`/tableau-de-bord?collectivite=${c.b}`)],
  },
  'GET /collectivites/:cid': { kind: 'tenant', requests: (c) => [get(`/collectivites/${c.b}`)] },
  'GET /collectivites/:cid/actes': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/actes`), get(`/collectivites/${c.b}/actes?q=secret`)],
  },
  'GET /collectivites/:cid/actes.csv': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/actes.csv`)],
  },
  'GET /collectivites/:cid/actes/:actId': { kind: 'tenant', requests: (c) => bothActPages(c, '').map(get) },
  'GET /collectivites/:cid/actes/:actId/annulation': {
    kind: 'tenant',
    requests: (c) => bothActPages(c, '/annulation').map(get),
  },
  ...Object.fromEntries(
    (
      [
        ['envoi', {}],
        ['confirmation', {}],
        ['reprise', {}],
        ['renvoi-brouillon', { motif: 'Intrus' }],
        ['annulation', { confirmation: 'oui' }],
      ] as const
    ).map(([action, form]) => [
      `POST /collectivites/:cid/actes/:actId/${action}`,
      {
        kind: 'tenant',
        requests: (c: MatrixContext) => bothActPages(c, `/${action}`).map((u) => post(u, form)),
      } as Sample,
    ]),
  ),
  'POST /collectivites/:cid/actes/envoi-groupe': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/actes/envoi-groupe`, { acte: c.actB }),
      post(`/collectivites/${c.a}/actes/envoi-groupe`, { acte: c.actB }),
    ],
  },
  'POST /collectivites/:cid/actes/:actId/courriers/:messageId/reponse': {
    kind: 'tenant',
    requests: (c) =>
      bothActPages(c, `/courriers/${c.messageB}/reponse`).map((url) => ({
        method: 'POST' as const,
        url,
        multipart: {
          fields: { code: '3-4', typologie: '99_AU' },
          files: [
            {
              field: 'fichier',
              name: 'intrus.pdf',
              type: 'application/pdf',
              bytes: Buffer.from('%PDF-1.4 x'),
            },
          ],
        },
      })),
  },
  'GET /collectivites/:cid/courriers': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/courriers`)],
  },
  'GET /collectivites/:cid/courriers/:messageId': {
    kind: 'tenant',
    requests: (c) => [
      get(`/collectivites/${c.b}/courriers/${c.messageB}`),
      get(`/collectivites/${c.a}/courriers/${c.messageB}`),
    ],
  },

  // Administration of a collectivité, the syndicat's console, help (pages).
  'GET /collectivites/:cid/administration': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/administration`)],
  },
  'POST /collectivites/:cid/administration/reglages': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/administration/reglages`, { returnEmail: 'intrus@example.fr' }),
    ],
  },
  'POST /collectivites/:cid/administration/personnes': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/administration/personnes`, {
        name: 'Intrus',
        email: 'intrus@example.fr',
        roles: 'admin',
      }),
    ],
  },
  'GET /syndicat': { kind: 'operator', requests: () => [get('/syndicat')] },
  'POST /syndicat/courriels/:mailId/retraiter': {
    kind: 'operator',
    requests: () => [post(`/syndicat/courriels/${OTHER}/retraiter`)],
  },
  'POST /syndicat/taches/:jobId/relancer': {
    kind: 'operator',
    requests: () => [post('/syndicat/taches/1/relancer')],
  },
  'GET /aide': { kind: 'public', why: 'guide de l’utilisateur' },

  // Certificate requests and their file (src/http/pages/certificats/dossier).
  'GET /collectivites/:cid/demandes-certificat': {
    kind: 'tenant',
    requests: (c) => [get(`/collectivites/${c.b}/demandes-certificat`)],
  },
  'GET /collectivites/:cid/demandes-certificat/nouvelle': {
    kind: 'tenant',
    requests: (c) => [
      get(`/collectivites/${c.b}/demandes-certificat/nouvelle`),
      get(`/collectivites/${c.b}/demandes-certificat/nouvelle?renouvelle=${c.requestB}`),
      get(`/collectivites/${c.a}/demandes-certificat/nouvelle?renouvelle=${c.requestB}`),
    ],
  },
  'POST /collectivites/:cid/demandes-certificat/nouvelle': {
    kind: 'tenant',
    requests: (c) => [
      post(`/collectivites/${c.b}/demandes-certificat/nouvelle`, INTRUDER_REQUEST),
      post(`/collectivites/${c.a}/demandes-certificat/nouvelle`, {
        ...INTRUDER_REQUEST,
        renouvelle: c.requestB,
      }),
    ],
  },
  'GET /certificats/demandes/:rid': {
    kind: 'tenant',
    requests: (c) => [
      get(`/certificats/demandes/${c.requestB}`),
      get(`/certificats/demandes/${c.requestB}?ok=creee`),
    ],
  },
  'POST /certificats/demandes/:rid/modifier': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/modifier`, { ...INTRUDER_REQUEST, version: '1' }),
    ],
  },
  ...Object.fromEntries(
    (
      [
        ['deposer', {}],
        ['abandonner', { motif: 'Intrus' }],
        ['valider', {}],
        ['renvoyer', { motifs: 'Intrus' }],
      ] as const
    ).map(([action, form]) => [
      `POST /certificats/demandes/:rid/${action}`,
      {
        kind: 'tenant',
        requests: (c: MatrixContext) => [
          post(`/certificats/demandes/${c.requestB}/${action}`, { ...form, version: '1' }),
        ],
      } as Sample,
    ]),
  ),
  'POST /certificats/demandes/:rid/pieces': {
    kind: 'tenant',
    requests: (c) => [
      {
        method: 'POST',
        url: `/certificats/demandes/${c.requestB}/pieces`,
        multipart: {
          fields: { kind: 'other' },
          files: [
            {
              field: 'fichier',
              name: 'intrus.pdf',
              type: 'application/pdf',
              bytes: Buffer.from('%PDF-1.4 intrus'),
            },
          ],
        },
      },
    ],
  },
  'GET /certificats/demandes/:rid/pieces/:docId': {
    kind: 'tenant',
    requests: (c) => [get(`/certificats/demandes/${c.requestB}/pieces/${c.docB}`)],
  },
  'POST /certificats/demandes/:rid/pieces/:docId/examen': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/pieces/${c.docB}/examen`, {
        decision: 'refused',
        note: 'Intrus',
      }),
    ],
  },
  'GET /syndicat/certificats': {
    kind: 'operator',
    requests: (c) => [get('/syndicat/certificats'), get(`/syndicat/certificats?collectivite=${c.b}`)],
  },

  // The CA side: orders, the issued certificate, handover, linking (src/http/pages/certificats/autorite).
  'GET /syndicat/certificats/commandes': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/commandes')],
  },
  'POST /syndicat/certificats/commandes': {
    kind: 'operator',
    requests: (c) => [post('/syndicat/certificats/commandes', { demandes: c.requestB })],
  },
  'GET /syndicat/certificats/commandes/:oid': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/commandes/00000000-0000-4000-8000-000000000000')],
  },
  'GET /syndicat/certificats/commandes/:oid/export.csv': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/commandes/00000000-0000-4000-8000-000000000000/export.csv')],
  },
  'GET /syndicat/certificats/couts.csv': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/couts.csv?du=2020-01-01&au=2040-12-31')],
  },
  'POST /certificats/demandes/:rid/certificat': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/certificat`, { pem: 'intrus', confirmer: 'oui' }),
      {
        method: 'POST',
        url: `/certificats/demandes/${c.requestB}/certificat`,
        multipart: {
          fields: { confirmer: 'oui' },
          files: [
            {
              field: 'fichier',
              name: 'intrus.cer',
              type: 'application/pkix-cert',
              bytes: Buffer.from('intrus'),
            },
          ],
        },
      },
    ],
  },
  'POST /certificats/demandes/:rid/recuperer': {
    kind: 'tenant',
    requests: (c) => [post(`/certificats/demandes/${c.requestB}/recuperer`)],
  },
  'POST /certificats/demandes/:rid/rendez-vous': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/rendez-vous`, { date: '2030-01-10T10:00', lieu: 'Intrus' }),
    ],
  },
  'GET /certificats/demandes/:rid/proces-verbal.pdf': {
    kind: 'tenant',
    requests: (c) => [get(`/certificats/demandes/${c.requestB}/proces-verbal.pdf`)],
  },
  'POST /certificats/demandes/:rid/remise': {
    kind: 'tenant',
    requests: (c) => [
      {
        method: 'POST',
        url: `/certificats/demandes/${c.requestB}/remise`,
        multipart: {
          fields: { piece: 'cni', identite: 'oui' },
          files: [
            {
              field: 'proces_verbal',
              name: 'pv.pdf',
              type: 'application/pdf',
              bytes: Buffer.from('%PDF-1.4 intrus'),
            },
          ],
        },
      },
    ],
  },
  'GET /certificats/demandes/:rid/support.p12': {
    kind: 'tenant',
    requests: (c) => [get(`/certificats/demandes/${c.requestB}/support.p12`)],
  },
  'GET /mes-certificats/rattacher': {
    kind: 'public',
    why: 'sans session, ne montre que la demande du certificat présenté ; avec session, celles de la personne',
  },
  'POST /mes-certificats/rattacher': {
    kind: 'public',
    why: 'le certificat présenté (ou la personne connectée) doit être celui de la demande ; sinon introuvable',
  },

  // Lifecycle: revocation, the holder's page, registry, board, elections, catalogue, RA officers
  // (src/http/pages/certificats/suivi).
  'POST /certificats/demandes/:rid/revocation': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/revocation`, { motif: 'loss', precision: 'Intrus' }),
      post(`/certificats/demandes/${c.requestB}/revocation`, {}),
    ],
  },
  'POST /certificats/demandes/:rid/revocation/confirmation': {
    kind: 'tenant',
    requests: (c) => [
      post(`/certificats/demandes/${c.requestB}/revocation/confirmation`, {
        reference: 'INTRUS',
        date: '2026-01-01',
      }),
    ],
  },
  'GET /mes-certificats': { kind: 'own', personOnly: true, requests: () => [get('/mes-certificats')] },
  'GET /syndicat/certificats/registre': {
    kind: 'operator',
    requests: (c) => [
      get('/syndicat/certificats/registre'),
      get(`/syndicat/certificats/registre?collectivite=${c.b}`),
    ],
  },
  'GET /syndicat/certificats/registre.csv': {
    kind: 'operator',
    requests: (c) => [get(`/syndicat/certificats/registre.csv?collectivite=${c.b}`)],
  },
  'GET /syndicat/certificats/bilan': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/bilan')],
  },
  'GET /syndicat/certificats/elections': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/elections')],
  },
  'POST /syndicat/certificats/elections': {
    kind: 'operator',
    requests: (c) => [post('/syndicat/certificats/elections', { demandes: c.requestB })],
  },
  'GET /syndicat/certificats/autorites': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/autorites')],
  },
  'POST /syndicat/certificats/autorites': {
    kind: 'operator',
    requests: () => [
      post('/syndicat/certificats/autorites', {
        objet: 'autorite',
        code: 'intrus',
        nom: 'Intrus',
        connecteur: 'manual',
      }),
    ],
  },
  'GET /syndicat/certificats/officiers': {
    kind: 'operator',
    requests: () => [get('/syndicat/certificats/officiers')],
  },
  'POST /syndicat/certificats/officiers': {
    kind: 'operator',
    requests: () => [
      post('/syndicat/certificats/officiers', { action: 'designer', email: 'jean.dupuy@example.fr' }),
    ],
  },

  'GET /securite/journal': { kind: 'operator', requests: () => [get('/securite/journal')] },
  'GET /securite/confiance': { kind: 'operator', requests: () => [get('/securite/confiance')] },
  'POST /securite/crl': { kind: 'operator', requests: () => [post('/securite/crl')] },
};

/** Permissions that only an operator admin holds everywhere; listed to check the declarations. */
export const OPERATOR_ONLY: readonly Permission[] = ['operator.admin'];
