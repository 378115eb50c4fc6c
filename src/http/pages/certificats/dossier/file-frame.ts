// The frame of the file pages: a member of the request's collectivité sees it inside the collectivité's
// frame; an RA officer of the syndicat who is not a member sees the plain frame with the RA links.
// Refusals are pages too, in French.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendPage } from '../../../../auth/http/pages.ts';
import type { AppError } from '../../../../kernel/errors.ts';
import { type NavKey, sendAppPage } from '../../../ui/app-frame.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { FORM_STYLE } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { RA_LINKS_STYLE, raNav } from '../ra-nav.ts';

const STYLE = html`<style>
.etat{border-left:6px solid #0b4f8a;background:#eef4fb;padding:.6rem 1rem;margin:1rem 0}.etat h2{margin:.2rem 0}
.motifs{border-left:6px solid #9b1c1c;background:#fff5f5;padding:.6rem 1rem;margin:1rem 0;white-space:pre-line}
.badge-ok{color:#135e2a;font-weight:700}.badge-ko{color:#9b1c1c;font-weight:700}.badge-wait{color:#7a4b00;font-weight:700}
dl.resume{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.2rem 1rem}dl.resume dt{font-weight:700}dl.resume dd{margin:0}
form.inline-review{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}form.inline-review label{display:inline;margin:0}
</style>`;

export async function sendFilePage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  opts: { title: string; cid: string | null; body: SafeHtml; status?: number; current?: NavKey | null },
): Promise<FastifyReply> {
  const p = req.auth.principal!;
  const body = html`${FORM_STYLE}${RA_LINKS_STYLE}${STYLE}${opts.body}`;
  if (opts.cid && p.collectiviteIds.includes(opts.cid))
    return sendAppPage(req, reply, deps, {
      title: opts.title,
      cid: opts.cid,
      current: opts.current ?? 'certificats',
      body,
      status: opts.status,
    });
  return sendPage(req, reply, deps, {
    title: opts.title,
    body: html`${p.isRaOfficer ? raNav(opts.current === 'autorite' ? '/syndicat/certificats' : null) : ''}${body}`,
    status: opts.status,
  });
}

/** A refusal (not found, forbidden) as a page that says what happened and where to go. */
export function sendFileRefusal(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  e: AppError,
): Promise<FastifyReply> {
  const title = e.code === 'NOT_FOUND' ? 'Introuvable' : 'Action impossible';
  return sendFilePage(req, reply, deps, {
    title,
    cid: null,
    status: e.status,
    body: html`<h1>${title}</h1><p>${e.message}</p>
<p><a href="/tableau-de-bord">Revenir au tableau de bord</a></p>`,
  });
}

export const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 422,
  CERT_REQUEST_STATE: 409,
  CONFLICT: 409,
  FORBIDDEN: 403,
  DOCUMENT_TOO_LARGE: 413,
};

export { asProblems, raNav } from '../ra-nav.ts';
