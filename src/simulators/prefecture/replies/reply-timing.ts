// When an automatic reply leaves: after the configured delay and, if asked, on a French working day only
// (the real service produces ARs on working days: an act received on Saturday is acknowledged Monday).
import { isWorkingDay, nextWorkingDay } from '../../../kernel/calendar.ts';
import { parisDate } from '../../../kernel/clock.ts';

/** The préfecture's services start processing at this Paris time on a working day. */
export const OPENING_TIME = '08:00';

// Kept: building an Intl.DateTimeFormat costs about a millisecond, and every reply asks.
const parisClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisTime(instant: Date): string {
  return parisClock.format(instant);
}

/** The instant of `date` (YYYY-MM-DD) at `time` (HH:MM) in Europe/Paris. */
export function parisInstant(date: string, time: string): Date {
  // Paris is UTC+1 in winter and UTC+2 in summer: keep the offset that reads back as asked.
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${date}T${time}:00${offset}`);
    if (parisDate(candidate) === date && parisTime(candidate) === time) return candidate;
  }
  return new Date(`${date}T${time}:00+01:00`);
}

export interface ReplyTiming {
  delayMs: number;
  workingDaysOnly: boolean;
  departement: string;
}

/** When a reply to something received at `received` is produced. */
export function replyDueAt(received: Date, timing: ReplyTiming): Date {
  const due = new Date(received.getTime() + timing.delayMs);
  if (!timing.workingDaysOnly) return due;
  const day = parisDate(due);
  if (isWorkingDay(day, timing.departement)) return due;
  const opening = parisInstant(nextWorkingDay(day, timing.departement), OPENING_TIME);
  return new Date(opening.getTime() + timing.delayMs);
}
