// The acts API: create (multipart, streamed), update, validate, submit, confirm, cancel, reopen, list and
// search, one act with its timeline and letters, downloads, answers to the préfecture, batch submission.
// Every route declares its permission; the collectivité comes from the address, checked by the policy.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ActDraftInput,
  type Actor,
  answerPrefectureMessage,
  CLASSIFICATION_MISSING,
  cancelAct,
  checkActForSending,
  confirmAct,
  createAct,
  type Download,
  downloadAcknowledgement,
  downloadArchive,
  downloadDocument,
  downloadPrefectureDocument,
  downloadReceiptSlip,
  downloadStampedPdf,
  enqueueClassificationRefresh,
  getActOrFail,
  listActEvents,
  listActs,
  listPrefectureMessagesOfAct,
  reopenRefusedAct,
  submitAct,
  type TransmissionDeps,
  updateDraft,
} from '../../actes/transmission/index.ts';
import { can, collectivitesWith, principalOf, scopedCollectivite } from '../../auth/index.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { actJson } from './act-json.ts';
import { findReplay, idempotencyKeyOf, rememberResponse, requestHash } from './idempotency.ts';
import { draftFields, readMultipart } from './read-multipart.ts';

const C = '/api/v1/collectivites/:cid/actes';
const read = { access: { permission: 'act.read', collectiviteParam: 'cid' } } as const;
const prepare = { access: { permission: 'act.prepare', collectiviteParam: 'cid' } } as const;
const transmit = { access: { permission: 'act.transmit', collectiviteParam: 'cid' } } as const;

type Req = FastifyRequest<{
  Params: { cid: string; actId: string; position: string; messageId: string; code: string };
  Querystring: Record<string, string>;
}>;

function actorOf(req: FastifyRequest): Actor {
  const p = principalOf(req);
  return { userId: p.user?.id ?? null, canTransmit: can(p, 'act.transmit', scopedCollectivite(req)) };
}

