// When an archive may leave: inside the configured daily window (Europe/Paris) and under the
// bytes-per-hour ceiling. Pure: returns null when sending is allowed now, else when to try again.

export interface SendLimits {
  window: { from: number; to: number };
  maxBytesPerHour: number;
}

function parisMinutes(at: Date): number {
  const [h, m] = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .split(':')
    .map(Number) as [number, number];
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

/** Parses "HH:MM-HH:MM" into minutes; null when malformed. */
export function parseWindow(text: string): SendLimits['window'] | null {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  if (a > 24 || c > 24 || b > 59 || d > 59) return null;
  const from = a * 60 + b;
  const to = c * 60 + d;
  if (from > 1440 || to > 1440) return null;
  return { from, to };
}
