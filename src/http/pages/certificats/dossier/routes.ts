// Requests and their file: list, new request (or renewal prefilled), the request page, documents,
// submit / check / return / cancel, and the RA officers' worklist. Every route is reached signed in and
// checks the principal against the request (getRequestFor) or the collectivité (requireFileAccess).
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../../../auth/http/install-auth.ts';
import { isUuid } from '../../../../auth/policy.ts';
import { getRequestFor } from '../../../../certification/request-store.ts';
import {
  cancelRequest,
  checkRequest,
  createRequest,
  EMPTY_FORM,
  editRequest,
  MAX_DOCUMENT_BYTES,
  openDocument,
  renewalForm,
  requireFileAccess,
  returnRequest,
  reviewDocument,
  submitRequest,
  uploadDocument,
} from '../../../../certification/requests/index.ts';
import { type AppError, isAppError } from '../../../../kernel/errors.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { RequestPanel } from '../request-panels.ts';
import { asProblems, STATUS, sendFileRefusal } from './file-frame.ts';
import { sendCollectiviteRequests, sendWorklist } from './list-pages.ts';
import { sendNewRequestPage } from './new-request-page.ts';
import { formFromBody } from './request-form.ts';
import { FILE_ACTIONS, NOTICES, type RequestPageView, sendRequestPage } from './request-page.ts';

type Req = FastifyRequest<{
  Params: { cid: string; rid: string; docId: string };
  Querystring: Record<string, string | undefined>;
  Body: Record<string, string | string[] | undefined> | undefined;
}>;

const SIGNED_IN = { access: 'signed-in' } as const;
const RA = { access: { permission: 'ra.officer' } } as const;

const field = (req: Req, name: string): string => {
  const v = req.body?.[name];
  return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
};
const versionOf = (req: Req) => Number.parseInt(field(req, 'version'), 10) || 0;

