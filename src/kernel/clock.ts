// Time as an explicit dependency: services receive a Clock so that tests can fix "now".

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(
  at: Date | string,
): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

// Building an Intl.DateTimeFormat costs ~1 ms (several per act); formatting with a kept one, microseconds.
const parisDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Calendar date (YYYY-MM-DD) in Europe/Paris — legal dates are Paris calendar dates. */
export function parisDate(instant: Date): string {
  return parisDateFormat.format(instant);
}
