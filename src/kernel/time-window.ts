// A daily time window "HH:MM-HH:MM" in minutes since midnight (00:00-24:00 = always). Pure.

export interface TimeWindow {
  from: number;
  to: number;
}

/** Parses "HH:MM-HH:MM"; null when malformed. */
export function parseTimeWindow(text: string): TimeWindow | null {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [a, b, c, d] = m.slice(1).map(Number) as [number, number, number, number];
  if (b > 59 || d > 59) return null;
  const from = a * 60 + b;
  const to = c * 60 + d;
  if (from > 1440 || to > 1440) return null;
  return { from, to };
}