export function registerFilePages(
  app: FastifyInstance,
  deps: CertificationPagesDeps,
  panels: readonly RequestPanel[],
): void {
  const cert = deps.certification;

  /** Not found and forbidden become French pages; anything else goes to the error handler. */
  const guard =
    (handler: (req: Req, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (req: Req, reply: FastifyReply) => {
      try {
        return await handler(req, reply);
      } catch (e) {
        if (isAppError(e) && (e.status === 404 || e.status === 403))
          return sendFileRefusal(req, reply, deps, e);
        throw e;
      }
    };

  async function page(req: Req, reply: FastifyReply, v: RequestPageView = {}) {
    const { request, actors } = await getRequestFor(cert.db, principalOf(req), req.params.rid);
    return sendRequestPage(req, reply, deps, panels, request, actors, v);
  }

  /** Runs a step of the file; on success back to the page with a notice, else the page with the problem. */
  async function step(
    req: Req,
    reply: FastifyReply,
    run: () => Promise<unknown>,
    ok: keyof typeof NOTICES,
    onError: (e: AppError) => RequestPageView = (e) => ({ problems: asProblems(e) }),
  ) {
    try {
      await run();
      return reply.redirect(`/certificats/demandes/${req.params.rid}?ok=${ok}`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status === 404) throw e;
      return page(req, reply, { status: STATUS[e.code] ?? 400, ...onError(e) });
    }
  }

  // The collectivité's certificates and requests.
  app.get(
    '/collectivites/:cid/demandes-certificat',
    { config: SIGNED_IN },
    guard((req, reply) =>
      sendCollectiviteRequests(req, reply, deps, requireFileAccess(principalOf(req), req.params.cid)),
    ),
  );

  app.get(
    '/collectivites/:cid/demandes-certificat/nouvelle',
    { config: SIGNED_IN },
    guard(async (req, reply) => {
      const principal = principalOf(req);
      const cid = requireFileAccess(principal, req.params.cid);
      const renews = req.query.renouvelle;
      if (!renews) return sendNewRequestPage(req, reply, deps, cid, { form: EMPTY_FORM, renews: null });
      try {
        const { form, renews: old } = await renewalForm(cert, principal, cid, renews);
        return sendNewRequestPage(req, reply, deps, cid, { form, renews: old });
      } catch (e) {
        if (!isAppError(e) || e.status === 404) throw e;
        return sendFileRefusal(req, reply, deps, e);
      }
    }),
  );

  app.post(
    '/collectivites/:cid/demandes-certificat/nouvelle',
    { config: SIGNED_IN },
    guard(async (req, reply) => {
      const principal = principalOf(req);
      const cid = requireFileAccess(principal, req.params.cid);
      const form = formFromBody(req.body);
      const renewsId = field(req, 'renouvelle') || null;
      try {
        const created = await createRequest(cert, principal, cid, form, { renewsId });
        return reply.redirect(`/certificats/demandes/${created.id}?ok=creee`, 303);
      } catch (e) {
        if (!isAppError(e) || e.status === 404 || e.status === 403) throw e;
        const renews = renewsId ? await renewalForm(cert, principal, cid, renewsId).catch(() => null) : null;
        return sendNewRequestPage(req, reply, deps, cid, {
          form,
          renews: renews?.renews ?? null,
          problems: asProblems(e),
          status: STATUS[e.code] ?? 400,
        });
      }
    }),
  );

  // The request page, and its corrections.
  app.get(
    '/certificats/demandes/:rid',
    { config: SIGNED_IN },
    guard((req, reply) => page(req, reply, { notice: NOTICES[req.query.ok ?? ''] })),
  );

  app.post(
    '/certificats/demandes/:rid/modifier',
    { config: SIGNED_IN },
    guard((req, reply) => {
      const form = formFromBody(req.body);
      return step(
        req,
        reply,
        () => editRequest(cert, principalOf(req), req.params.rid, versionOf(req), form),
        'modifiee',
        (e) => ({ problems: asProblems(e), editForm: form }),
      );
    }),
  );

  // The file's steps.
  app.post(
    `/certificats/demandes/:rid/${FILE_ACTIONS.submit}`,
    { config: SIGNED_IN },
    guard((req, reply) =>
      step(
        req,
        reply,
        () => submitRequest(cert, principalOf(req), req.params.rid, versionOf(req)),
        'deposee',
      ),
    ),
  );
  app.post(
    `/certificats/demandes/:rid/${FILE_ACTIONS.check}`,
    { config: SIGNED_IN },
    guard((req, reply) =>
      step(req, reply, () => checkRequest(cert, principalOf(req), req.params.rid, versionOf(req)), 'validee'),
    ),
  );
  app.post(
    `/certificats/demandes/:rid/${FILE_ACTIONS.return}`,
    { config: SIGNED_IN },
    guard((req, reply) => {
      const reasons = field(req, 'motifs');
      return step(
        req,
        reply,
        () => returnRequest(cert, principalOf(req), req.params.rid, versionOf(req), reasons),
        'renvoyee',
        (e) => ({ problems: asProblems(e, 'motifs'), returnText: reasons }),
      );
    }),
  );
  app.post(
    `/certificats/demandes/:rid/${FILE_ACTIONS.cancel}`,
    { config: SIGNED_IN },
    guard((req, reply) =>
      step(
        req,
        reply,
        () => cancelRequest(cert, principalOf(req), req.params.rid, versionOf(req), field(req, 'motif')),
        'abandonnee',
      ),
    ),
  );

  // Documents: download (journaled), review.
  app.get(
    '/certificats/demandes/:rid/pieces/:docId',
    { config: SIGNED_IN },
    guard(async (req, reply) => {
      const { document, content } = await openDocument(
        cert,
        principalOf(req),
        req.params.rid,
        req.params.docId,
        {
          ip: req.auth.ip,
          httpRequestId: req.id,
        },
      );
      const ascii = document.fileName.replace(/[^\w.-]+/g, '_');
      const utf8 = encodeURIComponent(document.fileName).replace(/'/g, '%27');
      return reply
        .header('content-type', document.mediaType)
        .header('content-length', String(document.sizeBytes))
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`)
        .header('cache-control', 'no-store')
        .send(content);
    }),
  );

  app.post(
    '/certificats/demandes/:rid/pieces/:docId/examen',
    { config: SIGNED_IN },
    guard((req, reply) =>
      step(
        req,
        reply,
        () =>
          reviewDocument(cert, principalOf(req), req.params.rid, req.params.docId, {
            decision: field(req, 'decision'),
            note: field(req, 'note'),
          }),
        'examen',
        (e) => ({
          problems: asProblems(e).map((p) =>
            p.anchor === 'note' ? { ...p, anchor: `note-${req.params.docId}` } : p,
          ),
        }),
      ),
    ),
  );

  // Upload: multipart, streamed into the document store; the CSRF token travels in the address.
  app.register(async (scope) => {
    // One byte over the limit reaches the store, which refuses it with a French message (DOCUMENT_TOO_LARGE)
    // instead of the plugin's own error.
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 5, fieldSize: 1024 },
    });
    scope.post(
      '/certificats/demandes/:rid/pieces',
      { config: SIGNED_IN },
      guard(async (req, reply) => {
        const principal = principalOf(req);
        // Strangers are refused before a byte is stored.
        await getRequestFor(cert.db, principal, req.params.rid);
        if (!req.isMultipart())
          return page(req, reply, {
            status: 422,
            problems: [{ anchor: 'fichier', message: 'Choisissez le fichier de la pièce à ajouter.' }],
          });
        let kind = '';
        let added = false;
        let failure: AppError | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            if (part.fieldname === 'kind' && typeof part.value === 'string') kind = part.value;
            continue;
          }
          if (!part.filename || added || failure) {
            part.file.resume(); // "no file chosen" still sends an empty part
            continue;
          }
          try {
            await uploadDocument(cert, principal, req.params.rid, {
              kind,
              fileName: part.filename,
              content: part.file,
            });
            added = true;
          } catch (e) {
            part.file.resume();
            if (!isAppError(e)) throw e;
            failure = e;
          }
        }
        if (failure) {
          if (failure.status === 404) throw failure;
          return page(req, reply, {
            status: STATUS[failure.code] ?? 400,
            problems: asProblems(failure, 'fichier'),
          });
        }
        if (!added)
          return page(req, reply, {
            status: 422,
            problems: [{ anchor: 'fichier', message: 'Choisissez le fichier de la pièce à ajouter.' }],
          });
        return reply.redirect(`/certificats/demandes/${req.params.rid}?ok=piece#pieces`, 303);
      }),
    );
  });

  // The RA officers' worklist.
  // The worklist; « Les demandes d’un membre » (a plain GET form) leads to one collectivité's requests.
  app.get('/syndicat/certificats', { config: RA }, (req: Req, reply) => {
    const chosen = req.query.collectivite;
    if (chosen && isUuid(chosen)) return reply.redirect(`/collectivites/${chosen}/demandes-certificat`, 303);
    return sendWorklist(req, reply, deps);
  });
}
