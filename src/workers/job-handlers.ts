// The job kinds this platform runs, each mapped to a small handler that calls a use case.
// Capabilities register their kinds here as they arrive (build, send, receive, classify, notify…).
import type { Db } from '../db/types.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { Logger } from '../kernel/logger.ts';

export interface WorkerDeps {
  db: Db;
  documents: DocumentStore;
  logger: Logger;
}

export function jobHandlers(_deps: WorkerDeps): Record<string, JobHandler> {
  return {};
}