function send(reply: FastifyReply, d: Download) {
  reply.header('content-type', d.contentType);
  reply.header(
    'content-disposition',
    `attachment; filename="${d.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
  );
  if (d.size !== undefined) reply.header('content-length', d.size);
  return reply.send(d.stream);
}

/** `?envoi=1` on the creation: deposit and send in one request (as `POST …/envoi` right after). */
function submitAtOnce(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (['1', 'true', 'oui'].includes(value)) return true;
  if (['0', 'false', 'non', ''].includes(value)) return false;
  throw validationError([
    { field: 'envoi', message: `Le paramètre « envoi » vaut 1 (déposer et envoyer) ou 0, pas « ${value} ».` },
  ]);
}

function draftInput(body: unknown): ActDraftInput {
  if (!body || typeof body !== 'object')
    throw validationError([{ field: 'body', message: 'Envoyez les informations de l’acte en JSON.' }]);
  const b = body as Record<string, unknown>;
  const text = (k: string) => (b[k] === undefined || b[k] === null ? undefined : String(b[k]));
  return {
    numeroInterne: text('numeroInterne'),
    nature: text('nature'),
    decisionDate: text('decisionDate'),
    objet: text('objet'),
    classification: text('classification'),
    publicationDate: text('publicationDate') ?? null,
    documentPapier: b.documentPapier === true,
    previousIdActe: text('previousIdActe') ?? null,
  };
}

export function registerActsRoutes(app: FastifyInstance, deps: TransmissionDeps): void {
  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: deps.settings.maxArchiveBytes, files: 200, fields: 40, fieldSize: 64 * 1024 },
    });

    scope.post(C, { config: prepare }, async (req: Req, reply) => {
      const cid = scopedCollectivite(req);
      if (!req.isMultipart())
        throw validationError([
          {
            field: 'body',
            message:
              'Envoyez l’acte en multipart/form-data : un champ « metadata » (JSON) puis les fichiers, chacun nommé par sa typologie (99_DE…).',
          },
        ]);
      const submit = submitAtOnce(req.query.envoi);
      const key = idempotencyKeyOf(req.headers['idempotency-key']);
      const { fields, uploads, problems } = await readMultipart(
        req,
        deps.documents,
        deps.settings.maxArchiveBytes,
      );
      if (problems.length) throw validationError(problems);
      const input = draftInput(draftFields(fields));
      const hash = requestHash({
        input,
        ...(submit ? { submit } : {}),
        files: uploads.map((u) => [
          u.typology,
          u.originalName,
          'stored' in u.content ? u.content.stored.sha256 : '',
        ]),
      });
      if (key) {
        const replay = await findReplay(deps.db, cid, key, hash);
        if (replay)
          return reply.status(replay.status).header('idempotent-replayed', 'true').send(replay.body);
      }
      const act = await createAct(deps, cid, actorOf(req), input, uploads, { submit });
      const body = actJson(act, deps.clock.now());
      if (key) await rememberResponse(deps.db, cid, key, hash, 201, body);
      return reply
        .status(201)
        .header('location', `${C.replace(':cid', cid)}/${act.id}`)
        .send(body);
    });

    scope.put(`${C}/:actId/documents`, { config: prepare }, async (req: Req) => {
      const cid = scopedCollectivite(req);
      const { uploads, problems } = await readMultipart(req, deps.documents, deps.settings.maxArchiveBytes);
      if (problems.length) throw validationError(problems);
      return actJson(
        await updateDraft(deps, cid, actorOf(req), req.params.actId, {}, uploads),
        deps.clock.now(),
      );
    });

    scope.post(`${C}/:actId/courriers/:messageId/reponses/:code`, { config: transmit }, async (req: Req) => {
      const cid = scopedCollectivite(req);
      const { uploads, problems } = await readMultipart(req, deps.documents, deps.settings.maxArchiveBytes);
      if (problems.length) throw validationError(problems);
      const pm = await answerPrefectureMessage(
        deps,
        cid,
        actorOf(req),
        req.params.messageId,
        req.params.code,
        uploads,
      );
      return { queued: true, courrier: pm.id };
    });
  });

  app.get(C, { config: read }, async (req: Req) => {
    const q = req.query;
    const page = await listActs(deps.db, [scopedCollectivite(req)], {
      state: q.state,
      nature: q.nature,
      matiere: q.matiere,
      decidedFrom: q.decidedFrom,
      decidedTo: q.decidedTo,
      sort: q.sort as 'created' | 'decision' | undefined,
      q: q.q,
      cursor: q.cursor,
      ...(q.limit ? { limit: Number(q.limit) } : {}),
    });
    const now = deps.clock.now();
    return { items: page.items.map((a) => actJson(a, now)), nextCursor: page.nextCursor };
  });

  app.get('/api/v1/actes', { config: { access: 'signed-in' } }, async (req: Req) => {
    const p = principalOf(req);
    const q = req.query;
    const scope = collectivitesWith(p, 'act.read');
    const ids = q.collectivite ? scope.filter((id) => id === q.collectivite) : scope;
    const page = await listActs(deps.db, ids, {
      state: q.state,
      nature: q.nature,
      matiere: q.matiere,
      q: q.q,
      cursor: q.cursor,
      ...(q.limit ? { limit: Number(q.limit) } : {}),
    });
    const now = deps.clock.now();
    return { items: page.items.map((a) => actJson(a, now)), nextCursor: page.nextCursor };
  });

  app.get(`${C}/:actId`, { config: read }, async (req: Req) => {
    const cid = scopedCollectivite(req);
    const act = await getActOrFail(deps.db, cid, req.params.actId);
    const [timeline, courriers] = await Promise.all([
      listActEvents(deps.db, cid, act.id),
      listPrefectureMessagesOfAct(deps.db, cid, act.id),
    ]);
    return { ...actJson(act, deps.clock.now()), timeline, courriers };
  });

  app.patch(`${C}/:actId`, { config: prepare }, async (req: Req) =>
    actJson(
      await updateDraft(deps, scopedCollectivite(req), actorOf(req), req.params.actId, draftInput(req.body)),
      deps.clock.now(),
    ),
  );

  app.post(`${C}/:actId/validation`, { config: prepare }, async (req: Req) => {
    const act = await getActOrFail(deps.db, scopedCollectivite(req), req.params.actId);
    const check = await checkActForSending(deps.db, deps, act);
    // The answer says Relais has asked for the classification: it does.
    if (!check.ok && check.problems.some((p) => p.message === CLASSIFICATION_MISSING.message))
      await enqueueClassificationRefresh(deps.db, act.collectiviteId);
    return check.ok
      ? { ok: true, idActe: check.metadata.idActe, problems: [] }
      : { ok: false, problems: check.problems };
  });

  const action = (
    path: string,
    config: typeof prepare | typeof transmit,
    run: (cid: string, actor: Actor, id: string) => Promise<Parameters<typeof actJson>[0]>,
  ) =>
    app.post(`${C}/:actId/${path}`, { config }, async (req: Req) =>
      actJson(await run(scopedCollectivite(req), actorOf(req), req.params.actId), deps.clock.now()),
    );
  action('envoi', prepare, (cid, a, id) => submitAct(deps, cid, a, id));
  action('confirmation', transmit, (cid, a, id) => confirmAct(deps, cid, a, id));
  action('annulation', transmit, (cid, a, id) => cancelAct(deps, cid, a, id));
  action('reprise', prepare, (cid, a, id) => reopenRefusedAct(deps, cid, a, id));

  app.post(`${C.replace('/actes', '')}/envois-groupes`, { config: prepare }, async (req: Req) => {
    const cid = scopedCollectivite(req);
    const ids = (req.body as { actIds?: unknown } | null)?.actIds;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.length > 500 ||
      !ids.every((x) => typeof x === 'string')
    )
      throw validationError([
        { field: 'actIds', message: 'Envoyez la liste des actes à transmettre (1 à 500 identifiants).' },
      ]);
    const actor = actorOf(req);
    const results = [];
    for (const id of ids as string[]) {
      try {
        const act = await submitAct(deps, cid, actor, id);
        results.push({ id, ok: true, state: act.state });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ id, ok: false, code: e.code, message: e.message, problems: e.problems });
      }
    }
    return { results };
  });

  const download = (path: string, get: (cid: string, id: string, req: Req) => Promise<Download>) =>
    app.get(`${C}/:actId/${path}`, { config: read }, async (req: Req, reply) =>
      send(reply, await get(scopedCollectivite(req), req.params.actId, req)),
    );
  download('documents/:position', (cid, id, req) =>
    downloadDocument(deps, cid, id, Number(req.params.position)),
  );
  download('archive', (cid, id) => downloadArchive(deps, cid, id));
  download('accuse-reception', (cid, id) => downloadAcknowledgement(deps, cid, id));
  download('acte-tamponne', (cid, id) => downloadStampedPdf(deps, cid, id));
  download('bordereau', (cid, id) => downloadReceiptSlip(deps, cid, id));
  app.get(
    '/api/v1/collectivites/:cid/courriers/:messageId/documents/:position',
    { config: read },
    async (req: Req, reply) =>
      send(
        reply,
        await downloadPrefectureDocument(
          deps,
          scopedCollectivite(req),
          req.params.messageId,
          Number(req.params.position),
        ),
      ),
  );
}
