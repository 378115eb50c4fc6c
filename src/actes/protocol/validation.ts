// The result shape every validator of the codec returns: a value with notices, or every problem at once.
import type { FieldProblem } from '../../kernel/errors.ts';

export type { FieldProblem };

export type Validation<T> =
  | { ok: true; value: T; notices: FieldProblem[] }
  | { ok: false; problems: FieldProblem[] };

export function valid<T>(value: T, notices: FieldProblem[] = []): Validation<T> {
  return { ok: true, value, notices };
}

export function invalid<T>(problems: FieldProblem[]): Validation<T> {
  return { ok: false, problems };
}

/** Collects the problems and notices of several validations; returns the value of each one. */
export class ProblemCollector {
  readonly problems: FieldProblem[] = [];
  readonly notices: FieldProblem[] = [];

  take<T>(result: Validation<T>): T | undefined {
    if (result.ok) {
      this.notices.push(...result.notices);
      return result.value;
    }
    this.problems.push(...result.problems);
    return undefined;
  }

  add(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  get isOk(): boolean {
    return this.problems.length === 0;
  }
}
