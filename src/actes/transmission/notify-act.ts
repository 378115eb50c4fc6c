// Notifications of an act's path (AR with the stamped PDF, refusal, préfecture letter, déféré, deadline
// reminders): queued as jobs inside the transaction that records the event, sent by a worker to the
// collectivité's agents who want them (per-person preferences, all on by default).
import type { Sql } from '../../db/types.ts';
import { enqueueJob } from '../../jobs/index.ts';

export const NOTIFY_JOB = 'notify.act';

export const NOTIFICATION_KINDS = {
  ar: 'Accusé de réception de la préfecture (avec l’acte tamponné)',
  refus: 'Acte refusé par la préfecture',
  courrier: 'Courrier, demande de pièces ou lettre d’observations de la préfecture',
  defere: 'Acte déféré au tribunal administratif',
  rappel: 'Rappel d’une réponse attendue par la préfecture',
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export interface NotifyPayload {
  kind: NotificationKind;
  collectiviteId: string;
  actId: string;
  prefectureMessageId?: string;
  /** Makes the job key unique per event (e.g. the reminder's day). */
  discriminator?: string;
}

export async function queueNotification(sql: Sql, p: NotifyPayload): Promise<void> {
  await enqueueJob(sql, {
    kind: NOTIFY_JOB,
    payload: p,
    key: `${NOTIFY_JOB}:${p.kind}:${p.actId}:${p.prefectureMessageId ?? ''}:${p.discriminator ?? ''}`,
    collectiviteId: p.collectiviteId,
    maxAttempts: 8,
  });
}

/** E-mail addresses of the agents of a collectivité who follow its acts and want this kind of mail. */
export async function recipientsFor(
  sql: Sql,
  collectiviteId: string,
  kind: NotificationKind,
): Promise<string[]> {
  const r = await sql.query<{ email: string }>(
    `select distinct u.email from users u
     join memberships m on m.user_id = u.id and m.collectivite_id = $1
     left join notification_preferences p on p.user_id = u.id and p.kind = $2
     where u.disabled_at is null and coalesce(p.enabled, true)
       and m.roles && array['admin', 'transmitter', 'preparer']::text[]
     order by u.email`,
    [collectiviteId, kind],
  );
  return r.rows.map((x) => x.email);
}

export async function setNotificationPreference(
  sql: Sql,
  userId: string,
  kind: NotificationKind,
  enabled: boolean,
): Promise<void> {
  await sql.query(
    `insert into notification_preferences (user_id, kind, enabled) values ($1, $2, $3)
     on conflict (user_id, kind) do update set enabled = excluded.enabled`,
    [userId, kind, enabled],
  );
}

export async function getNotificationPreferences(
  sql: Sql,
  userId: string,
): Promise<Record<NotificationKind, boolean>> {
  const r = await sql.query<{ kind: NotificationKind; enabled: boolean }>(
    'select kind, enabled from notification_preferences where user_id = $1',
    [userId],
  );
  const prefs = Object.fromEntries(Object.keys(NOTIFICATION_KINDS).map((k) => [k, true])) as Record<
    NotificationKind,
    boolean
  >;
  for (const row of r.rows) prefs[row.kind] = row.enabled;
  return prefs;
}
