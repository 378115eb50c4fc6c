// The issued certificate and its handover, on a request: import (PEM or DER, file or pasted text) or
// collect from the CA connector, the appointment, the handover report (PDF), the signed report's upload
// that records the handover, and in demo mode the token (.p12) for the RA officer. Every route finds the
// request through `getRequestFor` (not found for anyone unrelated) and each use case checks the actor.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfToken } from '../../../../auth/http/cookies.ts';
import { sendPage } from '../../../../auth/http/pages.ts';
import { recordSecurityEvent } from '../../../../auth/journal/security-journal.ts';
import { getAuthority } from '../../../../certification/catalogue.ts';
import { deleteContentIfUnreferenced } from '../../../../certification/evidence-content.ts';
import { handOver, handoverReportContent } from '../../../../certification/handover/hand-over.ts';
import { renderHandoverReport } from '../../../../certification/handover/handover-report.ts';
import { scheduleAppointment } from '../../../../certification/handover/schedule-appointment.ts';
import { receiveCertificate } from '../../../../certification/orders/receive-certificate.ts';
import { actorForAction, getRequestFor } from '../../../../certification/request-store.ts';
import { sniffed } from '../../../../certification/requests/index.ts';
import { REQUEST_ACTIONS, type RequestState } from '../../../../certification/workflow.ts';
import { AppError, isAppError } from '../../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { errorSummary, FORM_STYLE, type Problem } from '../../nouvel-acte/form-kit.ts';
import { asProblems, raNav, STATUS, sendFilePage, sendFileRefusal } from '../dossier/file-frame.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { handoverForm, importForm } from './panels.ts';

type RidReq = FastifyRequest<{ Params: { rid: string } }>;
const SIGNED_IN = { access: 'signed-in' } as const;
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const MAX_REPORT_BYTES = 20 * 1024 * 1024;
const base = (rid: string) => `/certificats/demandes/${rid}`;
const REPORT_TOO_BIG =
  'Le procès-verbal numérisé dépasse 20 Mo : numérisez-le en noir et blanc ou en résolution plus basse.';
const notPdf = (fileName: string) =>
  new AppError(
    'VALIDATION_FAILED',
    `« ${fileName} » n’est pas un PDF : numérisez le procès-verbal signé en PDF.`,
  );

