// The OpenAPI document served at /api/v1/openapi.json, generated from the routes the server actually
// has (with their declared access), so that it can never drift from the code.
import type { FastifyInstance } from 'fastify';

const SUMMARIES: Record<string, string> = {
  'GET /api/v1/me': 'Qui suis-je : personne ou jeton, collectivités et droits',
  'GET /api/v1/actes': 'Actes de toutes mes collectivités (recherche, filtres, pagination)',
  'GET /api/v1/collectivites/{cid}/actes':
    'Lister et rechercher les actes (state, nature, matiere, decidedFrom, decidedTo, q, limit, cursor)',
  'POST /api/v1/collectivites/{cid}/actes':
    'Créer un acte en brouillon (multipart : champ metadata en JSON, puis les fichiers nommés par leur typologie ; en-tête Idempotency-Key conseillé) ; avec ?envoi=1, le créer et l’envoyer en une requête (rien n’est créé s’il ne peut pas partir)',
  'GET /api/v1/collectivites/{cid}/actes/{actId}':
    'Un acte, son historique et les courriers de la préfecture',
  'PATCH /api/v1/collectivites/{cid}/actes/{actId}': 'Modifier un brouillon',
  'PUT /api/v1/collectivites/{cid}/actes/{actId}/documents':
    'Remplacer les documents d’un brouillon (multipart)',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/validation':
    'Vérifier un acte avant envoi : tous les problèmes à la fois',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/envoi':
    'Envoyer (télétransmetteur) ou demander la confirmation (préparateur)',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/confirmation':
    'Confirmer l’envoi demandé par un préparateur',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/annulation': 'Annuler la transmission d’un acte reçu (6-1)',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/reprise':
    'Reprendre en brouillon un acte refusé pour le corriger',
  'POST /api/v1/collectivites/{cid}/envois-groupes':
    'Envoyer plusieurs actes en une fois ({ actIds: [...] })',
  'POST /api/v1/collectivites/{cid}/actes/{actId}/courriers/{messageId}/reponses/{code}':
    'Répondre à un courrier de la préfecture (2-2, 3-3, 3-4, 4-3, 4-4 ; multipart)',
  'GET /api/v1/collectivites/{cid}/actes/{actId}/documents/{position}':
    'Télécharger un document (1 = acte, 2… = annexes)',
  'GET /api/v1/collectivites/{cid}/actes/{actId}/archive': 'Télécharger l’archive envoyée à la préfecture',
  'GET /api/v1/collectivites/{cid}/actes/{actId}/accuse-reception':
    'Télécharger l’accusé de réception (XML de la préfecture)',
  'GET /api/v1/collectivites/{cid}/actes/{actId}/acte-tamponne': 'Télécharger l’acte tamponné (PDF)',
  'GET /api/v1/collectivites/{cid}/actes/{actId}/bordereau': 'Télécharger le bordereau d’acquittement (PDF)',
};

export function openApiDocument(app: FastifyInstance, serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of app.relaisRoutes) {
    if (!r.url.startsWith('/api/') || r.method === 'HEAD') continue;
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const key = `${r.method} ${path}`;
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: SUMMARIES[key] ?? key,
      parameters: params,
      'x-relais-access': r.access,
      security: r.access === 'public' ? [] : [{ bearer: [] }, { clientCertificate: [] }],
      responses: {
        '200': { description: 'Réussite' },
        '4XX': {
          description: 'Refus : { code, message, problems[] } en français',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relais — API de télétransmission des actes',
      version: '1',
      description:
        'Toutes les réponses d’erreur ont un code stable et un message en français. Chaque acte expose `state` (Relais) et `s2lowStatus` (numérotation S²LOW) pour les logiciels métier existants.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'Jeton d’accès de la collectivité (relais token create)',
        },
        clientCertificate: { type: 'mutualTLS', description: 'Certificat client reconnu par Relais' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message', 'problems'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            problems: {
              type: 'array',
              items: {
                type: 'object',
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}

export function registerOpenApiRoute(app: FastifyInstance, serverUrl: string): void {
  app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async () =>
    openApiDocument(app, serverUrl),
  );
}
