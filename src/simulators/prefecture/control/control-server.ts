// The control server, plain HTTP on loopback: the French console at / (console-routes.ts) and a JSON
// API for tests and tools — acts, the préfecture's actions, classification, SIRENs, faults, journal,
// flush. Refusals answer {"erreur": "…"} with the status of the refusal.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { isIsoDate, type RetourClassificationData } from '../../../actes/protocol/index.ts';
import { ActionError } from '../actions/action-error.ts';
import type { PublishInput } from '../actions/manage-prefecture.ts';
import type { LetterRequest, LetterSent } from '../actions/send-letter.ts';
import type { FaultStatus } from '../faults/fault-injector.ts';
import { type FaultChanges, parseFaultSettings } from '../faults/parse-fault-settings.ts';
import type { JournalQuery } from '../journal/journal.ts';
import type { JournalEntryType, LetterCode } from '../journal/journal-entry.ts';
import { currentClassification, isAcknowledged } from '../journal/simulator-state.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { registerConsoleRoutes } from './console-routes.ts';
import { registerFileRoutes } from './file-routes.ts';

/** What the control server (and the programmatic handle) can ask of the simulator. */
export interface SimulatorOperations {
  sendLetter(idActe: string, request: LetterRequest): Promise<LetterSent>;
  acknowledgeAnswer(idActe: string, letterCode?: LetterCode): Promise<{ code: '3-5' | '4-5' }>;
  publishClassification(input?: PublishInput): Promise<RetourClassificationData>;
  registerSiren(siren: string): Promise<string>;
  faults: { status(): FaultStatus; update(changes: FaultChanges): FaultStatus };
  flush(): Promise<void>;
}

const LETTER_CODES = ['2-1', '3-1', '4-1', '5-1'];

function fail(reply: FastifyReply, e: unknown) {
  if (e instanceof ActionError) return reply.code(e.status).send({ erreur: e.message });
  return reply
    .code(500)
    .send({ erreur: `Erreur du simulateur : ${e instanceof Error ? e.message : String(e)}` });
}

function strings(body: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A letter request from JSON or form fields; 400 when the code is not one of the four. */
export function letterRequestFrom(body: unknown): LetterRequest {
  const f = strings(body);
  const code = f.code ?? '';
  if (!LETTER_CODES.includes(code))
    throw new ActionError(400, `Le type de courrier « ${code} » est inconnu : 2-1, 3-1, 4-1 ou 5-1.`);
  return {
    code,
    ...(f.texte ? { texte: f.texte } : {}),
    ...(f.descriptionPieces !== undefined ? { descriptionPieces: f.descriptionPieces } : {}),
    ...(f.motif !== undefined ? { motif: f.motif } : {}),
    ...(f.natureIllegalite !== undefined ? { natureIllegalite: f.natureIllegalite } : {}),
    ...(f.dateDepot ? { dateDepot: f.dateDepot } : {}),
  } as LetterRequest;
}

function journalQuery(q: Record<string, string | undefined>): JournalQuery {
  const number = (v: string | undefined, name: string) => {
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new ActionError(400, `Le paramètre ${name} doit être un nombre entier.`);
    return Number(v);
  };
  const after = number(q.after, 'after');
  const limit = number(q.limit, 'limit');
  return {
    ...(q.type ? { type: q.type.split(',') as JournalEntryType[] } : {}),
    ...(q.siren ? { siren: q.siren } : {}),
    ...(q.idActe ? { idActe: q.idActe } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

export async function createControlServer(
  ctx: SimulatorContext,
  ops: SimulatorOperations,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  await app.register(formbody);
  app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    return reply
      .code(status)
      .send({ erreur: `${status === 500 ? 'Erreur du simulateur' : 'Requête invalide'} : ${err.message}` });
  });
  const { state } = ctx;
  const summary = (idActe: string) => {
    const act = state.acts.get(idActe)!;
    return { ...act, acquitte: isAcknowledged(state, act) };
  };

  app.get('/status', async () => ({
    departement: ctx.options.departement,
    prefecture: ctx.options.prefectureName,
    sirens: [...state.sirens],
    classification: currentClassification(state).dateClassification,
    actes: state.acts.size,
    courrielsEnAttente: state.outbox.size,
  }));
  app.get('/acts', async () => [...state.acts.keys()].map(summary));
  app.get<{ Params: { idActe: string } }>('/acts/:idActe', async (req, reply) =>
    state.acts.has(req.params.idActe)
      ? summary(req.params.idActe)
      : reply.code(404).send({ erreur: `L'acte ${req.params.idActe} n'a pas été reçu.` }),
  );
  app.post<{ Params: { idActe: string } }>('/acts/:idActe/letters', async (req, reply) => {
    try {
      return reply.code(201).send(await ops.sendLetter(req.params.idActe, letterRequestFrom(req.body)));
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.post<{ Params: { idActe: string } }>('/acts/:idActe/acknowledge', async (req, reply) => {
    const code = strings(req.body).courrier;
    try {
      return reply
        .code(201)
        .send(await ops.acknowledgeAnswer(req.params.idActe, code as LetterCode | undefined));
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.get('/classification', async () => currentClassification(state));
  app.get('/classification/versions', async () => state.classifications.map((c) => c.dateClassification));
  app.post('/classification', async (req, reply) => {
    const body = (req.body ?? {}) as PublishInput;
    try {
      if (body.date !== undefined && (typeof body.date !== 'string' || !isIsoDate(body.date)))
        throw new ActionError(400, 'La date doit s’écrire AAAA-MM-JJ.');
      for (const key of ['naturesActes', 'matieres'] as const)
        if (body[key] !== undefined && !Array.isArray(body[key]))
          throw new ActionError(400, `${key} doit être une liste, dans la forme de GET /classification.`);
      return reply.code(201).send(await ops.publishClassification(body));
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.get('/sirens', async () => [...state.sirens]);
  app.post('/sirens', async (req, reply) => {
    try {
      return reply.code(201).send({ siren: await ops.registerSiren(strings(req.body).siren ?? '') });
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.get('/faults', async () => ops.faults.status());
  app.put('/faults', async (req, reply) => {
    const parsed = parseFaultSettings(req.body);
    if (!parsed.ok) return reply.code(400).send({ erreur: parsed.problems.join(' ') });
    return ops.faults.update(parsed.value);
  });
  app.get('/journal', async (req, reply) => {
    try {
      return ctx.journal.query(journalQuery(req.query as Record<string, string | undefined>));
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.post('/flush', async () => {
    await ops.flush();
    return { courrielsEnAttente: state.outbox.size };
  });
  registerFileRoutes(app, ctx);
  registerConsoleRoutes(app, ctx, ops);
  return app;
}
