// The 7-1 classification request: queued daily for every collectivité and whenever a 1-2 or 1-3
// reports a newer classification date than ours. One request at a time per collectivité (job key).
import type { Sql } from '../../db/types.ts';
import { enqueueJob } from '../../jobs/index.ts';
import { getCollectivite, unsafeListAllCollectivites } from '../../tenants/collectivite-store.ts';
import { buildMessage, classificationRequestFileName } from '../protocol/index.ts';
import { getClassificationVersion } from './classification-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { queueOutbound } from './queue-outbound.ts';

export const CLASSIFY_JOB = 'actes.classify';
export const CLASSIFY_ALL_JOB = 'actes.classify-all';

export async function enqueueClassificationRefresh(sql: Sql, collectiviteId: string): Promise<void> {
  await enqueueJob(sql, {
    kind: CLASSIFY_JOB,
    payload: { collectiviteId },
    key: `${CLASSIFY_JOB}:${collectiviteId}`,
    collectiviteId,
  });
}

/** Worker use case: send a 7-1 for one collectivité, with the date of the classification it holds. */
export async function requestClassification(
  deps: TransmissionDeps,
  p: { collectiviteId: string },
): Promise<undefined> {
  await deps.db.transaction(async (tx) => {
    const c = await getCollectivite(tx, p.collectiviteId);
    if (!c?.modules.includes('actes')) return;
    const current = await getClassificationVersion(tx, c.id);
    const xml = buildMessage({
      kind: 'DemandeClassification',
      ...(current ? { dateClassification: current } : {}),
    });
    await queueOutbound(tx, deps, {
      collectiviteId: c.id,
      siren: c.siren,
      actId: null,
      prefectureMessageId: null,
      code: '7-1',
      messageFile: classificationRequestFileName(c.departement, c.siren),
      xml,
      documents: [],
    });
  });
  return undefined;
}

/** Worker use case (daily): a 7-1 for every member using the ACTES module. */
export async function requestAllClassifications(deps: Pick<TransmissionDeps, 'db'>): Promise<undefined> {
  const all = await unsafeListAllCollectivites(deps.db);
  for (const c of all) if (c.modules.includes('actes')) await enqueueClassificationRefresh(deps.db, c.id);
  return undefined;
}
