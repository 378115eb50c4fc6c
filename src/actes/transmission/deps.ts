// The collaborators of the transmission use cases, built once in the composition root.
import type { Readable } from 'node:stream';
import type { Db } from '../../db/types.ts';
import type { DocumentStore } from '../../documents/index.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { ClassificationCache } from '../classification/index.ts';

export interface TransmissionSettings {
  /** The TdT's codes assigned by the ministry (archive and envelope names). */
  trigramme: string;
  quadrigramme: string;
  /** The operator's reply mailbox: first return address of every envelope. */
  replyAddress: string;
  /** Largest document and archive accepted (bytes): 150 MB by the protocol. */
  maxArchiveBytes: number;
  /** Demo and training: stamps say "simulé". */
  simulated: boolean;
  /** Sending window in minutes since midnight, Europe/Paris (0–1440 = always). */
  window: { from: number; to: number };
  /** Ceiling on archive bytes sent per rolling hour (0 = none). */
  maxBytesPerHour: number;
}

/** Checks an uploaded document's content; returns null when fine, else a French reason. */
export type DocumentChecker = (doc: {
  sha256: string;
  extension: string;
  originalName: string;
}) => Promise<string | null>;

export interface TransmissionDeps {
  db: Db;
  documents: DocumentStore;
  clock: Clock;
  settings: TransmissionSettings;
  checkDocument: DocumentChecker;
  gateway: MinistryGateway;
  /** The process's built classification models (one per process); without it, each check builds one. */
  classifications?: ClassificationCache;
}

/** Who acts: a person (or a token's owner), and whether they may transmit in this collectivité. */
export interface Actor {
  userId: string | null;
  canTransmit: boolean;
}

/** What the ministry's HTTPS intake answered (see gateway/ministry-client.ts for the contract). */
export type SendOutcome =
  | { outcome: 'accepted'; status: number }
  | { outcome: 'rejected'; status: number; reason: string }
  | { outcome: 'not-sent'; reason: string }
  | { outcome: 'unknown'; reason: string };

/** The port the ministry client (gateway/ministry-client.ts) fills; `open` is called on every attempt. */
export interface MinistryGateway {
  sendArchive(archive: { fileName: string; size: number; open(): Readable }): Promise<SendOutcome>;
}
