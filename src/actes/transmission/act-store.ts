// Persistence of acts, their documents and timeline. Every function that reads or writes an act takes
// the collectivité id and puts it in the WHERE: an act id alone never reaches another tenant's data.
import type { Sql } from '../../db/types.ts';
import { AppError } from '../../kernel/errors.ts';
import { type CollectiviteJson, collectiviteFromJson } from '../../tenants/collectivite-store.ts';
import type { Collectivite } from '../../tenants/index.ts';
import type { Act, ActDocument, ActEventRecord } from './act.ts';
import type { ActState } from './act-state.ts';

interface ActRow {
  id: string;
  collectivite_id: string;
  numero_interne: string;
  nature: string;
  decision_date: string;
  objet: string;
  matiere_codes: number[];
  classification_date: string;
  previous_id_acte: string | null;
  document_papier: boolean;
  publication_date: string | null;
  state: ActState;
  id_acte: string | null;
  received_date: string | null;
  sent_at: Date | null;
  refusal_nature: string | null;
  refusal_detail: string | null;
  last_error: string | null;
  deferral_deadline: string | null;
  transmission_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  documents: {
    position: number;
    typology: string;
    original_name: string;
    extension: string;
    media_type: string;
    sha256: string;
    size: number;
  }[];
}

/** An act's columns and its documents as JSON, for a query over `acts a`. */
const ACT_COLUMNS = `a.*, coalesce((select json_agg(json_build_object('position', d.position, 'typology', d.typology,
    'original_name', d.original_name, 'extension', d.extension, 'media_type', d.media_type, 'sha256', d.sha256,
    'size', d.size) order by d.position) from act_documents d where d.act_id = a.id), '[]') as documents`;

export const SELECT_ACT = `select ${ACT_COLUMNS} from acts a`;

const SELECT_ACT_WITH_COLLECTIVITE = `select ${ACT_COLUMNS}, to_jsonb(c) as collectivite_json
  from acts a join collectivites c on c.id = a.collectivite_id`;

export function actFromRow(r: ActRow): Act {
  return {
    id: r.id,
    collectiviteId: r.collectivite_id,
    numeroInterne: r.numero_interne,
    nature: r.nature,
    decisionDate: r.decision_date,
    objet: r.objet,
    matiereCodes: r.matiere_codes,
    classificationDate: r.classification_date,
    previousIdActe: r.previous_id_acte,
    documentPapier: r.document_papier,
    publicationDate: r.publication_date,
    state: r.state,
    idActe: r.id_acte,
    receivedDate: r.received_date,
    sentAt: r.sent_at,
    refusalNature: r.refusal_nature,
    refusalDetail: r.refusal_detail,
    lastError: r.last_error,
    deferralDeadline: r.deferral_deadline,
    transmissionId: r.transmission_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    documents: r.documents.map(
      (d): ActDocument => ({
        position: d.position,
        typology: d.typology.trim(),
        originalName: d.original_name,
        extension: d.extension,
        mediaType: d.media_type,
        sha256: d.sha256,
        size: Number(d.size),
      }),
    ),
  };
}

export interface NewAct {
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
  createdBy: string | null;
}

/** The documents' columns as arrays, one parameter each (in unnestDocuments' order). */
function documentColumns(docs: readonly ActDocument[]): unknown[] {
  return [
    docs.map((d) => d.position),
    docs.map((d) => d.typology),
    docs.map((d) => d.originalName),
    docs.map((d) => d.extension),
    docs.map((d) => d.mediaType),
    docs.map((d) => d.sha256),
    docs.map((d) => d.size),
  ];
}

/** The rows of documentColumns' parameters, numbered from $first, as a table `d`. */
function unnestDocuments(first: number): string {
  const types = ['smallint', 'text', 'text', 'text', 'text', 'text', 'bigint'];
  return `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(', ')})
       as d(position, typology, original_name, extension, media_type, sha256, size)`;
}

/**
 * A new act with its documents and its 'created' event, in one statement (three inserts and a read back
 * before: each round trip costs more than the rows). Answers the act as stored.
 */
