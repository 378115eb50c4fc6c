// The evidence of a request's file: uploaded by the collectivité's admins or an RA officer (PDF, JPEG or
// PNG, recognised by their first bytes, 10 MB at most, streamed into the document store), reviewed by an
// RA officer against the CA's checklist, and read only by the request's actors — each read journaled.
import type { Readable } from 'node:stream';
import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import { isUuid, type Principal } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getAuthority } from '../catalogue.ts';
import type { CertificationDeps } from '../deps.ts';
import { deleteContentIfUnreferenced, holdContentForInsert } from '../evidence-content.ts';
import { type CertificateRequest, getRequestFor } from '../request-store.ts';
import {
  CHECKLIST_KINDS,
  DOCUMENT_KINDS,
  type DocumentKind,
  FINAL_STATES,
  isFinal,
  REQUEST_STATES,
  type RequestState,
} from '../workflow.ts';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type MediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface RequestDocument {
  id: string;
  kind: DocumentKind;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  uploadedByName: string | null;
  uploadedAt: Date;
  review: 'pending' | 'accepted' | 'refused';
  reviewNote: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  purgedAt: Date | null;
}

/** The type of a file from its first bytes: PDF, JPEG or PNG, or null for anything else. */
export function detectMediaType(head: Uint8Array): MediaType | null {
  const b = Buffer.from(head);
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  return null;
}

const notAccepted = (fileName: string) =>
  validationError([
    {
      field: 'fichier',
      message: `Le fichier « ${fileName} » n’est ni un PDF, ni une image JPEG ou PNG : numérisez la pièce en PDF (ou photographiez-la) et recommencez.`,
    },
  ]);

/**
 * Passes the content through, after checking its first bytes: a type out of `accepted` throws `refusal`
 * (by default: not a PDF, JPEG or PNG). A store fed by it keeps nothing when it throws.
 */
export async function* sniffed(
  content: Readable | AsyncIterable<Uint8Array>,
  fileName: string,
  found: { type: MediaType | null },
  accepted: readonly MediaType[] = ['application/pdf', 'image/jpeg', 'image/png'],
  refusal: () => AppError = () => notAccepted(fileName),
): AsyncGenerator<Uint8Array> {
  let head = Buffer.alloc(0);
  let isKnown = false;
  const check = () => {
    found.type = detectMediaType(head);
    if (!found.type || !accepted.includes(found.type)) throw refusal();
    isKnown = true;
  };
  for await (const chunk of content as AsyncIterable<Uint8Array>) {
    const b = Buffer.from(chunk);
    if (!isKnown) {
      head = Buffer.concat([head, b]);
      if (head.length >= 8) check();
    }
    yield b;
  }
  if (!isKnown) check();
}

interface DocRow {
  id: string;
  kind: DocumentKind;
  file_name: string;
  media_type: string;
  size_bytes: string | number;
  sha256: string | null;
  uploaded_by_name: string | null;
  uploaded_at: Date;
  review: 'pending' | 'accepted' | 'refused';
  review_note: string | null;
  reviewed_by_name: string | null;
  reviewed_at: Date | null;
  purged_at: Date | null;
}

const SELECT_DOC = `
  select d.*, up.name as uploaded_by_name, rv.name as reviewed_by_name
  from certificate_request_documents d
  left join users up on up.id = d.uploaded_by
  left join users rv on rv.id = d.reviewed_by`;

const fromRow = (d: DocRow): RequestDocument => ({
  id: d.id,
  kind: d.kind,
  fileName: d.file_name,
  mediaType: d.media_type,
  sizeBytes: Number(d.size_bytes),
  uploadedByName: d.uploaded_by_name,
  uploadedAt: d.uploaded_at,
  review: d.review,
  reviewNote: d.review_note,
  reviewedByName: d.reviewed_by_name,
  reviewedAt: d.reviewed_at,
  purgedAt: d.purged_at,
});

/** The documents of a request, oldest first (the caller has checked access to the request). */
export async function listDocuments(sql: Sql, requestId: string): Promise<RequestDocument[]> {
  const r = await sql.query<DocRow>(`${SELECT_DOC} where d.request_id = $1 order by d.uploaded_at, d.id`, [
    requestId,
  ]);
  return r.rows.map(fromRow);
}

export interface ChecklistItem {
  kind: DocumentKind;
  label: string;
  /** The newest document of this kind, if any. */
  document: RequestDocument | null;
  status: 'missing' | 'pending' | 'accepted' | 'refused';
}

