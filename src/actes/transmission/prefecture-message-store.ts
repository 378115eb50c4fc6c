// Persistence of the préfecture's letters about an act (2-1, 3-1, 4-1, 5-1) and of their state.
import type { Sql } from '../../db/types.ts';

export const PREFECTURE_MESSAGE_LABELS: Record<string, string> = {
  '2-1': 'Courrier simple',
  '3-1': 'Demande de pièces complémentaires',
  '4-1': 'Lettre d’observations',
  '5-1': 'Déféré au tribunal administratif',
};

export const PREFECTURE_MESSAGE_STATES = {
  received: 'Reçu',
  acknowledged: 'Accusé de réception envoyé',
  answered: 'Réponse envoyée',
  answer_acknowledged: 'Réponse reçue par la préfecture',
} as const;

export interface PrefectureMessage {
  id: string;
  actId: string;
  collectiviteId: string;
  code: '2-1' | '3-1' | '4-1' | '5-1';
  dateCourrierPref: string;
  state: keyof typeof PREFECTURE_MESSAGE_STATES;
  description: string | null;
  documents: { name: string; sha256: string; size: number }[];
  answerCode: string | null;
  answerDeadline: string | null;
  readAt: Date | null;
  receivedAt: Date;
}

interface Row {
  id: string;
  act_id: string;
  collectivite_id: string;
  code: PrefectureMessage['code'];
  date_courrier_pref: string;
  state: PrefectureMessage['state'];
  description: string | null;
  documents: PrefectureMessage['documents'];
  answer_code: string | null;
  answer_deadline: string | null;
  read_at: Date | null;
  received_at: Date;
}

const fromRow = (r: Row): PrefectureMessage => ({
  id: r.id,
  actId: r.act_id,
  collectiviteId: r.collectivite_id,
  code: r.code,
  dateCourrierPref: r.date_courrier_pref,
  state: r.state,
  description: r.description,
  documents: r.documents,
  answerCode: r.answer_code,
  answerDeadline: r.answer_deadline,
  readAt: r.read_at,
  receivedAt: r.received_at,
});

/** Inserts a letter once (same act, code and date): returns its id and whether it is new. */
export async function insertPrefectureMessage(
  sql: Sql,
  m: Omit<PrefectureMessage, 'id' | 'state' | 'answerCode' | 'readAt' | 'receivedAt'>,
): Promise<{ id: string; isNew: boolean }> {
  const r = await sql.query<{ id: string }>(
    `insert into prefecture_messages (act_id, collectivite_id, code, date_courrier_pref, description, documents, answer_deadline)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (act_id, code, date_courrier_pref) do nothing returning id`,
    [
      m.actId,
      m.collectiviteId,
      m.code,
      m.dateCourrierPref,
      m.description,
      JSON.stringify(m.documents),
      m.answerDeadline,
    ],
  );
  if (r.rows[0]) return { id: r.rows[0].id, isNew: true };
  const existing = await sql.query<{ id: string }>(
    'select id from prefecture_messages where act_id = $1 and code = $2 and date_courrier_pref = $3',
    [m.actId, m.code, m.dateCourrierPref],
  );
  return { id: existing.rows[0]!.id, isNew: false };
}

export async function getPrefectureMessage(
  sql: Sql,
  collectiviteId: string,
  id: string,
): Promise<PrefectureMessage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await sql.query<Row>('select * from prefecture_messages where collectivite_id = $1 and id = $2', [
    collectiviteId,
    id,
  ]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function findPrefectureMessage(
  sql: Sql,
  actId: string,
  code: string,
  date: string,
): Promise<PrefectureMessage | null> {
  const r = await sql.query<Row>(
    'select * from prefecture_messages where act_id = $1 and code = $2 and date_courrier_pref = $3',
    [actId, code, date],
  );
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function listPrefectureMessagesOfAct(
  sql: Sql,
  collectiviteId: string,
  actId: string,
): Promise<PrefectureMessage[]> {
  const r = await sql.query<Row>(
    'select * from prefecture_messages where collectivite_id = $1 and act_id = $2 order by received_at',
    [collectiviteId, actId],
  );
  return r.rows.map(fromRow);
}

export async function listPrefectureMessages(
  sql: Sql,
  collectiviteIds: readonly string[],
  limit = 100,
): Promise<PrefectureMessage[]> {
  const r = await sql.query<Row>(
    'select * from prefecture_messages where collectivite_id = any($1::uuid[]) order by received_at desc limit $2',
    [collectiviteIds, limit],
  );
  return r.rows.map(fromRow);
}

export async function setPrefectureMessageState(
  sql: Sql,
  id: string,
  from: readonly PrefectureMessage['state'][],
  to: PrefectureMessage['state'],
  answerCode?: string,
): Promise<boolean> {
  const r = await sql.query(
    `update prefecture_messages set state = $3, answer_code = coalesce($4, answer_code), updated_at = now()
     where id = $1 and state = any($2::text[])`,
    [id, from, to, answerCode ?? null],
  );
  return r.rowCount === 1;
}

/** Marks a letter read the first time someone of its collectivité opens it; later openings keep that date. */
export async function markPrefectureMessageRead(sql: Sql, collectiviteId: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return;
  await sql.query(
    'update prefecture_messages set read_at = now() where collectivite_id = $1 and id = $2 and read_at is null',
    [collectiviteId, id],
  );
}

export async function countUnreadPrefectureMessages(sql: Sql, collectiviteId: string): Promise<number> {
  const r = await sql.query<{ n: number }>(
    'select count(*)::int as n from prefecture_messages where collectivite_id = $1 and read_at is null',
    [collectiviteId],
  );
  return r.rows[0]?.n ?? 0;
}