export async function insertAct(
  sql: Sql,
  a: NewAct,
  docs: readonly ActDocument[],
  event: { actorId: string | null; detail?: Record<string, unknown> },
): Promise<Act> {
  // Data-modifying WITHs all run to completion, whether or not the final select reads them.
  const r = await sql.query<Omit<ActRow, 'documents'>>(
    `with a as (
       insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
         classification_date, previous_id_acte, document_papier, publication_date, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *),
     d as (
       insert into act_documents (act_id, collectivite_id, position, typology, original_name, extension, media_type, sha256, size)
       select a.id, a.collectivite_id, d.*
         from a, ${unnestDocuments(12)}),
     e as (
       insert into act_events (act_id, collectivite_id, kind, actor_id, detail)
       select a.id, a.collectivite_id, 'created', $19::uuid, $20::jsonb from a)
     select * from a`,
    [
      a.collectiviteId,
      a.numeroInterne,
      a.nature,
      a.decisionDate,
      a.objet,
      a.matiereCodes,
      a.classificationDate,
      a.previousIdActe,
      a.documentPapier,
      a.publicationDate,
      a.createdBy,
      ...documentColumns(docs),
      event.actorId,
      JSON.stringify(event.detail ?? {}),
    ],
  );
  const documents = [...docs].sort((x, y) => x.position - y.position);
  return { ...actFromRow({ ...r.rows[0]!, documents: [] }), documents };
}

export async function updateDraftFields(
  sql: Sql,
  collectiviteId: string,
  id: string,
  a: Omit<NewAct, 'collectiviteId' | 'createdBy'>,
): Promise<void> {
  await sql.query(
    `update acts set numero_interne = $3, nature = $4, decision_date = $5, objet = $6, matiere_codes = $7,
       classification_date = $8, previous_id_acte = $9, document_papier = $10, publication_date = $11,
       updated_at = now()
     where collectivite_id = $1 and id = $2 and state = 'draft'`,
    [
      collectiviteId,
      id,
      a.numeroInterne,
      a.nature,
      a.decisionDate,
      a.objet,
      a.matiereCodes,
      a.classificationDate,
      a.previousIdActe,
      a.documentPapier,
      a.publicationDate,
    ],
  );
}

export async function replaceDocuments(
  sql: Sql,
  collectiviteId: string,
  actId: string,
  docs: ActDocument[],
): Promise<void> {
  await sql.query('delete from act_documents where collectivite_id = $1 and act_id = $2', [
    collectiviteId,
    actId,
  ]);
  await insertDocuments(sql, collectiviteId, actId, docs);
}

/** The documents of an act that has none yet (a new act: no delete to run first). */
export async function insertDocuments(
  sql: Sql,
  collectiviteId: string,
  actId: string,
  docs: ActDocument[],
): Promise<void> {
  if (docs.length === 0) return;
  // One statement for all the documents: each round trip to the server costs more than the row.
  await sql.query(
    `insert into act_documents (act_id, collectivite_id, position, typology, original_name, extension, media_type, sha256, size)
     select $1, $2, d.* from ${unnestDocuments(3)}`,
    [actId, collectiviteId, ...documentColumns(docs)],
  );
}

export async function getAct(
  sql: Sql,
  collectiviteId: string,
  id: string,
  forUpdate = false,
): Promise<Act | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  if (forUpdate)
    await sql.query('select 1 from acts where collectivite_id = $1 and id = $2 for update', [
      collectiviteId,
      id,
    ]);
  const r = await sql.query<ActRow>(`${SELECT_ACT} where a.collectivite_id = $1 and a.id = $2`, [
    collectiviteId,
    id,
  ]);
  return r.rows[0] ? actFromRow(r.rows[0]) : null;
}

/**
 * The act and its collectivité in one statement (jobs need both: two round trips before). With
 * `forUpdate`, the act's row is locked first, as getAct does.
 */
