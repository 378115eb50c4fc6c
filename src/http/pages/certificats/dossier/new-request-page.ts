// The new-request form of a collectivité (its admins, or an RA officer filling it for them); with
// `?renouvelle=<rid>` the renewal of a certificate, prefilled from the holder's last request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postForm } from '../../../../auth/http/pages.ts';
import type { ScopedCollectiviteId } from '../../../../auth/policy.ts';
import { listProducts } from '../../../../certification/catalogue.ts';
import type { CertificateRequest } from '../../../../certification/request-store.ts';
import { peopleOf, type RequestForm } from '../../../../certification/requests/index.ts';
import { AppError } from '../../../../kernel/errors.ts';
import { getCollectivite } from '../../../../tenants/index.ts';
import { html } from '../../../ui/html.ts';
import { errorSummary, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import { sendFilePage } from './file-frame.ts';
import { requestFields } from './request-form.ts';

export async function sendNewRequestPage(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: CertificationPagesDeps,
  cid: ScopedCollectiviteId,
  v: { form: RequestForm; renews: CertificateRequest | null; problems?: Problem[]; status?: number },
): Promise<FastifyReply> {
  const db = deps.certification.db;
  const c = await getCollectivite(db, cid);
  if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
  const [products, people] = await Promise.all([listProducts(db, { activeOnly: true }), peopleOf(db, cid)]);
  const base = `/collectivites/${cid}/demandes-certificat`;
  const title = v.renews ? 'Renouveler un certificat' : 'Nouvelle demande de certificat';
  const body = html`<p><a href="${base}">← Certificats et demandes</a></p>
<h1>${title} — ${c.name}</h1>
${
  v.renews
    ? html`<p class="note">Renouvellement du certificat de <strong>${v.renews.holder.name}</strong> (demande n° ${v.renews.number}) : la demande est préremplie à partir de la dernière demande de cette personne. Vérifiez chaque information, en particulier la fonction et le représentant légal.</p>`
    : ''
}
<p>La demande est d’abord enregistrée en brouillon : vous ajouterez ensuite les pièces demandées (copie de la pièce d’identité, délibération ou procès-verbal d’élection, contrat signé…), puis vous la déposerez auprès du syndicat.</p>
${errorSummary(v.problems ?? [])}
${postForm(
  req,
  reply,
  deps,
  `${base}/nouvelle`,
  html`${v.renews ? html`<input type="hidden" name="renouvelle" value="${v.renews.id}">` : ''}<div class="form-relais">
${requestFields({ form: v.form, problems: v.problems ?? [], products, people })}
<div class="actions"><button type="submit">Enregistrer la demande en brouillon</button></div></div>`,
)}`;
  return sendFilePage(req, reply, deps, { title, cid, body, status: v.status });
}
