// Worker use case: write and send one notification mail about an act, in French, to the agents who want
// it; the AR mail carries the stamped PDF.
import { parisDate } from '../../kernel/clock.ts';
import {
  type ActSummary,
  acknowledgementMail,
  deadlineReminderMail,
  defereMail,
  type MailAttachment,
  type Mailer,
  type NotificationMail,
  type PrefectureMessageKind,
  prefectureMessageMail,
  refusalMail,
} from '../../notify/index.ts';
import { downloadStampedPdf } from './act-downloads.ts';
import { getActWithCollectivite } from './act-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { type NotifyPayload, queueNotification, recipientsFor } from './notify-act.ts';
import { getPrefectureMessage } from './prefecture-message-store.ts';

export interface NotifyDeps extends TransmissionDeps {
  mailer: Mailer;
  publicUrl: string;
}

const LETTER_KINDS: Record<string, PrefectureMessageKind> = {
  '2-1': 'courrier-simple',
  '3-1': 'demande-pieces',
  '4-1': 'lettre-observations',
};

export async function sendActNotification(deps: NotifyDeps, p: NotifyPayload): Promise<undefined> {
  const found = await getActWithCollectivite(deps.db, p.collectiviteId, p.actId);
  if (!found) return undefined;
  const { act, collectivite: c } = found;
  const to = await recipientsFor(deps.db, c.id, p.kind);
  if (to.length === 0) return undefined;
  const summary: ActSummary = {
    collectivite: c.name,
    numeroInterne: act.numeroInterne,
    objet: act.objet,
    ...(act.idActe ? { idActe: act.idActe } : {}),
    url: `${deps.publicUrl}/collectivites/${c.id}/actes/${act.id}`,
  };
  const pm = p.prefectureMessageId ? await getPrefectureMessage(deps.db, c.id, p.prefectureMessageId) : null;
  let mail: NotificationMail;
  const attachments: MailAttachment[] = [];
  switch (p.kind) {
    case 'ar': {
      const stamped =
        act.documents[0]?.extension === 'pdf' ? await downloadStampedPdf(deps, c.id, act.id) : null;
      if (stamped)
        attachments.push({
          filename: stamped.fileName,
          contentType: stamped.contentType,
          content: stamped.stream,
        });
      mail = acknowledgementMail({
        ...summary,
        arDate: act.receivedDate ?? parisDate(deps.clock.now()),
        ...(stamped ? { stampedPdfName: stamped.fileName } : {}),
        ...(act.deferralDeadline ? { defereUntil: act.deferralDeadline } : {}),
      });
      break;
    }
    case 'refus':
      mail = refusalMail({
        ...summary,
        reason: act.refusalDetail ?? 'La préfecture n’a pas précisé le motif.',
      });
      break;
    case 'defere':
      mail = defereMail({ ...summary, receivedOn: pm?.dateCourrierPref ?? parisDate(deps.clock.now()) });
      break;
    case 'courrier':
    case 'rappel': {
      if (!pm || !LETTER_KINDS[pm.code]) return undefined;
      const kind = LETTER_KINDS[pm.code]!;
      if (p.kind === 'rappel') {
        if (!pm.answerDeadline || pm.state === 'answered' || pm.state === 'answer_acknowledged')
          return undefined;
        mail = deadlineReminderMail({
          ...summary,
          kind,
          deadline: pm.answerDeadline,
          today: parisDate(deps.clock.now()),
        });
      } else
        mail = prefectureMessageMail({
          ...summary,
          kind,
          receivedOn: act.receivedDate ?? pm.dateCourrierPref,
          ...(pm.answerDeadline ? { deadline: pm.answerDeadline } : {}),
          ...(pm.description ? { message: pm.description } : {}),
        });
      break;
    }
  }
  await deps.mailer.send({ to, subject: mail.subject, text: mail.text, html: mail.html, attachments });
  return undefined;
}

/** Worker use case (daily): reminders for préfecture requests awaiting an answer within 7 days or late. */
export async function queueDeadlineReminders(deps: Pick<TransmissionDeps, 'db' | 'clock'>): Promise<number> {
  const today = parisDate(deps.clock.now());
  const r = await deps.db.query<{ id: string; act_id: string; collectivite_id: string }>(
    `select id, act_id, collectivite_id from prefecture_messages
     where state in ('received', 'acknowledged') and answer_deadline is not null
       and answer_deadline <= ($1::date + 7)`,
    [today],
  );
  for (const m of r.rows)
    await queueNotification(deps.db, {
      kind: 'rappel',
      collectiviteId: m.collectivite_id,
      actId: m.act_id,
      prefectureMessageId: m.id,
      discriminator: today,
    });
  return r.rows.length;
}
