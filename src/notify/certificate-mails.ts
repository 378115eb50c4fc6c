// The French mail warning a certificate holder (and the admins of their collectivités) that the
// certificate expires soon: 90, 30 and 7 days before. Pure, every value escaped in the HTML.
import { escapeHtml, formatFrenchDate, textToHtml } from './mail-format.ts';
import type { NotificationMail } from './notification-mails.ts';

export function certificateExpiryMail(w: {
  holderName: string;
  subject: string;
  notAfter: string;
  daysLeft: number;
  url: string;
}): NotificationMail {
  const when = w.daysLeft <= 1 ? 'demain ou aujourd’hui' : `dans ${w.daysLeft} jours`;
  const paragraphs = [
    `Le certificat électronique de ${w.holderName} expire ${when}, le ${formatFrenchDate(w.notAfter)}.`,
    'Sans certificat valide, cette personne ne pourra plus se connecter à Relais ni transmettre les actes. Demandez son renouvellement au syndicat dès maintenant : il faut compter plusieurs semaines entre la demande et la remise du nouveau support.',
    `Certificat : ${w.subject}`,
  ];
  const subject = `Certificat à renouveler : ${w.holderName}, expire le ${formatFrenchDate(w.notAfter)}`;
  const text = [
    'Bonjour,',
    ...paragraphs,
    `Relais : ${w.url}`,
    '—\nRelais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.',
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1e1e1e; line-height: 1.5">
<p>Bonjour,</p>
${paragraphs.map((p) => textToHtml(p)).join('\n')}
<p style="color: #666; font-size: 13px">Relais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.</p>
</body></html>
`;
  return { subject, text, html };
}
