// The frame of every registration-authority mail: greeting, paragraphs (escaped in the HTML part), the
// platform's footer; the subject on one line. Pure.
import { escapeHtml, oneLine, textToHtml } from '../notify/mail-format.ts';
import type { NotificationMail } from '../notify/notification-mails.ts';

const FOOTER = 'Relais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.';

export function raMail(subject: string, paragraphs: readonly string[]): NotificationMail {
  const body = paragraphs.filter(Boolean);
  const subjectLine = oneLine(subject, 120);
  const text = ['Bonjour,', ...body, `—\n${FOOTER}`].join('\n\n');
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subjectLine)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1e1e1e; line-height: 1.5">
<p>Bonjour,</p>
${body.map((p) => textToHtml(p)).join('\n')}
<p style="color: #666; font-size: 13px">${escapeHtml(FOOTER)}</p>
</body></html>
`;
  return { subject: subjectLine, text, html };
}
