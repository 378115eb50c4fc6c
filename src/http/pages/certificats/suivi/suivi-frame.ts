// Shared bits of the lifecycle pages: the RA officers' frame (plain page with the RA links), refusals
// as French pages, form fields read from a urlencoded body, and the forms of a revocation.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type PageDeps, postForm, sendPage } from '../../../../auth/http/pages.ts';
import type { Principal } from '../../../../auth/policy.ts';
import { isAppError } from '../../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { errorSummary, FORM_STYLE, fieldErrors, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { asProblems, RA_LINKS_STYLE, raNav } from '../ra-nav.ts';

export type FormReq = FastifyRequest<{
  Params: Record<string, string>;
  Querystring: Record<string, string | undefined>;
  Body: Record<string, string | string[] | undefined> | undefined;
}>;

export const SIGNED_IN = { access: 'signed-in' } as const;
export const RA = { access: { permission: 'ra.officer' } } as const;
export const OPERATOR = { access: { permission: 'operator.admin' } } as const;

const STYLE = html`<style>
.chiffre{font-size:1.6rem;font-weight:700}.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.filters label{margin:0}.success{background:#e8f5e9;border-left:4px solid #135e2a;padding:.5rem 1rem}
</style>`;

export function fieldOf(req: FormReq, name: string): string {
  const v = req.body?.[name];
  return (Array.isArray(v) ? v[0] : v)?.toString() ?? '';
}

export function fieldsOf(req: FormReq, name: string): string[] {
  const v = req.body?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
}

export { asProblems } from '../ra-nav.ts';

/** A page for the syndicat's side (RA officers, operator admins): the plain frame and the RA links. */
export function sendRaPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PageDeps,
  opts: { title: string; current: string | null; body: SafeHtml; status?: number },
): FastifyReply {
  const p = req.auth.principal!;
  const nav = p.isRaOfficer ? raNav(opts.current) : '';
  return sendPage(req, reply, deps, {
    title: opts.title,
    status: opts.status,
    noStore: true,
    body: html`${FORM_STYLE}${RA_LINKS_STYLE}${STYLE}${nav}${opts.body}`,
  });
}

/** Not found, forbidden and refused steps as French pages; anything else to the error handler. */
export function sendRefusal(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: PageDeps,
  e: unknown,
  back: { href: string; label: string } = { href: '/tableau-de-bord', label: 'Revenir au tableau de bord' },
): FastifyReply {
  if (!isAppError(e)) throw e;
  const title = e.code === 'NOT_FOUND' ? 'Introuvable' : 'Action impossible';
  return sendRaPage(req, reply, deps, {
    title,
    current: null,
    status: e.status,
    body: html`<h1>${title}</h1>${errorSummary(asProblems(e))}<p><a href="${back.href}">${back.label}</a></p>`,
  });
}

export const REVOCATION_FIELDS = { reason: 'motif', note: 'precision' } as const;

/** The revocation form (reason from the list, optional note), posted to the request's address. */
export function revocationForm(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  requestId: string,
  reasons: Record<string, string>,
  opts: { problems?: readonly Problem[]; values?: { reason?: string; note?: string }; back?: string } = {},
): SafeHtml {
  const problems = opts.problems ?? [];
  // Several forms on one page (« Mes certificats »): ids per request, plain ones where errors link to them.
  const ids = opts.problems
    ? { reason: 'reason', note: 'note' }
    : { reason: `reason-${requestId}`, note: `note-${requestId}` };
  const suite = opts.back ? html`<input type="hidden" name="suite" value="${opts.back}">` : '';
  return postForm(
    req,
    reply,
    deps,
    `/certificats/demandes/${requestId}/revocation`,
    html`${suite}<fieldset id="${ids.reason}"><legend>Motif de la révocation</legend>${fieldErrors(problems, 'reason')}
${Object.entries(reasons).map(
  ([k, label]) =>
    html`<label><input type="radio" name="${REVOCATION_FIELDS.reason}" value="${k}"${opts.values?.reason === k ? html` checked` : ''} required> ${label}</label>`,
)}</fieldset>
<label for="${ids.note}">Précision (facultatif)</label>${fieldErrors(problems, 'note')}
<textarea id="${ids.note}" name="${REVOCATION_FIELDS.note}" rows="2" maxlength="1000">${opts.values?.note ?? ''}</textarea>
<p><button type="submit">Demander la révocation</button></p>
<p><small>Le certificat ne permettra plus de se connecter à Relais dès la demande enregistrée. Cette action est définitive : pour continuer à transmettre, il faudra un nouveau certificat.</small></p>`,
  );
}

/** Whether the principal is a person (tokens have no pages here). */
export function isPerson(
  p: Principal | null | undefined,
): p is Principal & { user: NonNullable<Principal['user']> } {
  return !!p?.user;
}
