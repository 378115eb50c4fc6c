// The sending window and the bytes-per-hour ceiling.
import { describe, expect, it } from 'vitest';
import { nextSendTime, parseWindow } from './send-window.ts';

const always = { window: { from: 0, to: 1440 }, maxBytesPerHour: 0 };

describe('nextSendTime', () => {
  it('lets everything go when there is no window and no ceiling', () => {
    expect(nextSendTime(new Date('2026-11-29T03:00:00Z'), always, 1e12, 1e9)).toBeNull();
  });

  it('waits for the window to open, in Paris time', () => {
    const limits = { window: parseWindow('08:00-19:00')!, maxBytesPerHour: 0 };
    // 06:30 UTC = 07:30 in Paris in winter: 30 minutes to wait.
    expect(nextSendTime(new Date('2026-11-29T06:30:00Z'), limits, 0, 1)).toEqual(
      new Date('2026-11-29T07:00:00Z'),
    );
    expect(nextSendTime(new Date('2026-11-29T07:30:00Z'), limits, 0, 1)).toBeNull();
    // 18:30 UTC = 19:30 Paris: next morning 08:00 Paris.
    expect(nextSendTime(new Date('2026-11-29T18:30:00Z'), limits, 0, 1)).toEqual(
      new Date('2026-11-30T07:00:00Z'),
    );
  });

  it('handles a window across midnight', () => {
    const limits = { window: parseWindow('22:00-06:00')!, maxBytesPerHour: 0 };
    expect(nextSendTime(new Date('2026-11-29T23:30:00Z'), limits, 0, 1)).toBeNull();
    expect(nextSendTime(new Date('2026-11-29T12:00:00Z'), limits, 0, 1)).not.toBeNull();
  });

  it('holds an archive that would exceed the hourly ceiling, but never blocks an oversize one forever', () => {
    const limits = { window: { from: 0, to: 1440 }, maxBytesPerHour: 100 };
    expect(nextSendTime(new Date('2026-11-29T12:00:00Z'), limits, 90, 20)).not.toBeNull();
    expect(nextSendTime(new Date('2026-11-29T12:00:00Z'), limits, 0, 500)).toBeNull();
  });

  it('refuses malformed windows', () => {
    expect(parseWindow('8h-19h')).toBeNull();
    expect(parseWindow('25:00-19:00')).toBeNull();
    expect(parseWindow('00:00-24:00')).toEqual({ from: 0, to: 1440 });
  });
});
