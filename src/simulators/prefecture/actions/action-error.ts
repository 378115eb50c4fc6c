// The refusal of a préfecture action (unknown act, act not acknowledged yet, missing field…): an HTTP
// status for the control API and a French sentence for the console.
import { isAppError } from '../../../kernel/errors.ts';

export class ActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** Runs a codec builder; its VALIDATION_FAILED becomes a 422 listing what to change. */
export function buildOr422<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (isAppError(e) && e.code === 'VALIDATION_FAILED')
      throw new ActionError(422, e.problems.map((p) => p.message).join(' ') || e.message);
    throw e;
  }
}
