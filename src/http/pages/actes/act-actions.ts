// The forms about one act: send, confirm, send back to draft, take back after a refusal, cancel (with a
// confirmation step) and answer a préfecture letter (multipart upload streamed to the document store).
// Success: 303 back to the act's page with a confirmation; a refusal: the page again, its error summary
// on top.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  answerPrefectureMessage,
  cancelAct,
  confirmAct,
  getAct,
  reopenRefusedAct,
  sendBackAct,
  submitAct,
  type UploadedDocument,
} from '../../../actes/transmission/index.ts';
import type { RouteAccess } from '../../../auth/http/install-auth.ts';
import { postForm } from '../../../auth/http/pages.ts';
import { scopedCollectivite } from '../../../auth/index.ts';
import { type AppError, type FieldProblem, isAppError } from '../../../kernel/errors.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import { html } from '../../ui/html.ts';
import { actorOf, type CidReq, field, type PagesDeps } from '../page-deps.ts';
import { sendActNotFound, sendActPage } from './act-page.ts';

const A = '/collectivites/:cid/actes/:actId';
const prepare = { access: { permission: 'act.prepare', collectiviteParam: 'cid' } } as const;
const transmit = { access: { permission: 'act.transmit', collectiviteParam: 'cid' } } as const;

/** What a refused action shows: the use case's problems, or its one message. */
function problemsOf(e: AppError): FieldProblem[] {
  return e.problems.length ? [...e.problems] : [{ field: 'action', message: e.message }];
}

const STATUS: Record<string, number> = { VALIDATION_FAILED: 422, CONFLICT: 409, FORBIDDEN: 403 };