export async function getActWithCollectivite(
  sql: Sql,
  collectiviteId: string,
  id: string,
  forUpdate = false,
): Promise<{ act: Act; collectivite: Collectivite } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  if (forUpdate)
    await sql.query('select 1 from acts where collectivite_id = $1 and id = $2 for update', [
      collectiviteId,
      id,
    ]);
  const r = await sql.query<ActRow & { collectivite_json: CollectiviteJson }>(
    `${SELECT_ACT_WITH_COLLECTIVITE} where a.collectivite_id = $1 and a.id = $2`,
    [collectiviteId, id],
  );
  const row = r.rows[0];
  if (!row) return null;
  const { collectivite_json, ...act } = row;
  return { act: actFromRow(act), collectivite: collectiviteFromJson(collectivite_json) };
}

/**
 * The collectivité of a SIREN and its act of that number, in one statement (a reply names both): the
 * collectivité alone when it has no such act, nothing when the SIREN is not a member's.
 */
export async function findActBySirenAndNumero(
  sql: Sql,
  siren: string,
  numeroInterne: string,
): Promise<{ collectivite: Collectivite; act: Act | null } | null> {
  const r = await sql.query<ActRow & { collectivite_json: CollectiviteJson }>(
    `select ${ACT_COLUMNS}, to_jsonb(c) as collectivite_json
     from collectivites c left join acts a on a.collectivite_id = c.id and a.numero_interne = $2
     where c.siren = $1`,
    [siren, numeroInterne],
  );
  const row = r.rows[0];
  if (!row) return null;
  const { collectivite_json, ...act } = row;
  return { collectivite: collectiviteFromJson(collectivite_json), act: act.id ? actFromRow(act) : null };
}

export function actNotFound(): AppError {
  return new AppError('NOT_FOUND', 'Cet acte n’existe pas ou ne relève pas de vos collectivités.');
}

/** The act, or a French 404 (the same answer for an act of another collectivité: nothing leaks). */
export async function getActOrFail(
  sql: Sql,
  collectiviteId: string,
  id: string,
  forUpdate = false,
): Promise<Act> {
  const act = await getAct(sql, collectiviteId, id, forUpdate);
  if (!act) throw actNotFound();
  return act;
}

type ActStateFields = Partial<
  Record<
    | 'id_acte'
    | 'received_date'
    | 'sent_at'
    | 'refusal_nature'
    | 'refusal_detail'
    | 'last_error'
    | 'deferral_deadline'
    | 'transmission_id'
    | 'submitted_by'
    | 'confirmed_by',
    unknown
  >
>;

/** The guarded update of an act's state (parameters $1-$4, then the fields from $5). */
function stateUpdate(
  collectiviteId: string,
  id: string,
  from: readonly ActState[],
  to: ActState,
  fields: ActStateFields,
): { sql: string; params: unknown[] } {
  const keys = Object.keys(fields);
  const sets = keys.map((k, i) => `${k} = $${i + 5}`).join(', ');
  return {
    sql: `update acts set state = $4, updated_at = now()${sets ? `, ${sets}` : ''}
     where collectivite_id = $1 and id = $2 and state = any($3::text[])`,
    params: [collectiviteId, id, from, to, ...keys.map((k) => fields[k as keyof typeof fields])],
  };
}

/** Moves an act from one state to another only if it is still in `from` (no lost update). */
export async function setActState(
  sql: Sql,
  collectiviteId: string,
  id: string,
  from: readonly ActState[],
  to: ActState,
  fields: ActStateFields = {},
): Promise<boolean> {
  const u = stateUpdate(collectiviteId, id, from, to, fields);
  const r = await sql.query(u.sql, u.params);
  return r.rowCount === 1;
}

/**
 * setActState, and its timeline event only if the state did change, in one statement (one round trip
 * instead of two on the path every act takes).
 */
