// The short text stored in jobs.last_error: the error's code and first line, never a stack, a payload or
// a document's contents, and bounded so that a runaway message cannot bloat the table.
import { isAppError } from '../kernel/errors.ts';

const MAX_LENGTH = 500;

export function summariseError(error: unknown): string {
  let text: string;
  if (isAppError(error)) text = `${error.code} : ${error.message}`;
  else if (error instanceof Error) text = error.message || error.name;
  else text = String(error);
  const firstLine = text.split('\n', 1)[0]!.trim() || 'Erreur sans message';
  return firstLine.length > MAX_LENGTH ? `${firstLine.slice(0, MAX_LENGTH - 1)}…` : firstLine;
}