export function registerCertificateRoutes(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const c = deps.certification;
  const where = (req: FastifyRequest) => ({ ip: req.auth.ip, requestId: req.id });

  /** A refused step: the page says why, with the form again when retrying makes sense. */
  async function sendStepProblem(
    req: RidReq,
    reply: FastifyReply,
    e: AppError,
    title: string,
    form?: (problems: Problem[]) => SafeHtml,
  ) {
    if (e.code === 'NOT_FOUND') return sendFileRefusal(req, reply, deps, e);
    const problems = asProblems(e);
    return sendFilePage(req, reply, deps, {
      title,
      cid: null,
      status: STATUS[e.code] ?? e.status,
      body: html`<h1>${title}</h1>${errorSummary(problems)}${form ? form(problems) : ''}
<p><a href="${base(req.params.rid)}">Revenir à la demande</a></p>`,
    });
  }

  app.register(async (scope) => {
    // One byte over the limit reaches the store, which refuses it (DOCUMENT_TOO_LARGE): the page then says
    // so in French instead of the plugin's own error.
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_REPORT_BYTES + 1, files: 1, fields: 10, fieldSize: 70_000 },
    });

    // Import of the issued certificate: a file (.cer, .crt, .pem, .der) or the PEM text.
    scope.post('/certificats/demandes/:rid/certificat', { config: SIGNED_IN }, async (req: RidReq, reply) => {
      const fields: Record<string, string> = {};
      let file: Buffer | null = null;
      let tooBig = false;
      if (req.isMultipart())
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const chunk of part.file as AsyncIterable<Buffer>) {
            size += chunk.length;
            if (size > MAX_CERTIFICATE_BYTES) tooBig = true;
            else chunks.push(chunk);
          }
          if (size > 0) file = Buffer.concat(chunks);
        }
      else Object.assign(fields, req.body ?? {});
      const pasted = (fields.pem ?? '').trim();
      const form = (problems: Problem[]) =>
        importForm(
          req,
          reply,
          deps,
          req.params.rid,
          problems,
          pasted,
          csrfToken(req, reply, deps.secureCookies),
        );
      try {
        if (tooBig)
          throw new AppError(
            'VALIDATION_FAILED',
            'Ce fichier est bien trop gros pour un certificat (64 Ko au plus) : ce n’est sans doute pas le bon fichier.',
          );
        if (!file && !pasted)
          throw new AppError(
            'VALIDATION_FAILED',
            'Choisissez le fichier du certificat ou collez son texte PEM.',
          );
        await receiveCertificate(c, {
          principal: req.auth.principal!,
          requestId: req.params.rid,
          certificate: file ?? pasted,
          confirmMismatch: fields.confirmer === 'oui',
        });
        return reply.redirect(`${base(req.params.rid)}?fait=certificat-recu#autorite`, 303);
      } catch (e) {
        if (!isAppError(e)) throw e;
        return sendStepProblem(req, reply, e, 'Importer le certificat délivré', form);
      }
    });

    // The signed handover report (PDF scan) records the face-to-face handover.
    scope.post('/certificats/demandes/:rid/remise', { config: SIGNED_IN }, async (req: RidReq, reply) => {
      const fields: Record<string, string> = {};
      let report: { stored: { sha256: string; size: number }; fileName: string } | null = null;
      const problems: Problem[] = [];
      try {
        // Before reading the upload: only an RA officer on a request at this step may send it.
        const { actors, request } = await getRequestFor(c.db, req.auth.principal!, req.params.rid);
        actorForAction(actors, 'hand-over');
        if (!(REQUEST_ACTIONS['hand-over'].from as readonly RequestState[]).includes(request.state))
          throw new AppError(
            'CERT_REQUEST_STATE',
            'La remise est déjà enregistrée, ou le certificat n’est pas encore délivré.',
          );
        if (req.isMultipart())
          for await (const part of req.parts()) {
            if (part.type === 'field') {
              if (typeof part.value === 'string') fields[part.fieldname] = part.value;
              continue;
            }
            if (!part.filename) {
              part.file.resume();
              continue;
            }
            // Checked while it streams: a file that is not a PDF, or too big, never reaches the store.
            try {
              const stored = await c.documents.put(
                sniffed(part.file, part.filename, { type: null }, ['application/pdf'], () =>
                  notPdf(part.filename),
                ),
                { maxBytes: MAX_REPORT_BYTES },
              );
              if (part.file.truncated) {
                await deleteContentIfUnreferenced(c, stored.sha256);
                problems.push({ anchor: 'pv', message: REPORT_TOO_BIG });
              } else report = { stored, fileName: part.filename };
            } catch (e) {
              part.file.resume();
              if (!isAppError(e)) throw e;
              problems.push({
                anchor: 'pv',
                message: e.code === 'DOCUMENT_TOO_LARGE' ? REPORT_TOO_BIG : e.message,
              });
            }
          }
        if (!report && problems.length === 0)
          problems.push({
            anchor: 'pv',
            message: 'Joignez le procès-verbal signé par le titulaire et par vous, numérisé en PDF.',
          });
        if (problems.length)
          throw new AppError(
            'VALIDATION_FAILED',
            problems[0]!.message,
            problems.map((p) => ({ field: p.anchor, message: p.message })),
          );
        await handOver(c, {
          principal: req.auth.principal!,
          requestId: req.params.rid,
          report: report!,
          identityDocument: fields.piece ?? '',
          identityChecked: fields.identite === 'oui',
        });
        return reply.redirect(`${base(req.params.rid)}?fait=remis#autorite`, 303);
      } catch (e) {
        // A refused handover keeps nothing of its report (unless the same bytes are named elsewhere).
        if (report) await deleteContentIfUnreferenced(c, report.stored.sha256);
        if (!isAppError(e)) throw e;
        return sendStepProblem(req, reply, e, 'Enregistrer la remise', (ps) =>
          handoverForm(req, reply, deps, req.params.rid, ps, csrfToken(req, reply, deps.secureCookies)),
        );
      }
    });
  });

  // Collect from the CA connector (demo: issued at once). The token's password is shown here, once.
  app.post('/certificats/demandes/:rid/recuperer', { config: SIGNED_IN }, async (req: RidReq, reply) => {
    try {
      const received = await receiveCertificate(c, {
        principal: req.auth.principal!,
        requestId: req.params.rid,
      });
      const url = base(req.params.rid);
      // Not kept in the browser's cache: the page shows the token's password.
      return sendPage(req, reply, deps, {
        title: 'Certificat récupéré',
        noStore: true,
        body: html`${FORM_STYLE}${raNav(null)}<h1>Certificat récupéré auprès de ${received.request.authorityName}</h1>
<p class="success" role="status">Le certificat de ${received.request.holder.name} est délivré (n° de série ${received.certificate.serialHex}) : la demande passe à l’étape « support reçu ».</p>
${
  received.tokenPassword
    ? html`<h2>Mot de passe du support</h2>
<p>Le support de démonstration est un fichier .p12 protégé par ce mot de passe. <strong>Notez-le maintenant : il ne sera plus affiché.</strong> Vous le remettrez au titulaire avec le support.</p>
<p class="secret">${received.tokenPassword}</p>
<p><a class="button" href="${url}/support.p12">Télécharger le support (.p12)</a></p>`
    : ''
}
<p><a href="${url}">Revenir à la demande</a> pour fixer le rendez-vous de remise.</p>`,
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      return sendStepProblem(req, reply, e, 'Récupérer le certificat');
    }
  });

  app.post('/certificats/demandes/:rid/rendez-vous', { config: SIGNED_IN }, async (req: RidReq, reply) => {
    const body = (req.body ?? {}) as { date?: unknown; lieu?: unknown };
    try {
      const r = await scheduleAppointment(c, {
        principal: req.auth.principal!,
        requestId: req.params.rid,
        at: typeof body.date === 'string' ? body.date : '',
        place: typeof body.lieu === 'string' ? body.lieu : '',
      });
      return reply.redirect(
        `${base(req.params.rid)}?fait=${r.mailed ? 'rendez-vous-envoye' : 'rendez-vous'}#autorite`,
        303,
      );
    } catch (e) {
      if (!isAppError(e)) throw e;
      return sendStepProblem(req, reply, e, 'Fixer le rendez-vous de remise');
    }
  });

  // The report to print: for the RA officers and the holder; journaled (it carries personal data).
  app.get(
    '/certificats/demandes/:rid/proces-verbal.pdf',
    { config: SIGNED_IN },
    async (req: RidReq, reply) => {
      try {
        const { actors } = await getRequestFor(c.db, req.auth.principal!, req.params.rid);
        if (!actors.includes('ra') && !actors.includes('holder'))
          throw new AppError(
            'FORBIDDEN',
            'Le procès-verbal de remise est imprimé par le syndicat et remis au titulaire.',
          );
        const { request, content } = await handoverReportContent(c, req.auth.principal!, req.params.rid);
        const pdf = await renderHandoverReport(content);
        await recordSecurityEvent(c.db, {
          kind: 'certificate-request.report-read',
          at: c.clock.now(),
          userId: req.auth.principal!.user?.id ?? null,
          collectiviteId: request.collectiviteId,
          ...where(req),
          reason: `Procès-verbal de remise de la demande n° ${request.number} généré.`,
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="proces-verbal-remise-${request.number}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(pdf));
      } catch (e) {
        if (!isAppError(e)) throw e;
        return sendStepProblem(req, reply, e, 'Procès-verbal de remise');
      }
    },
  );

  // Demo only: the token itself, for the RA officer to hand over; journaled.
  app.get('/certificats/demandes/:rid/support.p12', { config: SIGNED_IN }, async (req: RidReq, reply) => {
    try {
      const { request, actors } = await getRequestFor(c.db, req.auth.principal!, req.params.rid);
      if (!actors.includes('ra'))
        throw new AppError(
          'FORBIDDEN',
          'Seul un officier d’enregistrement du syndicat télécharge le support, pour le remettre en main propre.',
        );
      const authority = await getAuthority(c.db, request.authorityCode);
      if (authority?.connector !== 'demo' || !request.certificate)
        throw new AppError(
          'NOT_FOUND',
          'Aucun support téléchargeable pour cette demande : seule l’autorité de démonstration en fournit un, une fois le certificat délivré.',
        );
      const issued = await c.connector('demo').collect(request);
      if (!issued?.token || issued.certificate.fingerprint !== request.certificate.fingerprint)
        throw new AppError(
          'NOT_FOUND',
          'L’autorité de démonstration n’a pas le support de ce certificat (il a été importé à la main).',
        );
      await recordSecurityEvent(c.db, {
        kind: 'certificate-request.token-downloaded',
        at: c.clock.now(),
        userId: req.auth.principal!.user?.id ?? null,
        collectiviteId: request.collectiviteId,
        certificateFingerprint: request.certificate.fingerprint,
        ...where(req),
        reason: `Support de démonstration de la demande n° ${request.number} téléchargé.`,
      });
      return reply
        .type('application/x-pkcs12')
        .header('content-disposition', `attachment; filename="${issued.token.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(issued.token.p12);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return sendStepProblem(req, reply, e, 'Support du certificat');
    }
  });
}
