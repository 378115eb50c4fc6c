// When an archive may leave: inside the configured daily window (Europe/Paris) and under the
// bytes-per-hour ceiling. Pure: returns null when sending is allowed now, else when to try again.

export interface SendLimits {
  window: { from: number; to: number };
  maxBytesPerHour: number;
}

// Kept: building an Intl.DateTimeFormat costs about a millisecond, and every send asks.
const parisClock = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisMinutes(at: Date): number {
  const [h, m] = parisClock.format(at).split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function isInWindow(minutes: number, w: SendLimits['window']): boolean {
  if (w.from === w.to || (w.from === 0 && w.to >= 1440)) return true;
  return w.from < w.to ? minutes >= w.from && minutes < w.to : minutes >= w.from || minutes < w.to;
}

export function nextSendTime(
  now: Date,
  limits: SendLimits,
  bytesLastHour: number,
  size: number,
): Date | null {
  const minutes = parisMinutes(now);
  if (!isInWindow(minutes, limits.window)) {
    const wait = (limits.window.from - minutes + 1440) % 1440 || 1440;
    return new Date(now.getTime() + wait * 60_000 - now.getUTCSeconds() * 1000);
  }
  // An archive larger than the whole ceiling still goes, alone, once the hour is empty.
  if (limits.maxBytesPerHour > 0 && bytesLastHour > 0 && bytesLastHour + size > limits.maxBytesPerHour)
    return new Date(now.getTime() + 5 * 60_000);
  return null;
}

export { parseTimeWindow as parseWindow } from '../../kernel/time-window.ts';
