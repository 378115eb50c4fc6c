// Recomputes an act's "déféré possible jusqu'au" from its AR and the 3-x / 4-x / 5-1 exchanges.
import type { Sql } from '../../db/types.ts';
import { parisDate } from '../../kernel/clock.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { getAct } from './act-store.ts';
import { deferralDeadline, type Exchange } from './deferral-deadline.ts';

export async function refreshDeferralDeadline(tx: Sql, collectiviteId: string, actId: string): Promise<void> {
  const act = await getAct(tx, collectiviteId, actId);
  if (!act) return;
  const letters = await tx.query<{ code: Exchange['code']; date_courrier_pref: string }>(
    'select code, date_courrier_pref from prefecture_messages where collectivite_id = $1 and act_id = $2 and code <> $3',
    [collectiviteId, actId, '2-1'],
  );
  const answers = await tx.query<{ message_code: Exchange['code']; sent_at: Date }>(
    `select message_code, sent_at from transmissions where collectivite_id = $1 and act_id = $2
       and message_code in ('3-3', '3-4', '4-3', '4-4') and state = 'sent'`,
    [collectiviteId, actId],
  );
  const exchanges: Exchange[] = [
    ...letters.rows.map((r) => ({ code: r.code, date: r.date_courrier_pref })),
    ...answers.rows.map((r) => ({ code: r.message_code, date: parisDate(r.sent_at) })),
  ];
  const collectivite = await getCollectivite(tx, collectiviteId);
  const d = deferralDeadline({
    nature: act.nature,
    receivedDate: act.receivedDate,
    exchanges,
    departement: collectivite?.departement,
  });
  await tx.query('update acts set deferral_deadline = $3 where collectivite_id = $1 and id = $2', [
    collectiviteId,
    actId,
    d.kind === 'until' ? d.date : null,
  ]);
}
