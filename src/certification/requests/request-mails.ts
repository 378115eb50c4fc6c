// The short French mails of the file's steps: to the RA officers when a collectivité submits a request,
// to the collectivité's admins when the syndicat returns it (with the reasons) or validates it. Pure
// builders (every value escaped in the HTML); the recipients are found with ../recipients.ts.
import type { NotificationMail } from '../../notify/index.ts';
import { raMail } from '../ra-mail.ts';
import type { CertificateRequest } from '../request-store.ts';

export type FileStep = 'submitted' | 'returned' | 'checked';

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
  return raMail(subject, [...paragraphs, `La demande : ${opts.url}`]);
}
