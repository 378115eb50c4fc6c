// Helpers shared by the queue's tests: loggers that stay quiet or remember, and waiting on a condition.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../kernel/logger.ts';

export function silentLogger(): Logger {
  return createLogger('silent');
}

/** A logger whose JSON lines are kept in `lines`, to assert what an operator would read. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

type Falsy = null | undefined | false | 0 | '';

/** Resolves once `check` returns a truthy value; fails the test after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`waitFor: condition still false after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
