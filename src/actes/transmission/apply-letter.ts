// The préfecture's letters about an act: 2-1 courrier simple, 3-1 request for documents, 4-1 letter of
// observations (both acknowledged automatically with 3-2 / 4-2), 5-1 déféré; and its acknowledgements
// of our answers (3-5, 4-5).
import type { Sql } from '../../db/types.ts';
import { addMonths } from '../../kernel/calendar.ts';
import type { Collectivite } from '../../tenants/collectivite.ts';
import {
  type ARPieceComplementaireMessage,
  type ARReponseRejetLettreObservationsMessage,
  actBaseName,
  buildMessage,
  type CourrierSimpleMessage,
  type DefereTAMessage,
  type DemandePieceComplementaireMessage,
  type LettreObservationsMessage,
  messageFileName,
} from '../protocol/index.ts';
import type { Act } from './act.ts';
import { addActEvent } from './act-store.ts';
import type { InboundContext } from './apply-message.ts';
import type { TransmissionDeps } from './deps.ts';
import { queueNotification } from './notify-act.ts';
import {
  findPrefectureMessage,
  insertPrefectureMessage,
  setPrefectureMessageState,
} from './prefecture-message-store.ts';
import { queueOutbound } from './queue-outbound.ts';
import { refreshDeferralDeadline } from './refresh-deadline.ts';

type Letter =
  | CourrierSimpleMessage
  | DemandePieceComplementaireMessage
  | LettreObservationsMessage
  | DefereTAMessage;

const CODES = {
  CourrierSimple: '2-1',
  DemandePieceComplementaire: '3-1',
  LettreObservations: '4-1',
  DefereTA: '5-1',
} as const;

export function actNameParts(c: Collectivite, act: Act) {
  return {
    departement: c.departement,
    siren: c.siren,
    decisionDate: act.decisionDate,
    numeroInterne: act.numeroInterne,
    natureAbbrev: act.nature,
  };
}

export async function applyLetter(
  tx: Sql,
  deps: Pick<TransmissionDeps, 'documents' | 'settings' | 'clock'>,
  c: Collectivite,
  act: Act,
  m: Letter,
  ctx: InboundContext,
): Promise<void> {
  const code = CODES[m.kind];
  const date = m.kind === 'DefereTA' ? m.dateDepot : m.dateCourrierPref;
  const files = m.kind === 'DefereTA' ? m.piecesJointes : [m.document];
  const documents = files.flatMap((f) => {
    const d = ctx.documents.get(f.nomFichier);
    return d ? [{ name: f.nomFichier, ...d }] : [];
  });
  const description =
    m.kind === 'DemandePieceComplementaire'
      ? m.descriptionPieces
      : m.kind === 'LettreObservations'
        ? m.motif
        : m.kind === 'DefereTA'
          ? m.natureIllegalite
          : null;
  const answerDeadline = code === '3-1' ? addMonths(date, 1) : code === '4-1' ? addMonths(date, 2) : null;
  const inserted = await insertPrefectureMessage(tx, {
    actId: act.id,
    collectiviteId: c.id,
    code,
    dateCourrierPref: date,
    description,
    documents,
    answerDeadline,
  });
  if (!inserted.isNew) return;
  await addActEvent(tx, c.id, act.id, 'prefecture_message', null, { code, date, messageId: inserted.id });
  await queueNotification(tx, {
    kind: code === '5-1' ? 'defere' : 'courrier',
    collectiviteId: c.id,
    actId: act.id,
    prefectureMessageId: inserted.id,
  });

  if (m.kind === 'DemandePieceComplementaire' || m.kind === 'LettreObservations') {
    const ackCode = m.kind === 'DemandePieceComplementaire' ? '3-2' : '4-2';
    const kind =
      m.kind === 'DemandePieceComplementaire' ? 'ARDemandePieceComplementaire' : 'ARLettreObservations';
    const base = actBaseName(actNameParts(c, act), ackCode);
    await queueOutbound(tx, deps, {
      collectiviteId: c.id,
      siren: c.siren,
      actId: act.id,
      prefectureMessageId: inserted.id,
      code: ackCode,
      messageFile: messageFileName(base),
      xml: buildMessage({ kind, idActe: m.idActe, dateCourrierPref: m.dateCourrierPref }),
      documents: [],
    });
  }
  await refreshDeferralDeadline(tx, c.id, act.id);
}

export async function applyLetterAck(
  tx: Sql,
  c: Collectivite,
  act: Act,
  m: ARPieceComplementaireMessage | ARReponseRejetLettreObservationsMessage,
): Promise<void> {
  const code = m.kind === 'ARPieceComplementaire' ? '3-1' : '4-1';
  const letter = await findPrefectureMessage(tx, act.id, code, m.infosCourrierPref.dateCourrierPref);
  if (!letter) return;
  if (
    await setPrefectureMessageState(
      tx,
      letter.id,
      ['answered', 'acknowledged', 'received'],
      'answer_acknowledged',
    )
  )
    await addActEvent(tx, c.id, act.id, 'answer_acknowledged', null, {
      code: m.kind === 'ARPieceComplementaire' ? '3-5' : '4-5',
      dateReception: m.dateReception,
    });
}
