// The short French mails of the file's steps: to the RA officers when a collectivité submits a request,
// to the collectivité's admins when the syndicat returns it (with the reasons) or validates it. Pure
// builders (every value escaped in the HTML); the recipients are found with ../recipients.ts.
import { escapeHtml, type NotificationMail, oneLine, textToHtml } from '../../notify/index.ts';
import type { CertificateRequest } from '../request-store.ts';

export type FileStep = 'submitted' | 'returned' | 'checked';

const FOOTER = 'Relais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.';

export function fileStepMail(
  step: FileStep,
  r: Pick<CertificateRequest, 'number' | 'collectiviteName' | 'holder' | 'productLabel'>,
  opts: { url: string; reasons?: string | null },
): NotificationMail {
  const who = `${r.holder.name} (${r.holder.function})`;
  const [subject, paragraphs] = ((): [string, string[]] => {
    switch (step) {
      case 'submitted':
        return [
          `Demande de certificat n° ${r.number} à vérifier : ${r.collectiviteName}`,
          [
            `${r.collectiviteName} a déposé la demande de certificat n° ${r.number} pour ${who} : ${r.productLabel}.`,
            'Vérifiez les pièces du dossier, puis validez-le ou renvoyez-le à la collectivité en disant ce qui manque.',
          ],
        ];
      case 'returned':
        return [
          `Demande de certificat n° ${r.number} à compléter`,
          [
            `Le syndicat vous renvoie la demande de certificat n° ${r.number} pour ${who}. Voici ce qu’il faut corriger ou ajouter :`,
            opts.reasons ?? '',
            'Corrigez la demande ou remplacez les pièces, puis déposez-la de nouveau.',
          ],
        ];
      case 'checked':
        return [
          `Demande de certificat n° ${r.number} validée par le syndicat`,
          [
            `Le syndicat a vérifié le dossier de la demande de certificat n° ${r.number} pour ${who} : il est complet.`,
            'Le syndicat va maintenant commander le certificat à l’autorité de certification, puis vous proposera un rendez-vous pour remettre le support au titulaire, en face à face (venir avec sa pièce d’identité).',
          ],
        ];
    }
  })();
  const body = paragraphs.filter(Boolean);
  const text = ['Bonjour,', ...body, `La demande : ${opts.url}`, `—\n${FOOTER}`].join('\n\n');
  const subjectLine = oneLine(subject, 120);
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subjectLine)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1e1e1e; line-height: 1.5">
<p>Bonjour,</p>
${body.map((p) => textToHtml(p)).join('\n')}
<p>La demande : ${escapeHtml(opts.url)}</p>
<p style="color: #666; font-size: 13px">${FOOTER}</p>
</body></html>
`;
  return { subject: subjectLine, text, html };
}
