// The CA side's panels on the request page: the order, the issued certificate (collect or import), the
// appointment, the handover (report to print, signed report to upload), the demo token, the linking to
// the holder's account. Each part shows only to the actors concerned.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatFingerprint } from '../../../../auth/certificates/certificate-info.ts';
import { csrfToken } from '../../../../auth/http/cookies.ts';
import { frDate, frDateTime, postForm } from '../../../../auth/http/pages.ts';
import { formatEuros, getAuthority } from '../../../../certification/catalogue.ts';
import { IDENTITY_DOCUMENTS } from '../../../../certification/handover/hand-over.ts';
import { lastLinkRefusal } from '../../../../certification/linking/link-certificate.ts';
import { type CertificateRequest, holderNameIn } from '../../../../certification/request-store.ts';
import { html, type SafeHtml } from '../../../ui/html.ts';
import { describedBy, fieldErrors, type Problem } from '../../nouvel-acte/form-kit.ts';
import type { CertificationPagesDeps } from '../pages-deps.ts';
import type { PanelContext, RequestPanel } from '../request-panels.ts';

const NOTICES: Record<string, string> = {
  'certificat-recu':
    'Le certificat délivré est enregistré : la demande passe à l’étape « support reçu ». Fixez maintenant le rendez-vous de remise.',
  'rendez-vous': 'Le rendez-vous est enregistré.',
  'rendez-vous-envoye':
    'Le rendez-vous est enregistré et le titulaire en est prévenu par courriel (avec le fichier agenda).',
  remis:
    'La remise est enregistrée avec le procès-verbal signé. Le titulaire confirmera que le certificat est le sien à sa première connexion.',
};

const base = (r: CertificateRequest) => `/certificats/demandes/${r.id}`;

/** The import form (file or pasted PEM, and the explicit confirmation of a name mismatch). */
export function importForm(
  _req: FastifyRequest,
  _reply: FastifyReply,
  _deps: CertificationPagesDeps,
  rid: string,
  problems: readonly Problem[],
  pasted: string,
  csrf: string,
): SafeHtml {
  const mismatch = problems.some((p) => p.anchor === 'confirmer');
  return html`<form method="post" enctype="multipart/form-data" action="/certificats/demandes/${rid}/certificat?_csrf=${csrf}" class="form-relais">
<fieldset><legend>Importer le certificat délivré par l’autorité</legend>
<label for="fichier-certificat">Fichier du certificat</label><span class="hint" id="fichier-certificat-aide">.cer, .crt, .pem ou .der, tel que l’autorité l’a envoyé</span>
${fieldErrors(problems, 'certificat')}<input type="file" id="fichier-certificat" name="fichier" accept=".cer,.crt,.pem,.der"${describedBy(problems, 'certificat')}>
<label for="pem">ou son texte PEM</label><span class="hint" id="pem-aide">le texte qui commence par « -----BEGIN CERTIFICATE----- »</span>
<textarea id="pem" name="pem" rows="6" aria-describedby="pem-aide">${pasted}</textarea>
${mismatch ? html`${fieldErrors(problems, 'confirmer')}<label><input type="checkbox" id="confirmer" name="confirmer" value="oui"> Je confirme que ce certificat est celui du titulaire</label>` : ''}
<div class="actions"><button type="submit">Importer le certificat</button></div></fieldset></form>`;
}

/** The handover form: identity document seen, the tick, the signed report. */
export function handoverForm(
  _req: FastifyRequest,
  _reply: FastifyReply,
  _deps: CertificationPagesDeps,
  rid: string,
  problems: readonly Problem[],
  csrf: string,
): SafeHtml {
  return html`<form method="post" enctype="multipart/form-data" action="/certificats/demandes/${rid}/remise?_csrf=${csrf}" class="form-relais">
<fieldset><legend>Enregistrer la remise en face à face</legend>
<label for="piece">Pièce d’identité originale présentée</label>${fieldErrors(problems, 'piece')}
<select id="piece" name="piece"${describedBy(problems, 'piece', false)}><option value="">— choisir —</option>${Object.entries(IDENTITY_DOCUMENTS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select>
${fieldErrors(problems, 'identite')}<label><input type="checkbox" id="identite" name="identite" value="oui"> Identité vérifiée en face à face : la personne présente est le titulaire</label>
<label for="pv">Procès-verbal signé par le titulaire et par vous, numérisé (PDF)</label>${fieldErrors(problems, 'pv')}
<input type="file" id="pv" name="proces_verbal" accept="application/pdf,.pdf"${describedBy(problems, 'pv', false)}>
<div class="actions"><button type="submit">Enregistrer la remise</button></div></fieldset></form>`;
}