export async function moveAct(
  sql: Sql,
  collectiviteId: string,
  id: string,
  from: readonly ActState[],
  to: ActState,
  fields: ActStateFields,
  event: { kind: string; actorId: string | null; detail?: Record<string, unknown> },
  /**
   * Another write made in the same statement (so atomic with it without a transaction: BEGIN, two
   * statements and COMMIT become one round trip), whatever becomes of the act. Its placeholders are
   * numbered from $1 among its own params.
   */
  along?: { sql: string; params: unknown[] },
): Promise<boolean> {
  const u = stateUpdate(collectiviteId, id, from, to, fields);
  const n = u.params.length;
  const shift = n + 3;
  const prelude = along
    ? `along as (${along.sql.replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + shift}`)}), `
    : '';
  const r = await sql.query(
    `with ${prelude}moved as (${u.sql} returning id, collectivite_id)
     insert into act_events (act_id, collectivite_id, kind, actor_id, detail)
     select id, collectivite_id, $${n + 1}::text, $${n + 2}::uuid, $${n + 3}::jsonb from moved`,
    [...u.params, event.kind, event.actorId, JSON.stringify(event.detail ?? {}), ...(along?.params ?? [])],
  );
  return r.rowCount === 1;
}

/**
 * moveAct for a caller that answers with the act: the act as moved (its documents are the ones given,
 * read by the caller in the same transaction), or null when it was no longer in `from`. One statement
 * instead of moveAct and a read back.
 */
export async function moveActReturning(
  sql: Sql,
  act: Act,
  from: readonly ActState[],
  to: ActState,
  fields: ActStateFields,
  event: { kind: string; actorId: string | null; detail?: Record<string, unknown> },
): Promise<Act | null> {
  const u = stateUpdate(act.collectiviteId, act.id, from, to, fields);
  const n = u.params.length;
  // A data-modifying WITH runs to completion whether or not the final select reads it.
  const r = await sql.query<Omit<ActRow, 'documents'>>(
    `with moved as (${u.sql} returning *),
       event as (insert into act_events (act_id, collectivite_id, kind, actor_id, detail)
         select id, collectivite_id, $${n + 1}::text, $${n + 2}::uuid, $${n + 3}::jsonb from moved)
     select * from moved`,
    [...u.params, event.kind, event.actorId, JSON.stringify(event.detail ?? {})],
  );
  const row = r.rows[0];
  return row ? { ...actFromRow({ ...row, documents: [] }), documents: act.documents } : null;
}

/**
 * The send of an act whose answer came first (the AR or the refusal applied before the send was
 * recorded): its sending date and its 'sent' event, dated when it left, once.
 */
export async function recordSendAfterAnswer(
  sql: Sql,
  collectiviteId: string,
  id: string,
  at: Date,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const r = await sql.query(
    `with fixed as (update acts set sent_at = $3
                      where collectivite_id = $1 and id = $2 and sent_at is null
                        and state in ('acknowledged', 'refused')
                    returning id, collectivite_id)
     insert into act_events (act_id, collectivite_id, kind, actor_id, detail, at)
     select id, collectivite_id, 'sent', null, $4::jsonb, $3 from fixed`,
    [collectiviteId, id, at, JSON.stringify(detail)],
  );
  return r.rowCount === 1;
}

export async function addActEvent(
  sql: Sql,
  collectiviteId: string,
  actId: string,
  kind: string,
  actorId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await sql.query(
    'insert into act_events (act_id, collectivite_id, kind, actor_id, detail) values ($1, $2, $3, $4, $5)',
    [actId, collectiviteId, kind, actorId, JSON.stringify(detail)],
  );
}

export async function listActEvents(
  sql: Sql,
  collectiviteId: string,
  actId: string,
): Promise<ActEventRecord[]> {
  const r = await sql.query<{
    id: number;
    at: Date;
    kind: string;
    actor_id: string | null;
    detail: Record<string, unknown>;
  }>(
    'select id, at, kind, actor_id, detail from act_events where collectivite_id = $1 and act_id = $2 order by id',
    [collectiviteId, actId],
  );
  return r.rows.map((e) => ({ id: e.id, at: e.at, kind: e.kind, actorId: e.actor_id, detail: e.detail }));
}
