// The French notification mails of the act's path, as pure functions: values in, { subject, text, html }
// out, every value escaped in the HTML. Attaching the stamped PDF is the caller's job (Mailer.send).
import { daysBetween, escapeHtml, formatFrenchDate, oneLine, safeHref, textToHtml } from './mail-format.ts';

export interface NotificationMail {
  subject: string;
  text: string;
  html: string;
}

/** What every notification says about the act it is about. */
export interface ActSummary {
  collectivite: string;
  numeroInterne: string;
  objet: string;
  /** IDActe, once the préfecture gave it. */
  idActe?: string;
  /** The act's page in Relais. */
  url: string;
}

export type PrefectureMessageKind = 'courrier-simple' | 'demande-pieces' | 'lettre-observations';

const KIND_LABELS: Record<PrefectureMessageKind, { title: string; phrase: string }> = {
  'courrier-simple': { title: 'Courrier de la préfecture', phrase: 'un courrier' },
  'demande-pieces': {
    title: 'Demande de pièces complémentaires',
    phrase: 'une demande de pièces complémentaires',
  },
  'lettre-observations': { title: 'Lettre d’observations', phrase: 'une lettre d’observations' },
};

interface Parts {
  subject: string;
  /** Paragraphs of plain text, before the facts. */
  paragraphs: string[];
  /** The préfecture's own words, quoted verbatim. */
  quote?: string;
  closing?: string;
}

function compose(act: ActSummary, parts: Parts): NotificationMail {
  const facts: [string, string][] = [
    ['Collectivité', act.collectivite],
    ['Numéro interne', act.numeroInterne],
    ['Objet', act.objet],
    ...(act.idActe ? [['Identifiant préfecture', act.idActe] as [string, string]] : []),
  ];
  const href = safeHref(act.url);
  const text = [
    'Bonjour,',
    ...parts.paragraphs,
    ...(parts.quote ? [`Message de la préfecture :\n${indent(parts.quote)}`] : []),
    facts.map(([label, value]) => `${label} : ${value}`).join('\n'),
    ...(parts.closing ? [parts.closing] : []),
    ...(href ? [`Voir l’acte dans Relais : ${href}`] : []),
    '—\nRelais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.',
  ].join('\n\n');

  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(parts.subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1e1e1e; line-height: 1.5">
<p>Bonjour,</p>
${parts.paragraphs.map((p) => textToHtml(p)).join('\n')}
${
  parts.quote
    ? `<p>Message de la préfecture :</p>\n<blockquote style="border-left: 3px solid #888; margin: 0 0 1em; padding: 0 1em">${textToHtml(parts.quote)}</blockquote>`
    : ''
}
<table style="border-collapse: collapse">
${facts.map(([label, value]) => `<tr><th style="text-align: left; padding: 2px 12px 2px 0; font-weight: normal; color: #555">${escapeHtml(label)}</th><td style="padding: 2px 0">${escapeHtml(value)}</td></tr>`).join('\n')}
</table>
${parts.closing ? textToHtml(parts.closing) : ''}
${href ? `<p><a href="${escapeHtml(href)}">Voir l’acte dans Relais</a></p>` : ''}
<p style="color: #666; font-size: 13px">Relais, plateforme de télétransmission du syndicat. Ce courriel est envoyé automatiquement.</p>
</body></html>
`;
  return { subject: oneLine(parts.subject, 140), text, html };
}

function indent(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

const about = (act: ActSummary) => `${act.numeroInterne} – ${oneLine(act.objet, 60)}`;

/** The préfecture acknowledged the act (1-2 ARActe); the stamped PDF goes as an attachment. */
export function acknowledgementMail(
  act: ActSummary & { arDate: string; stampedPdfName?: string; defereUntil?: string },
): NotificationMail {
  return compose(act, {
    subject: `Accusé de réception de la préfecture : ${about(act)}`,
    paragraphs: [
      `La préfecture a accusé réception de l’acte ${act.numeroInterne} le ${formatFrenchDate(act.arDate)}. Cet accusé de réception prouve la transmission au contrôle de légalité : l’acte est exécutoire dès qu’il est aussi publié ou notifié.`,
      ...(act.defereUntil
        ? [
            `Le préfet peut le déférer au tribunal administratif jusqu’au ${formatFrenchDate(act.defereUntil)}.`,
          ]
        : []),
      ...(act.stampedPdfName ? [`L’acte tamponné est joint à ce courriel (${act.stampedPdfName}).`] : []),
    ],
  });
}

/** The act or its envelope was refused (1-3 AnomalieActe, envelope anomaly), in the préfecture's words. */
export function refusalMail(act: ActSummary & { reason: string; refusedOn?: string }): NotificationMail {
  return compose(act, {
    subject: `Acte refusé par la préfecture : ${about(act)}`,
    paragraphs: [
      `La préfecture a refusé la transmission de l’acte ${act.numeroInterne}${act.refusedOn ? ` le ${formatFrenchDate(act.refusedOn)}` : ''}. L’acte n’a pas été reçu : il doit être corrigé puis transmis de nouveau.`,
    ],
    quote: act.reason,
  });
}

/** A letter, a request for documents or observations from the préfecture (2-1, 3-1, 4-1). */
export function prefectureMessageMail(
  act: ActSummary & { kind: PrefectureMessageKind; receivedOn: string; deadline?: string; message?: string },
): NotificationMail {
  const label = KIND_LABELS[act.kind];
  return compose(act, {
    subject: `${label.title} : ${about(act)}`,
    paragraphs: [
      `La préfecture a adressé ${label.phrase} au sujet de l’acte ${act.numeroInterne}, reçu le ${formatFrenchDate(act.receivedOn)}.`,
      ...(act.deadline ? [`Réponse attendue au plus tard le ${formatFrenchDate(act.deadline)}.`] : []),
    ],
    quote: act.message,
    closing: 'Le document de la préfecture est consultable dans Relais, d’où vous pouvez aussi répondre.',
  });
}

/** The préfet referred the act to the administrative court (5-1 DefereTA). */
export function defereMail(act: ActSummary & { receivedOn: string }): NotificationMail {
  return compose(act, {
    subject: `Alerte : acte déféré au tribunal administratif : ${about(act)}`,
    paragraphs: [
      `Le préfet a déféré l’acte ${act.numeroInterne} au tribunal administratif (avis reçu le ${formatFrenchDate(act.receivedOn)}).`,
      'Prévenez sans attendre l’autorité qui a pris l’acte : le tribunal fixera les délais de la procédure.',
    ],
  });
}

/** A reply to the préfecture is due soon (or overdue). */
export function deadlineReminderMail(
  act: ActSummary & { kind: PrefectureMessageKind; deadline: string; today: string },
): NotificationMail {
  const days = daysBetween(act.today, act.deadline);
  const when =
    days > 1
      ? `Il reste ${days} jours.`
      : days === 1
        ? 'Il reste un jour.'
        : days === 0
          ? 'C’est le dernier jour.'
          : `Le délai est dépassé depuis ${-days} jour${days < -1 ? 's' : ''}.`;
  return compose(act, {
    subject: `Rappel : réponse attendue avant le ${formatFrenchDate(act.deadline)} : ${about(act)}`,
    paragraphs: [
      `La préfecture attend une réponse à ${KIND_LABELS[act.kind].phrase} au sujet de l’acte ${act.numeroInterne}, au plus tard le ${formatFrenchDate(act.deadline)}. ${when}`,
    ],
  });
}