/** The CA's checklist for this request, each required kind with its newest document and its state. */
export async function fileChecklist(
  sql: Sql,
  request: CertificateRequest,
  documents?: readonly RequestDocument[],
): Promise<{ items: ChecklistItem[]; missing: DocumentKind[]; unaccepted: DocumentKind[] }> {
  const authority = await getAuthority(sql, request.authorityCode);
  const required = authority?.requiredDocuments ?? [];
  const docs = documents ?? (await listDocuments(sql, request.id));
  const live = docs.filter((d) => !d.purgedAt);
  const items = required.map((kind): ChecklistItem => {
    const mine = live.filter((d) => d.kind === kind);
    const best =
      mine.findLast((d) => d.review === 'accepted') ??
      mine.findLast((d) => d.review === 'pending') ??
      mine.at(-1) ??
      null;
    return {
      kind,
      label: DOCUMENT_KINDS[kind],
      document: best,
      status: best ? best.review : 'missing',
    };
  });
  return {
    items,
    missing: items.filter((i) => i.status === 'missing' || i.status === 'refused').map((i) => i.kind),
    unaccepted: items.filter((i) => i.status !== 'accepted').map((i) => i.kind),
  };
}

/** States in which the collectivité (and the RA) complete the file. */
export const FILE_OPEN_STATES: readonly RequestState[] = ['draft', 'returned', 'submitted'];

/** Kinds a file upload may carry (the signed handover report has its own step). */
export const UPLOADABLE_KINDS: readonly DocumentKind[] = [...CHECKLIST_KINDS, 'other'];

/** Whether these actors may add a document of `kind` to a request at this step (null) or why not. */
export function uploadRefusal(
  request: Pick<CertificateRequest, 'state'>,
  actors: readonly string[],
  kind: DocumentKind,
): AppError | null {
  const isRa = actors.includes('ra');
  if (!isRa && !actors.includes('collectivite'))
    return new AppError(
      'FORBIDDEN',
      'Les pièces du dossier sont déposées par l’administrateur de votre collectivité ou par le syndicat.',
    );
  if (FILE_OPEN_STATES.includes(request.state)) return null;
  if (isRa && kind === 'other' && !isFinal(request.state)) return null;
  return new AppError(
    'CERT_REQUEST_STATE',
    `Le dossier ne peut plus être complété : la demande est à l’étape « ${REQUEST_STATES[request.state]} ».`,
  );
}

/** The states in which `uploadRefusal` lets these actors add a document of `kind`. */
function uploadStates(actors: readonly string[], kind: DocumentKind): readonly RequestState[] {
  if (actors.includes('ra') && kind === 'other')
    return (Object.keys(REQUEST_STATES) as RequestState[]).filter((s) => !FINAL_STATES.includes(s));
  return FILE_OPEN_STATES;
}

/**
 * Streams a document into the store and adds it to the request's file. The content is checked while
 * it streams (type by its first bytes, size); nothing is kept when it is refused. The step is checked
 * again by the insert itself: the request may have moved on (submitted, cancelled) during the upload.
 */
export async function uploadDocument(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'documents'>,
  principal: Principal,
  requestId: string,
  input: { kind: string; fileName: string; content: Readable | AsyncIterable<Uint8Array> },
): Promise<RequestDocument> {
  const { request, actors } = await getRequestFor(deps.db, principal, requestId);
  if (!(UPLOADABLE_KINDS as readonly string[]).includes(input.kind))
    throw validationError([{ field: 'kind', message: 'Choisissez la nature de la pièce dans la liste.' }]);
  const kind = input.kind as DocumentKind;
  const refusal = uploadRefusal(request, actors, kind);
  if (refusal) throw refusal;
  const fileName = (input.fileName.split(/[\\/]/).pop() ?? '').trim().slice(0, 255) || 'piece';
  const found: { type: MediaType | null } = { type: null };
  const stored = await deps.documents.put(sniffed(input.content, fileName, found), {
    maxBytes: MAX_DOCUMENT_BYTES,
  });
  const r = await deps.db.transaction(async (tx) => {
    await holdContentForInsert(tx, deps.documents, stored.sha256);
    return tx.query<{ id: string }>(
      `insert into certificate_request_documents (request_id, kind, file_name, media_type, size_bytes, sha256,
         uploaded_by, uploaded_at)
       select $1::uuid, $2, $3, $4, $5::bigint, $6, $7::uuid, $8::timestamptz
       where exists (select 1 from certificate_requests where id = $1::uuid and state = any($9::text[]))
       returning id`,
      [
        request.id,
        kind,
        fileName,
        found.type,
        stored.size,
        stored.sha256,
        principal.user?.id ?? null,
        deps.clock.now(),
        uploadStates(actors, kind),
      ],
    );
  });
  if (!r.rows[0]) {
    await deleteContentIfUnreferenced(deps, stored.sha256);
    throw new AppError(
      'CERT_REQUEST_STATE',
      'La demande a changé d’étape pendant l’envoi de la pièce, qui n’a pas été ajoutée : rechargez la page pour voir où elle en est.',
    );
  }
  const doc = await deps.db.query<DocRow>(`${SELECT_DOC} where d.id = $1`, [r.rows[0]!.id]);
  return fromRow(doc.rows[0]!);
}