async function caPanel(ctx: PanelContext): Promise<SafeHtml | ''> {
  const { req, reply, deps, request: r, actors } = ctx;
  const isRa = actors.includes('ra');
  const isHolder = actors.includes('holder');
  const isAdmin = actors.includes('collectivite');
  const parts: SafeHtml[] = [];
  const fait = (req.query as { fait?: string } | undefined)?.fait;
  if (fait && NOTICES[fait]) parts.push(html`<p class="success" role="status">${NOTICES[fait]}</p>`);

  // The order.
  if (isRa && r.state === 'checked')
    parts.push(
      html`<p>Le dossier est vérifié : la demande attend d’être commandée. <a href="/syndicat/certificats/commandes">Préparer une commande</a></p>`,
    );
  if (r.orderId && (isRa || isAdmin)) {
    const order = await deps.certification.db.query<{ number: number; created_at: Date }>(
      'select number, created_at from ra_orders where id = $1',
      [r.orderId],
    );
    const o = order.rows[0];
    if (o)
      parts.push(
        html`<p>Commandée à ${r.authorityName} le ${frDate(o.created_at)} (${
          isRa
            ? html`<a href="/syndicat/certificats/commandes/${r.orderId}">commande n° ${String(o.number)}</a>`
            : `commande n° ${o.number}`
        }${r.caReference ? `, référence ${r.caReference}` : ''}), au prix négocié de ${formatEuros(r.priceCents ?? 0)} HT.</p>`,
      );
  }

  // The certificate.
  if (r.certificate)
    parts.push(html`<h3>Certificat délivré</h3><dl class="resume">
<dt>Inscrit au nom de</dt><dd>${holderNameIn(r.certificate.subject)}</dd>
<dt>Autorité émettrice</dt><dd>${r.certificate.issuer}</dd>
<dt>Numéro de série</dt><dd><code>${r.certificate.serialHex}</code></dd>
<dt>Valable</dt><dd>du ${frDate(r.certificate.notBefore)} au ${frDate(r.certificate.notAfter)}</dd>
<dt>Empreinte (SHA-256)</dt><dd><code>${formatFingerprint(r.certificate.fingerprint)}</code></dd></dl>`);
  const csrf = () => csrfToken(req, reply, deps.secureCookies);
  if (isRa && r.state === 'sent_to_ca') {
    const authority = await getAuthority(deps.certification.db, r.authorityCode);
    if (authority && authority.connector !== 'manual')
      parts.push(
        postForm(
          req,
          reply,
          deps,
          `${base(r)}/recuperer`,
          html`<p>${authority.name} est reliée à Relais : récupérez le certificat dès qu’il est délivré.</p><div class="actions"><button type="submit">Récupérer le certificat auprès de l’autorité</button></div>`,
        ),
      );
    parts.push(importForm(req, reply, deps, r.id, [], '', csrf()));
  }

  // The appointment and the handover.
  if (
    r.appointmentAt &&
    ['appointment_set', 'token_received'].includes(r.state) &&
    (isRa || isHolder || isAdmin)
  )
    parts.push(
      html`<h3>Rendez-vous de remise</h3><p>Le ${frDateTime(r.appointmentAt)}, ${r.appointmentPlace ?? ''}. Le titulaire apporte une pièce d’identité originale.</p>`,
    );
  if (isRa && ['token_received', 'appointment_set'].includes(r.state)) {
    parts.push(
      postForm(
        req,
        reply,
        deps,
        `${base(r)}/rendez-vous`,
        html`<fieldset><legend>${r.appointmentAt ? 'Déplacer le rendez-vous de remise' : 'Fixer le rendez-vous de remise'}</legend>
<label for="date-rdv">Date et heure</label><input type="datetime-local" id="date-rdv" name="date" required>
<label for="lieu-rdv">Lieu</label><input type="text" id="lieu-rdv" name="lieu" maxlength="300" required value="${r.appointmentPlace ?? ''}">
<div class="actions"><button type="submit">Enregistrer et prévenir le titulaire</button></div></fieldset>`,
        'form-relais',
      ),
    );
    const authority = await getAuthority(deps.certification.db, r.authorityCode);
    if (authority?.connector === 'demo')
      parts.push(
        html`<p>Démonstration : <a href="${base(r)}/support.p12">télécharger le support (.p12)</a> à remettre au titulaire (son mot de passe a été affiché à la récupération du certificat).</p>`,
      );
    parts.push(
      html`<p><a class="button" href="${base(r)}/proces-verbal.pdf">Imprimer le procès-verbal de remise (PDF)</a> — à remplir et signer avec le titulaire, puis à numériser.</p>`,
    );
    parts.push(handoverForm(req, reply, deps, r.id, [], csrf()));
  } else if (r.handedOverAt && (isRa || isHolder || isAdmin))
    parts.push(
      html`<h3>Remise</h3><p>Remis en main propre le ${frDateTime(r.handedOverAt)} ; le procès-verbal signé est dans les pièces du dossier.${
        isRa || isHolder ? html` <a href="${base(r)}/proces-verbal.pdf">Procès-verbal (modèle, PDF)</a>` : ''
      }</p>`,
    );

  // The linking.
  if (r.state === 'handed_over') {
    if (isHolder)
      parts.push(
        html`<p><strong>Confirmez que ce certificat est le vôtre :</strong> <a href="/mes-certificats/rattacher">rattacher le certificat à mon compte</a> (ou connectez-vous avec lui : Relais vous le proposera).</p>`,
      );
    if (isRa || isAdmin) {
      const refused = await lastLinkRefusal(deps.certification.db, r.id);
      parts.push(
        html`<p>En attente de la confirmation du titulaire : il la donne à sa première connexion avec ce certificat, ou depuis son compte.</p>${
          refused
            ? html`<p class="note" role="status">Le ${frDateTime(refused)}, la personne qui a présenté ce certificat a répondu qu’il n’est pas le sien : rien n’a été rattaché. Vérifiez avec le titulaire.</p>`
            : ''
        }`,
      );
    }
  } else if (r.linkedAt && (isRa || isHolder || isAdmin))
    parts.push(
      html`<p>Rattaché au compte du titulaire le ${frDateTime(r.linkedAt)}, après sa confirmation.</p>`,
    );

  if (parts.length === 0) return '';
  return html`<section aria-labelledby="autorite"><h2 id="autorite">Autorité de certification et remise</h2>${parts}</section>`;
}

export const caPanels: RequestPanel[] = [caPanel];
