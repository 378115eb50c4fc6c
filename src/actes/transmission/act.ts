// An act as the platform keeps it, with its documents and timeline.
import type { ActState } from './act-state.ts';

export interface ActDocument {
  position: number;
  typology: string;
  originalName: string;
  extension: string;
  mediaType: string;
  sha256: string;
  size: number;
}

export interface Act {
  id: string;
  collectiviteId: string;
  numeroInterne: string;
  nature: string;
  decisionDate: string;
  objet: string;
  matiereCodes: number[];
  classificationDate: string;
  previousIdActe: string | null;
  documentPapier: boolean;
  publicationDate: string | null;
  state: ActState;
  idActe: string | null;
  receivedDate: string | null;
  sentAt: Date | null;
  refusalNature: string | null;
  refusalDetail: string | null;
  lastError: string | null;
  deferralDeadline: string | null;
  transmissionId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  documents: ActDocument[];
}

export interface ActEventRecord {
  id: number;
  at: Date;
  kind: string;
  actorId: string | null;
  detail: Record<string, unknown>;
}
