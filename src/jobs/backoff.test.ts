// The retry delay doubles from 2 s, stops growing at 1 h, and jitter only ever shortens it.
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const noJitter = { random: () => 0 };

describe('backoffDelayMs', () => {
  it('doubles from two seconds after each failed attempt', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, noJitter))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 1_024_000,
    ]);
  });

  it('is capped at one hour, even for absurd attempt numbers', () => {
    expect(backoffDelayMs(11, noJitter)).toBe(2_048_000);
    expect(backoffDelayMs(12, noJitter)).toBe(3_600_000);
    expect(backoffDelayMs(25, noJitter)).toBe(3_600_000);
    expect(backoffDelayMs(5_000, noJitter)).toBe(3_600_000);
  });

  it('takes at most a tenth off with jitter and never exceeds the cap', () => {
    expect(backoffDelayMs(1, { random: () => 0.999_999 })).toBe(1_800);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(30);
      expect(d).toBeGreaterThan(3_600_000 * 0.9 - 1);
      expect(d).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('accepts another base and cap', () => {
    expect(backoffDelayMs(3, { baseMs: 10, capMs: 25, ...noJitter })).toBe(25);
    expect(backoffDelayMs(2, { baseMs: 10, capMs: 25, ...noJitter })).toBe(20);
  });
});
