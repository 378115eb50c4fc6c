// Use case: answer a préfecture letter — 2-2 to a courrier simple, 3-3 refusal or 3-4 documents to a
// request for documents, 4-3 rejection or 4-4 answer to a letter of observations — with documents.
import { AppError, validationError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import {
  type ActesMessage,
  actBaseName,
  buildMessage,
  documentFileName,
  messageFileName,
} from '../protocol/index.ts';
import { addActEvent, getAct } from './act-store.ts';
import { actNameParts } from './apply-letter.ts';
import type { Actor, TransmissionDeps } from './deps.ts';
import { getPrefectureMessage, type PrefectureMessage } from './prefecture-message-store.ts';
import { queueOutbound } from './queue-outbound.ts';
import { storeDocuments, type UploadedDocument } from './store-documents.ts';

export const ANSWERS: Record<string, { to: PrefectureMessage['code']; label: string; many: boolean }> = {
  '2-2': { to: '2-1', label: 'Réponse au courrier simple', many: false },
  '3-3': { to: '3-1', label: 'Refus de transmettre les pièces', many: false },
  '3-4': { to: '3-1', label: 'Transmission des pièces complémentaires', many: true },
  '4-3': { to: '4-1', label: 'Rejet de la lettre d’observations', many: false },
  '4-4': { to: '4-1', label: 'Réponse à la lettre d’observations', many: false },
};

export async function answerPrefectureMessage(
  deps: TransmissionDeps,
  collectiviteId: string,
  actor: Actor,
  messageId: string,
  code: string,
  uploads: Iterable<UploadedDocument> | AsyncIterable<UploadedDocument>,
): Promise<PrefectureMessage> {
  if (!actor.canTransmit)
    throw new AppError('FORBIDDEN', 'Seul un agent télétransmetteur peut répondre à la préfecture.');
  const answer = ANSWERS[code];
  const pm = await getPrefectureMessage(deps.db, collectiviteId, messageId);
  if (!pm)
    throw new AppError(
      'NOT_FOUND',
      'Ce courrier de la préfecture n’existe pas ou ne relève pas de vos collectivités.',
    );
  if (!answer || answer.to !== pm.code)
    throw validationError([
      { field: 'code', message: `Une réponse ${code} ne convient pas à ce courrier (${pm.code}).` },
    ]);
  if (pm.state === 'answered' || pm.state === 'answer_acknowledged')
    throw new AppError('CONFLICT', 'Ce courrier a déjà reçu une réponse.');
  const { documents, problems } = await storeDocuments(deps, uploads);
  if (documents.length === 0)
    problems.push({ field: 'documents', message: 'Joignez votre réponse (un fichier PDF).' });
  if (!answer.many && documents.length > 1)
    problems.push({ field: 'documents', message: 'Cette réponse ne comporte qu’un seul document.' });
  if (problems.length) throw validationError(problems);

  return deps.db.transaction(async (tx) => {
    const act = (await getAct(tx, collectiviteId, pm.actId))!;
    const c = (await getCollectivite(tx, collectiviteId))!;
    const base = actBaseName(actNameParts(c, act), code as '2-2');
    const files = documents.map((d, i) => ({
      name: documentFileName(d.typology, base, i + 1, d.extension),
      sha256: d.sha256,
      size: d.size,
    }));
    const ref = { idActe: act.idActe ?? '', dateCourrierPref: pm.dateCourrierPref };
    const one = { nomFichier: files[0]!.name };
    const message: ActesMessage =
      code === '2-2'
        ? { kind: 'ReponseCourrierSimple', ...ref, document: one }
        : code === '3-3'
          ? { kind: 'RefusPieceComplementaire', ...ref, document: one }
          : code === '3-4'
            ? { kind: 'PieceComplementaire', ...ref, documents: files.map((f) => ({ nomFichier: f.name })) }
            : code === '4-3'
              ? { kind: 'RejetLettreObservations', ...ref, document: one }
              : { kind: 'ReponseLettreObservations', ...ref, document: one };
    await queueOutbound(tx, deps, {
      collectiviteId,
      siren: c.siren,
      actId: act.id,
      prefectureMessageId: pm.id,
      code,
      messageFile: messageFileName(base),
      xml: buildMessage(message),
      documents: files,
    });
    await addActEvent(tx, collectiviteId, act.id, 'answer_queued', actor.userId, { code, to: pm.code });
    return pm;
  });
}
