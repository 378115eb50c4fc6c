// Use case: an RA officer sets (or moves) the face-to-face handover appointment and the holder is told by
// e-mail, with an .ics file their calendar can take. The mail is best effort: a mail failure is logged,
// the appointment stays.
import type { Principal } from '../../auth/policy.ts';
import { validationError } from '../../kernel/errors.ts';
import type { CertificationDeps } from '../deps.ts';
import { actorForAction, type CertificateRequest, getRequestFor, transition } from '../request-store.ts';

/** "2026-12-03T14:30" typed in a datetime-local field, read as Paris time. */
export function parseParisDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Paris offset at that moment: the difference between the wall clock there and UTC.
  const wall = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(asUtc));
  const w = /^(\d{4})-(\d{2})-(\d{2}), (\d{2}):(\d{2})$/.exec(wall);
  if (!w) return null;
  const offset = Date.UTC(+w[1]!, +w[2]! - 1, +w[3]!, +w[4]!, +w[5]!) - asUtc;
  const at = new Date(asUtc - offset);
  return Number.isNaN(at.getTime()) ? null : at;
}

export const frDateTimeLong = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(d);

const icsDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const icsText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

export function appointmentIcs(request: CertificateRequest, at: Date, place: string, now: Date): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Relais//Remise de certificat//FR',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:remise-${request.id}@relais`,
    `DTSTAMP:${icsDate(now)}`,
    `DTSTART:${icsDate(at)}`,
    `DTEND:${icsDate(new Date(at.getTime() + 30 * 60_000))}`,
    `SUMMARY:${icsText('Remise de votre certificat électronique')}`,
    `LOCATION:${icsText(place)}`,
    `DESCRIPTION:${icsText(`Remise en face à face du certificat (demande n° ${request.number}). Apportez votre pièce d’identité.`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export async function scheduleAppointment(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'mailer' | 'logger'>,
  input: { principal: Principal; requestId: string; at: string; place: string },
): Promise<{ at: Date; mailed: boolean }> {
  const { request, actors } = await getRequestFor(deps.db, input.principal, input.requestId);
  const actor = actorForAction(actors, 'schedule');
  const now = deps.clock.now();
  const at = parseParisDateTime(input.at);
  const place = input.place.trim().slice(0, 300);
  const problems = [];
  if (!at) problems.push({ field: 'date', message: 'Indiquez la date et l’heure du rendez-vous.' });
  else if (at.getTime() < now.getTime() - 86_400_000)
    problems.push({ field: 'date', message: 'Le rendez-vous ne peut pas être dans le passé.' });
  if (!place) problems.push({ field: 'lieu', message: 'Indiquez le lieu du rendez-vous.' });
  if (problems.length || !at) throw validationError(problems);
  await deps.db.transaction((tx) =>
    transition(tx, {
      request,
      action: 'schedule',
      actor,
      actorUserId: input.principal.user?.id ?? null,
      at: now,
      note: `Rendez-vous le ${frDateTimeLong(at)}, ${place}.`,
      set: { appointment_at: at, appointment_place: place },
    }),
  );
  if (!deps.mailer) return { at, mailed: false };
  try {
    await deps.mailer.send({
      to: [request.holder.email],
      subject: 'Rendez-vous pour la remise de votre certificat électronique',
      text: [
        `Bonjour ${request.holder.name},`,
        '',
        `Votre certificat électronique (demande n° ${request.number}, ${request.collectiviteName}) est prêt.`,
        `Le syndicat vous le remettra en main propre le ${frDateTimeLong(at)}, à l’adresse suivante : ${place}.`,
        '',
        'Apportez une pièce d’identité en cours de validité (carte nationale d’identité, passeport ou titre de séjour) : elle sera vérifiée en face à face.',
        'Le rendez-vous est joint à ce message : ouvrez le fichier pour l’ajouter à votre agenda.',
        '',
        'Le syndicat',
      ].join('\n'),
      attachments: [
        {
          filename: 'rendez-vous.ics',
          contentType: 'text/calendar; charset=utf-8',
          content: Buffer.from(appointmentIcs(request, at, place, now), 'utf8'),
        },
      ],
    });
    return { at, mailed: true };
  } catch (e) {
    deps.logger?.warn({ err: e, request: request.id }, 'appointment mail not sent');
    return { at, mailed: false };
  }
}
