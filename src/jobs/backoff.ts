// Retry delay after a failed attempt: exponential with a cap, minus a little jitter so that jobs that
// failed together (a ministry outage) do not all come back in the same second.

export interface BackoffOptions {
  /** Delay after the first failure. */
  baseMs?: number;
  /** No retry waits longer than this. */
  capMs?: number;
  /** Uniform in [0, 1); tests pass a constant. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 2_000, capMs: 3_600_000 } as const;

/** The delay may shrink by up to this fraction, never grow: the cap stays a cap. */
const JITTER = 0.1;

/** Delay before the next attempt after attempt number `attempt` (1-based) failed. */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const capMs = options.capMs ?? DEFAULT_BACKOFF.capMs;
  const random = options.random ?? Math.random;
  // 2^(attempt-1) overflows to Infinity for absurd attempt numbers; min() then yields the cap.
  const delay = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (1 - JITTER * random()));
}
