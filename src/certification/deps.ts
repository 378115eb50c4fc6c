// What the registration-authority services need, built once in main.ts and handed to the pages and the
// daily jobs.
import type { Db } from '../db/types.ts';
import type { DocumentStore } from '../documents/index.ts';
import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { Mailer } from '../notify/index.ts';
import type { CertificationAuthorityConnector } from './ca/authority-port.ts';

export interface CertificationDeps {
  db: Db;
  clock: Clock;
  documents: DocumentStore;
  /** The connector of a CA (`ra_authorities.connector`); 'manual' always exists. */
  connector(kind: 'demo' | 'manual'): CertificationAuthorityConnector;
  mailer?: Mailer;
  publicUrl?: string;
  /** Days evidence documents are kept after a request reached a final state (then purged). */
  retentionDays: number;
  logger?: Logger;
}
