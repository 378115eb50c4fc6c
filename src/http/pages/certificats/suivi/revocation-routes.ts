// Revocation from the pages: the request (holder, collectivité admin, RA officer) and the RA officer's
// record of the CA's confirmation. Success goes back where the person came from (the request page or
// « Mes certificats ») with a notice; a problem shows the form again with what to correct.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { principalOf } from '../../../../auth/http/install-auth.ts';
import { postForm } from '../../../../auth/http/pages.ts';
import { confirmRevocation, requestRevocation } from '../../../../certification/lifecycle/index.ts';
import { REVOCATION_REASONS } from '../../../../certification/workflow.ts';
import { isAppError } from '../../../../kernel/errors.ts';
import { html } from '../../../ui/html.ts';
import { errorSummary, fieldErrors, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import {
  asProblems,
  type FormReq,
  fieldOf,
  REVOCATION_FIELDS,
  revocationForm,
  SIGNED_IN,
  sendRaPage,
  sendRefusal,
} from './suivi-frame.ts';

/** Where to go back after a revocation: « Mes certificats » or the request page, nothing else. */
function backTo(req: FormReq, rid: string): string {
  return fieldOf(req, 'suite') === '/mes-certificats' ? '/mes-certificats' : `/certificats/demandes/${rid}`;
}

export function confirmationForm(
  req: FormReq | Parameters<typeof postForm>[0],
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  rid: string,
  today: string,
  opts: { problems?: readonly Problem[]; values?: { reference?: string; date?: string } } = {},
) {
  const problems = opts.problems ?? [];
  return postForm(
    req,
    reply,
    deps,
    `/certificats/demandes/${rid}/revocation/confirmation`,
    html`<label for="reference">Référence de la révocation donnée par l’autorité de certification</label>${fieldErrors(problems, 'reference')}
<input id="reference" name="reference" required maxlength="200" value="${opts.values?.reference ?? ''}">
<label for="confirmedOn">Date de la confirmation</label>${fieldErrors(problems, 'confirmedOn')}
<input id="confirmedOn" name="date" type="date" required max="${today}" value="${opts.values?.date ?? today}">
<p><button type="submit">Enregistrer la confirmation de révocation</button></p>`,
  );
}

export function registerRevocationRoutes(app: FastifyInstance, deps: CertificationPagesDeps): void {
  const cert = deps.certification;

  app.post('/certificats/demandes/:rid/revocation', { config: SIGNED_IN }, async (req: FormReq, reply) => {
    const rid = req.params.rid ?? '';
    const values = {
      reason: fieldOf(req, REVOCATION_FIELDS.reason),
      note: fieldOf(req, REVOCATION_FIELDS.note),
    };
    const back = backTo(req, rid);
    try {
      await requestRevocation(cert, {
        principal: principalOf(req),
        requestId: rid,
        reason: values.reason,
        note: values.note,
        ip: req.auth.ip,
        httpRequestId: req.id,
      });
      return reply.redirect(`${back}?ok=revocation-demandee`, 303);
    } catch (e) {
      if (!isAppError(e) || e.status === 404 || e.status === 403)
        return sendRefusal(req, reply, deps, e, { href: back, label: 'Revenir en arrière' });
      const problems = asProblems(e);
      return sendRaPage(req, reply, deps, {
        title: 'Demander la révocation',
        current: null,
        status: e.status,
        body: html`<h1>Demander la révocation du certificat</h1>${errorSummary(problems)}
${e.code === 'VALIDATION_FAILED' ? revocationForm(req, reply, deps, rid, REVOCATION_REASONS, { problems, values, back }) : ''}
<p><a href="${back}">Revenir en arrière</a></p>`,
      });
    }
  });

  app.post(
    '/certificats/demandes/:rid/revocation/confirmation',
    { config: SIGNED_IN },
    async (req: FormReq, reply) => {
      const rid = req.params.rid ?? '';
      const values = { reference: fieldOf(req, 'reference'), date: fieldOf(req, 'date') };
      try {
        await confirmRevocation(cert, {
          principal: principalOf(req),
          requestId: rid,
          reference: values.reference,
          confirmedOn: values.date,
        });
        return reply.redirect(`/certificats/demandes/${rid}?ok=revocation-confirmee`, 303);
      } catch (e) {
        const back = { href: `/certificats/demandes/${rid}`, label: 'Revenir à la demande' };
        if (!isAppError(e) || e.status === 404 || e.status === 403)
          return sendRefusal(req, reply, deps, e, back);
        const problems = asProblems(e);
        const today = cert.clock.now().toISOString().slice(0, 10);
        return sendRaPage(req, reply, deps, {
          title: 'Confirmation de révocation',
          current: null,
          status: e.status,
          body: html`<h1>Enregistrer la confirmation de révocation</h1>${errorSummary(problems)}
${e.code === 'VALIDATION_FAILED' ? confirmationForm(req, reply, deps, rid, today, { problems, values }) : ''}
<p><a href="${back.href}">${back.label}</a></p>`,
        });
      }
    },
  );
}