/**
 * Opens a document for the request's holder, its collectivité's admins or an RA officer, and journals
 * the read (who, which request, which kind of document — never its content). Anyone else: not found,
 * and the attempt is journaled as a denied access.
 */
export async function openDocument(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'documents'>,
  principal: Principal,
  requestId: string,
  documentId: string,
  context: { ip?: string | null; httpRequestId?: string | null } = {},
): Promise<{ document: RequestDocument; content: Readable }> {
  let request: CertificateRequest;
  try {
    request = (await getRequestFor(deps.db, principal, requestId)).request;
  } catch (e) {
    await recordSecurityEvent(deps.db, {
      kind: 'access.denied',
      at: deps.clock.now(),
      userId: principal.user?.id ?? null,
      tokenId: principal.token?.id ?? null,
      ip: context.ip ?? null,
      requestId: context.httpRequestId ?? null,
      reason: 'Pièce d’une demande de certificat demandée par une personne qui n’y a pas accès.',
      details: { certificateRequest: requestId.slice(0, 40), document: documentId.slice(0, 40) },
    });
    throw e;
  }
  const notFound = () => new AppError('NOT_FOUND', 'Pièce introuvable dans ce dossier.');
  if (!isUuid(documentId)) throw notFound();
  const r = await deps.db.query<DocRow>(`${SELECT_DOC} where d.id = $1 and d.request_id = $2`, [
    documentId,
    request.id,
  ]);
  const row = r.rows[0];
  if (!row) throw notFound();
  if (!row.sha256)
    throw new AppError(
      'NOT_FOUND',
      'Cette pièce a été effacée à la fin de sa durée de conservation (données personnelles).',
    );
  const content = await deps.documents.get(row.sha256);
  // The reading is journaled before the content is handed over; if it cannot be, the file is closed.
  await recordSecurityEvent(deps.db, {
    kind: 'certificate-request.document-read',
    at: deps.clock.now(),
    userId: principal.user?.id ?? null,
    collectiviteId: request.collectiviteId,
    ip: context.ip ?? null,
    requestId: context.httpRequestId ?? null,
    reason: `Pièce « ${DOCUMENT_KINDS[row.kind]} » de la demande de certificat n° ${request.number} consultée.`,
    details: {
      certificateRequest: request.id,
      number: request.number,
      document: row.id,
      documentKind: row.kind,
    },
  }).catch((e: unknown) => {
    content.destroy();
    throw e;
  });
  return { document: fromRow(row), content };
}

/** An RA officer accepts or refuses a document of a submitted file (a refusal says why). */
export async function reviewDocument(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  principal: Principal,
  requestId: string,
  documentId: string,
  input: { decision: string; note: string },
): Promise<RequestDocument> {
  const { request, actors } = await getRequestFor(deps.db, principal, requestId);
  if (!isUuid(documentId)) throw new AppError('NOT_FOUND', 'Pièce introuvable dans ce dossier.');
  if (!actors.includes('ra'))
    throw new AppError(
      'FORBIDDEN',
      'Les pièces sont examinées par les officiers d’enregistrement du syndicat.',
    );
  if (request.state !== 'submitted')
    throw new AppError(
      'CERT_REQUEST_STATE',
      `Les pièces s’examinent quand la collectivité a déposé sa demande ; elle est à l’étape « ${REQUEST_STATES[request.state]} ».`,
    );
  const note = input.note.trim().slice(0, 1000);
  if (input.decision !== 'accepted' && input.decision !== 'refused')
    throw validationError([{ field: 'decision', message: 'Choisissez : pièce acceptée, ou pièce refusée.' }]);
  if (input.decision === 'refused' && !note)
    throw validationError([
      {
        field: 'note',
        message:
          'Dites pourquoi la pièce est refusée (illisible, périmée, non signée…) : la collectivité doit savoir quoi envoyer.',
      },
    ]);
  const r = await deps.db.query(
    `update certificate_request_documents set review = $3, review_note = $4, reviewed_by = $5, reviewed_at = $6
     where id = $1 and request_id = $2 and purged_at is null`,
    [documentId, request.id, input.decision, note || null, principal.user?.id ?? null, deps.clock.now()],
  );
  if (r.rowCount !== 1) throw new AppError('NOT_FOUND', 'Pièce introuvable dans ce dossier.');
  const doc = await deps.db.query<DocRow>(`${SELECT_DOC} where d.id = $1`, [documentId]);
  return fromRow(doc.rows[0]!);
}
