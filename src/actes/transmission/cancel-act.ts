// Use case: cancel the transmission of an acknowledged act (6-1); the act is cancelled when the
// préfecture's 6-2 arrives.
import { AppError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { actBaseName, buildMessage, messageFileName } from '../protocol/index.ts';
import type { Act } from './act.ts';
import { ACT_STATES } from './act-state.ts';
import { addActEvent, getAct, getActOrFail, setActState } from './act-store.ts';
import { actNameParts } from './apply-letter.ts';
import type { Actor, TransmissionDeps } from './deps.ts';
import { queueOutbound } from './queue-outbound.ts';

export async function cancelAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  actId: string,
): Promise<Act> {
  if (!actor.canTransmit)
    throw new AppError('FORBIDDEN', 'Seul un agent télétransmetteur peut demander l’annulation d’un acte.');
  return deps.db.transaction(async (tx) => {
    const act = await getActOrFail(tx, collectiviteId, actId, true);
    if (act.state !== 'acknowledged' || !act.idActe)
      throw new AppError(
        'CONFLICT',
        `Seul un acte reçu en préfecture peut être annulé ; celui-ci est à l’état « ${ACT_STATES[act.state]} ».`,
      );
    const c = (await getCollectivite(tx, collectiviteId))!;
    await queueOutbound(tx, deps, {
      collectiviteId,
      siren: c.siren,
      actId,
      prefectureMessageId: null,
      code: '6-1',
      messageFile: messageFileName(actBaseName(actNameParts(c, act), '6-1')),
      xml: buildMessage({ kind: 'Annulation', idActe: act.idActe }),
      documents: [],
    });
    await setActState(tx, collectiviteId, actId, ['acknowledged'], 'cancelling');
    await addActEvent(tx, collectiviteId, actId, 'cancellation_requested', actor.userId);
    return (await getAct(tx, collectiviteId, actId))!;
  });
}
