// The one calendar module: French public holidays, working days and calendar-date arithmetic on
// 'YYYY-MM-DD' strings (legal dates are Paris calendar dates, never instants). Pure.

/** Easter Sunday (Gregorian), Meeus/Jones/Butcher algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIso(year, month, day);
}

function toIso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parts(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return toIso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Same day number N months later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return toIso(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(d, lastDay));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Départements where the local law adds Good Friday and 26 December (Alsace-Moselle). */
const ALSACE_MOSELLE = new Set(['057', '067', '068']);

export interface Holiday {
  date: string;
  name: string;
}

export function publicHolidays(year: number, departement?: string): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: toIso(year, 1, 1), name: 'Jour de l’an' },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: toIso(year, 5, 1), name: 'Fête du Travail' },
    { date: toIso(year, 5, 8), name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: toIso(year, 7, 14), name: 'Fête nationale' },
    { date: toIso(year, 8, 15), name: 'Assomption' },
    { date: toIso(year, 11, 1), name: 'Toussaint' },
    { date: toIso(year, 11, 11), name: 'Armistice 1918' },
    { date: toIso(year, 12, 25), name: 'Noël' },
  ];
  if (departement && ALSACE_MOSELLE.has(departement))
    list.push(
      { date: addDays(easter, -2), name: 'Vendredi saint' },
      { date: toIso(year, 12, 26), name: 'Saint-Étienne' },
    );
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

export function isPublicHoliday(date: string, departement?: string): boolean {
  return publicHolidays(parts(date)[0], departement).some((h) => h.date === date);
}

export function isWorkingDay(date: string, departement?: string): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !isPublicHoliday(date, departement);
}

/** The date itself if it is a working day, else the next working day. */
export function nextWorkingDay(date: string, departement?: string): string {
  let d = date;
  while (!isWorkingDay(d, departement)) d = addDays(d, 1);
  return d;
}

/** Adds N working days (N ≥ 0) to a date. */
export function addWorkingDays(date: string, n: number, departement?: string): string {
  let d = date;
  for (let i = 0; i < n; ) {
    d = addDays(d, 1);
    if (isWorkingDay(d, departement)) i++;
  }
  return d;
}
