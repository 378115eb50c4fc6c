// French public holidays and working days, checked against known calendars.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  easterSunday,
  isWorkingDay,
  nextWorkingDay,
  publicHolidays,
} from './calendar.ts';

describe('calendar', () => {
  it('computes Easter Sunday for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('lists the eleven national public holidays of 2026', () => {
    expect(publicHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('adds Good Friday and 26 December in Alsace-Moselle only', () => {
    expect(publicHolidays(2026, '067')).toHaveLength(13);
    expect(isWorkingDay('2026-12-26', '057')).toBe(false);
    expect(isWorkingDay('2026-04-03', '048')).toBe(true);
    expect(isWorkingDay('2026-04-03', '068')).toBe(false);
  });

  it('knows weekends and holidays are not working days', () => {
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-11')).toBe(false); // Armistice, a Wednesday
    expect(isWorkingDay('2026-11-12')).toBe(true);
    expect(nextWorkingDay('2026-12-25')).toBe('2026-12-28');
    expect(addWorkingDays('2026-04-30', 2)).toBe('2026-05-05'); // skips 1 May and the weekend
  });

  it('adds months with the same day number, clamped to shorter months', () => {
    expect(addMonths('2026-01-15', 2)).toBe('2026-03-15');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
