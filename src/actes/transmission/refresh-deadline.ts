// Recomputes an act's "déféré possible jusqu'au" from its AR and the 3-x / 4-x / 5-1 exchanges.
import type { Sql } from '../../db/types.ts';
import { parisDate } from '../../kernel/clock.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { getAct } from './act-store.ts';
import { deferralDeadline, type Exchange } from './deferral-deadline.ts';

/** What the computation needs from the act and its collectivité, when the caller already holds them. */
export interface DeadlineBasis {
  nature: string;
  receivedDate: string | null;
  departement: string | undefined;
}

async function basisOf(tx: Sql, collectiviteId: string, actId: string): Promise<DeadlineBasis | null> {
  const act = await getAct(tx, collectiviteId, actId);
  if (!act) return null;
  const collectivite = await getCollectivite(tx, collectiviteId);
  return { nature: act.nature, receivedDate: act.receivedDate, departement: collectivite?.departement };
}

/**
 * The act's "déféré possible jusqu'au" from its basis and its exchanges (one statement), for a caller that
 * writes it itself (the AR: in the statement that acknowledges the act).
 */
export async function deferralDeadlineOf(
  tx: Sql,
  collectiviteId: string,
  actId: string,
  basis: DeadlineBasis,
): Promise<string | null> {
  // The préfecture's letters (not the 2-1) and our answers that left, in one round trip.
  const r = await tx.query<{ code: Exchange['code']; letter_date: string | null; sent_at: Date | null }>(
    `select code, date_courrier_pref as letter_date, null::timestamptz as sent_at from prefecture_messages
      where collectivite_id = $1 and act_id = $2 and code <> '2-1'
     union all
     select message_code, null, sent_at from transmissions
      where collectivite_id = $1 and act_id = $2 and message_code in ('3-3', '3-4', '4-3', '4-4') and state = 'sent'`,
    [collectiviteId, actId],
  );
  const exchanges: Exchange[] = r.rows.map((x) => ({
    code: x.code,
    date: x.letter_date ?? parisDate(x.sent_at!),
  }));
  const d = deferralDeadline({
    nature: basis.nature,
    receivedDate: basis.receivedDate,
    exchanges,
    departement: basis.departement,
  });
  return d.kind === 'until' ? d.date : null;
}

export async function refreshDeferralDeadline(
  tx: Sql,
  collectiviteId: string,
  actId: string,
  known?: DeadlineBasis,
): Promise<void> {
  const basis = known ?? (await basisOf(tx, collectiviteId, actId));
  if (!basis) return;
  await tx.query('update acts set deferral_deadline = $3 where collectivite_id = $1 and id = $2', [
    collectiviteId,
    actId,
    await deferralDeadlineOf(tx, collectiviteId, actId, basis),
  ]);
}
