// The French mails of a certificate's later life: the expiry reminder (90/30/7 days) that says what to
// do — renew or let it expire — and the notice of a revocation request to the RA officers. Pure.
import { formatFrenchDate } from '../../notify/mail-format.ts';
import type { NotificationMail } from '../../notify/notification-mails.ts';
import { raMail as mail } from '../ra-mail.ts';
import { REVOCATION_REASONS, type RevocationReason } from '../workflow.ts';

export interface ReminderFacts {
  requestNumber: number;
  holderName: string;
  collectiviteName: string;
  /** Calendar date of expiry (YYYY-MM-DD, Paris). */
  notAfter: string;
  daysLeft: number;
  /** Absolute links: the prefilled renewal request and the request page. */
  renewUrl: string;
  requestUrl: string;
}

export function certificateReminderMail(f: ReminderFacts): NotificationMail {
  const when = f.daysLeft <= 1 ? 'demain ou aujourd’hui' : `dans ${f.daysLeft} jours`;
  const date = formatFrenchDate(f.notAfter);
  return mail(`Certificat de ${f.holderName} (${f.collectiviteName}) : expire le ${date}`, [
    `Le certificat électronique de ${f.holderName}, pour ${f.collectiviteName} (demande n° ${f.requestNumber}), expire ${when}, le ${date}.`,
    'Deux choix possibles :',
    `1. Le renouveler, si cette personne doit continuer à transmettre. Un administrateur de la collectivité dépose la demande de renouvellement, déjà remplie à partir de la précédente : ${f.renewUrl}\nComptez plusieurs semaines entre la demande et la remise du nouveau support : ne tardez pas.`,
    '2. Le laisser expirer, si cette personne n’en a plus besoin (départ, fin de mandat). Il n’y a rien à faire : Relais le refusera à la date d’expiration. Pensez alors à prévoir un autre agent équipé pour que les actes continuent d’être transmis.',
    `La demande : ${f.requestUrl}`,
  ]);
}

export interface RevocationFacts {
  requestNumber: number;
  holderName: string;
  collectiviteName: string;
  reason: RevocationReason;
  requestedBy: string;
  confirmed: boolean;
  requestUrl: string;
}

export function revocationRequestedMail(f: RevocationFacts): NotificationMail {
  return mail(`Révocation demandée : ${f.holderName} (${f.collectiviteName})`, [
    `${f.requestedBy} a demandé la révocation du certificat de ${f.holderName}, pour ${f.collectiviteName} (demande n° ${f.requestNumber}).`,
    `Motif : ${REVOCATION_REASONS[f.reason]}.`,
    'Le certificat est déjà détaché de son compte : il ne permet plus de se connecter à Relais.',
    f.confirmed
      ? 'L’autorité de certification a confirmé la révocation : il n’y a plus rien à faire.'
      : 'À faire : demander la révocation à l’autorité de certification, puis enregistrer sa confirmation (référence et date) sur la demande.',
    `La demande : ${f.requestUrl}`,
  ]);
}