export function registerActActions(app: FastifyInstance, deps: PagesDeps): void {
  const t = deps.transmission;
  const back = (req: CidReq, reply: FastifyReply, ok: string) =>
    reply.redirect(`/collectivites/${scopedCollectivite(req)}/actes/${req.params.actId}?ok=${ok}`, 303);

  const action = (path: string, config: { access: RouteAccess }, run: (req: CidReq) => Promise<string>) =>
    app.post(`${A}/${path}`, { config }, async (req: CidReq, reply) => {
      try {
        return back(req, reply, await run(req));
      } catch (e) {
        if (!isAppError(e)) throw e;
        if (e.code === 'NOT_FOUND') return sendActNotFound(req, reply, deps);
        return sendActPage(req, reply, deps, { problems: problemsOf(e), status: STATUS[e.code] ?? 400 });
      }
    });

  action('envoi', prepare, async (req) => {
    const act = await submitAct(t, scopedCollectivite(req), actorOf(req), req.params.actId);
    return act.state === 'awaiting_confirmation' ? 'confirmation-demandee' : 'envoye';
  });
  action('confirmation', transmit, async (req) => {
    await confirmAct(t, scopedCollectivite(req), actorOf(req), req.params.actId);
    return 'confirme';
  });
  action('reprise', prepare, async (req) => {
    await reopenRefusedAct(t, scopedCollectivite(req), actorOf(req), req.params.actId);
    return 'repris';
  });

  app.post(`${A}/renvoi-brouillon`, { config: transmit }, async (req: CidReq, reply) => {
    const motif = field(req, 'motif');
    if (!motif)
      return sendActPage(req, reply, deps, {
        status: 422,
        problems: [{ field: 'motif', message: 'Indiquez ce qu’il faut corriger avant de renvoyer l’acte.' }],
      });
    try {
      await sendBackAct(t, scopedCollectivite(req), actorOf(req), req.params.actId, motif);
      return back(req, reply, 'renvoye-brouillon');
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (e.code === 'NOT_FOUND') return sendActNotFound(req, reply, deps);
      return sendActPage(req, reply, deps, { problems: problemsOf(e), status: STATUS[e.code] ?? 400, motif });
    }
  });

  // Cancelling is not undone: a page asks first, and the form must say "oui".
  app.get(`${A}/annulation`, { config: transmit }, async (req: CidReq, reply) => {
    const cid = scopedCollectivite(req);
    const act = await getAct(deps.db, cid, req.params.actId);
    if (!act) return sendActNotFound(req, reply, deps);
    const base = `/collectivites/${cid}/actes/${act.id}`;
    const body = html`<p><a href="${base}">← Revenir à l’acte</a></p>
<h1>Demander l’annulation de l’acte ?</h1>
<p>Vous allez demander à la préfecture d’annuler la transmission de l’acte <strong>${act.objet}</strong> (n° ${act.numeroInterne}).</p>
<p class="note">Une annulation ne se reprend pas. Faites-la seulement si l’acte a été retiré ou transmis par erreur.</p>
${postForm(
  req,
  reply,
  deps,
  `${base}/annulation`,
  html`<input type="hidden" name="confirmation" value="oui"><div class="actions"><button type="submit" class="danger">Oui, demander l’annulation</button><a href="${base}">Non, revenir à l’acte</a></div>`,
)}`;
    return sendAppPage(req, reply, deps, { title: 'Demander l’annulation', cid, current: 'actes', body });
  });
  app.post(`${A}/annulation`, { config: transmit }, async (req: CidReq, reply) => {
    if (field(req, 'confirmation') !== 'oui')
      return reply.redirect(
        `/collectivites/${scopedCollectivite(req)}/actes/${req.params.actId}/annulation`,
        303,
      );
    try {
      await cancelAct(t, scopedCollectivite(req), actorOf(req), req.params.actId);
      return back(req, reply, 'annulation-demandee');
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (e.code === 'NOT_FOUND') return sendActNotFound(req, reply, deps);
      return sendActPage(req, reply, deps, { problems: problemsOf(e), status: STATUS[e.code] ?? 400 });
    }
  });

  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: t.settings.maxArchiveBytes, files: 50, fields: 10, fieldSize: 4096 },
    });
    scope.post(`${A}/courriers/:messageId/reponse`, { config: transmit }, async (req: CidReq, reply) => {
      const cid = scopedCollectivite(req);
      const problems: FieldProblem[] = [];
      const uploads: UploadedDocument[] = [];
      let code = '';
      let typology = '99_AU';
      if (!req.isMultipart())
        return sendActPage(req, reply, deps, {
          status: 422,
          problems: [{ field: 'documents', message: 'Joignez votre réponse (un fichier PDF).' }],
        });
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          const v = typeof part.value === 'string' ? part.value : '';
          if (part.fieldname === 'code') code = v;
          if (part.fieldname === 'typologie' && v) typology = v;
          continue;
        }
        if (!part.filename) {
          part.file.resume(); // "no file chosen" still sends an empty part
          continue;
        }
        try {
          const stored = await t.documents.put(part.file, { maxBytes: t.settings.maxArchiveBytes });
          if (part.file.truncated)
            problems.push({ field: 'documents', message: `Le fichier « ${part.filename} » est trop gros.` });
          else uploads.push({ typology, originalName: part.filename, content: { stored } });
        } catch (e) {
          if (!isAppError(e)) throw e;
          part.file.resume();
          problems.push({ field: 'documents', message: `Le fichier « ${part.filename} » : ${e.message}` });
        }
      }
      if (!code) problems.push({ field: 'code', message: 'Choisissez votre réponse.' });
      if (problems.length) return sendActPage(req, reply, deps, { status: 422, problems });
      try {
        await answerPrefectureMessage(t, cid, actorOf(req), req.params.messageId, code, uploads);
        return reply.redirect(
          `/collectivites/${cid}/actes/${req.params.actId}?ok=reponse-envoyee#courriers`,
          303,
        );
      } catch (e) {
        if (!isAppError(e)) throw e;
        if (e.code === 'NOT_FOUND') return sendActNotFound(req, reply, deps);
        return sendActPage(req, reply, deps, { problems: problemsOf(e), status: STATUS[e.code] ?? 400 });
      }
    });
  });
}
