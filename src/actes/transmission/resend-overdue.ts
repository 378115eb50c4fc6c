// The AR watchdog: an act sent long ago without any answer (a lost reply mail) has its SAME archive
// posted again. The préfecture receives a given archive once — it keeps the first receipt date — and
// answers a repeated deposit with the replies it already gave, so the lost AR comes back. Bounded.
import { enqueueJob } from '../../jobs/index.ts';
import { addActEvent } from './act-store.ts';
import { SEND_JOB } from './build-act-archive.ts';
import type { TransmissionDeps } from './deps.ts';

export interface OverdueSettings {
  /** An act without AR this long after its sending is posted again. */
  afterMs: number;
  /** At most this many repeated deposits per archive. */
  maxResends: number;
}

export async function resendOverdueArchives(
  deps: Pick<TransmissionDeps, 'db' | 'clock'>,
  s: OverdueSettings,
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - s.afterMs);
  const r = await deps.db.query<{
    id: string;
    act_id: string;
    collectivite_id: string;
    attempts: number;
    envelope_name: string;
  }>(
    `select t.id, t.act_id, t.collectivite_id, t.attempts, t.envelope_name
     from transmissions t join acts a on a.id = t.act_id and a.collectivite_id = t.collectivite_id
     where t.message_code = '1-1' and t.state = 'sent' and a.state = 'sent'
       and coalesce(t.updated_at, t.sent_at) < $1 and t.attempts <= $2
     order by t.sent_at limit 500`,
    [before, s.maxResends],
  );
  for (const t of r.rows) {
    const { isNew } = await enqueueJob(deps.db, {
      kind: SEND_JOB,
      payload: { transmissionId: t.id, resend: true },
      key: `${SEND_JOB}:${t.id}:relance:${t.attempts}`,
      collectiviteId: t.collectivite_id,
    });
    if (isNew)
      await addActEvent(deps.db, t.collectivite_id, t.act_id, 'resent_without_ar', null, {
        envelope: t.envelope_name,
        attempt: t.attempts + 1,
      });
  }
  return r.rows.length;
}
