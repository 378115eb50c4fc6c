// Applies one message from the préfecture to the act (or collectivité) it concerns. Runs inside the
// transaction that records the message, so a message is applied exactly once. Anomalies are data:
// the préfecture's words are kept and shown, never thrown.
import type { Sql } from '../../db/types.ts';
import { assertNever } from '../../kernel/errors.ts';
import type { Collectivite } from '../../tenants/collectivite.ts';
import { findCollectiviteBySiren } from '../../tenants/collectivite-store.ts';
import { classificationFromMessage } from '../classification/index.ts';
import { type ActesMessage, parseEnvelopeFileName, parseIdActe } from '../protocol/index.ts';
import type { Act } from './act.ts';
import { addActEvent, findActBySirenAndNumero, moveAct, setActState } from './act-store.ts';
import { applyLetter, applyLetterAck } from './apply-letter.ts';
import {
  getClassificationVersion,
  markClassificationChecked,
  saveClassification,
} from './classification-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { queueNotification } from './notify-act.ts';
import { enqueueClassificationRefresh } from './refresh-classification.ts';
import { deferralDeadlineOf } from './refresh-deadline.ts';
import { unsafeFindTransmissionByEnvelope } from './transmission-store.ts';

export interface InboundContext {
  fileName: string;
  rawSha256: string;
  /** SIREN named by the préfecture's envelope, when there was one. */
  destinataire: string | null;
  /** Documents that came with the message, by file name. */
  documents: ReadonlyMap<string, { sha256: string; size: number }>;
}

export type ApplyResult =
  | { state: 'applied'; actId: string | null; collectiviteId: string | null; detail?: string }
  | { state: 'unmatched' | 'invalid'; actId?: null; collectiviteId?: string | null; detail: string };

const unmatched = (detail: string, collectiviteId: string | null = null): ApplyResult => ({
  state: 'unmatched',
  detail,
  collectiviteId,
});

/** The SIREN a file name starts with ({dept}-{SIREN}-…), for messages that carry no IDActe. */
function sirenFromFileName(name: string): string | null {
  return /^[0-9AB]{3}-(\d{9})-/.exec(name)?.[1] ?? null;
}

async function actOf(
  tx: Sql,
  siren: string | null,
  numero: string | undefined,
): Promise<{ c: Collectivite | null; act: Act | null }> {
  if (siren && numero) {
    // Both in one statement: the usual case (an AR, an anomaly about an act).
    const found = await findActBySirenAndNumero(tx, siren, numero);
    return { c: found?.collectivite ?? null, act: found?.act ?? null };
  }
  return { c: siren ? await findCollectiviteBySiren(tx, siren) : null, act: null };
}

async function actOfIdActe(tx: Sql, idActe: string): Promise<{ c: Collectivite | null; act: Act | null }> {
  const parts = parseIdActe(idActe);
  return actOf(tx, parts?.siren ?? null, parts?.numeroInterne);
}

/**
 * Asks for the préfecture's classification when the message names a newer one than ours. Versions only
 * grow (a 7-2 never replaces a newer one), so a model this process holds that is at least as recent
 * answers without reading the row. (A model seen in a transaction rolled back since could skip one request
 * here; the daily refresh asks anyway.)
 */
async function noteNewerClassification(
  tx: Sql,
  deps: Pick<TransmissionDeps, 'classifications'>,
  collectiviteId: string,
  date: string,
): Promise<void> {
  const held = deps.classifications?.get(collectiviteId)?.model.date;
  if (held && held >= date) return;
  const current = await getClassificationVersion(tx, collectiviteId);
  if (!current || current < date) await enqueueClassificationRefresh(tx, collectiviteId);
}

export async function applyMessage(
  tx: Sql,
  deps: Pick<TransmissionDeps, 'documents' | 'settings' | 'clock' | 'classifications'>,
  m: ActesMessage,
  ctx: InboundContext,
): Promise<ApplyResult> {
  switch (m.kind) {
    case 'ARActe': {
      const { c, act } = await actOfIdActe(tx, m.idActe);
      if (!c || !act) return unmatched(`Accusé de réception ${m.idActe} : aucun acte correspondant.`, c?.id);
      // The deadline the AR starts, written by the statement that acknowledges the act.
      const deadline = await deferralDeadlineOf(tx, c.id, act.id, {
        nature: act.nature,
        receivedDate: m.dateReception,
        departement: c.departement,
      });
      if (
        await moveAct(
          tx,
          c.id,
          act.id,
          ['sent', 'built', 'error'],
          'acknowledged',
          {
            id_acte: m.idActe,
            received_date: m.dateReception,
            last_error: null,
            deferral_deadline: deadline,
          },
          {
            kind: 'acknowledged',
            actorId: null,
            detail: { idActe: m.idActe, dateReception: m.dateReception },
          },
        )
      )
        await queueNotification(tx, { kind: 'ar', collectiviteId: c.id, actId: act.id });
      await noteNewerClassification(tx, deps, c.id, m.classificationDateVersionEnCours);
      return { state: 'applied', actId: act.id, collectiviteId: c.id };
    }
    case 'AnomalieActe': {
      const { c, act } = await actOf(
        tx,
        ctx.destinataire ?? sirenFromFileName(ctx.fileName),
        m.acteRecu.numeroInterne,
      );
      if (!c || !act)
        return unmatched(
          `Anomalie sur l’acte ${m.acteRecu.numeroInterne} : aucun acte correspondant.`,
          c?.id,
        );
      if (
        await moveAct(
          tx,
          c.id,
          act.id,
          ['sent', 'built', 'error'],
          'refused',
          {
            refusal_nature: m.nature,
            refusal_detail: m.detail ?? 'La préfecture n’a pas précisé le motif.',
          },
          { kind: 'refused', actorId: null, detail: { nature: m.nature, detail: m.detail ?? null } },
        )
      ) {
        await queueNotification(tx, { kind: 'refus', collectiviteId: c.id, actId: act.id });
      }
      await noteNewerClassification(tx, deps, c.id, m.classificationDateVersionEnCours);
      return { state: 'applied', actId: act.id, collectiviteId: c.id };
    }
    case 'AnomalieEnveloppe': {
      const envelopeName = ctx.fileName.replace(/^ANO_/, '');
      const t = parseEnvelopeFileName(envelopeName)
        ? await unsafeFindTransmissionByEnvelope(tx, envelopeName)
        : null;
      if (!t) return unmatched(`Enveloppe refusée ${envelopeName} : aucun envoi correspondant.`);
      await tx.query(
        `update transmissions set state = 'failed', last_outcome = $2, updated_at = now() where id = $1`,
        [t.id, `anomalie ${m.nature}: ${m.detail ?? ''}`.slice(0, 500)],
      );
      if (t.actId && t.messageCode === '1-1') {
        if (
          await setActState(tx, t.collectiviteId, t.actId, ['sent', 'built', 'error'], 'refused', {
            refusal_nature: m.nature,
            refusal_detail: m.detail ?? 'La préfecture a refusé l’enveloppe sans préciser le motif.',
          })
        ) {
          await addActEvent(tx, t.collectiviteId, t.actId, 'refused', null, {
            nature: m.nature,
            detail: m.detail ?? null,
            envelope: envelopeName,
          });
          await queueNotification(tx, { kind: 'refus', collectiviteId: t.collectiviteId, actId: t.actId });
        }
      } else if (t.actId) {
        await addActEvent(tx, t.collectiviteId, t.actId, 'reply_refused', null, {
          code: t.messageCode,
          detail: m.detail ?? null,
        });
      }
      return { state: 'applied', actId: t.actId, collectiviteId: t.collectiviteId };
    }
    case 'CourrierSimple':
    case 'DemandePieceComplementaire':
    case 'LettreObservations':
    case 'DefereTA': {
      const { c, act } = await actOfIdActe(tx, m.idActe);
      if (!c || !act)
        return unmatched(
          `Courrier de la préfecture sur l’acte ${m.idActe} : aucun acte correspondant.`,
          c?.id,
        );
      await applyLetter(tx, deps, c, act, m, ctx);
      return { state: 'applied', actId: act.id, collectiviteId: c.id };
    }
    case 'ARPieceComplementaire':
    case 'ARReponseRejetLettreObservations': {
      const { c, act } = await actOfIdActe(tx, m.infosCourrierPref.idActe);
      if (!c || !act)
        return unmatched(
          `Accusé de réception de réponse ${m.infosCourrierPref.idActe} : aucun acte correspondant.`,
          c?.id,
        );
      await applyLetterAck(tx, c, act, m);
      return { state: 'applied', actId: act.id, collectiviteId: c.id };
    }
    case 'ARAnnulation': {
      const { c, act } = await actOfIdActe(tx, m.idActe);
      if (!c || !act) return unmatched(`Annulation ${m.idActe} : aucun acte correspondant.`, c?.id);
      if (await setActState(tx, c.id, act.id, ['cancelling', 'acknowledged'], 'cancelled'))
        await addActEvent(tx, c.id, act.id, 'cancelled', null, { dateReception: m.dateReception });
      return { state: 'applied', actId: act.id, collectiviteId: c.id };
    }
    case 'RetourClassification':
    case 'ReponseClassificationSansChangement': {
      const siren = ctx.destinataire ?? sirenFromFileName(ctx.fileName);
      const c = siren ? await findCollectiviteBySiren(tx, siren) : null;
      if (!c)
        return unmatched(
          `Classification pour le SIREN ${siren ?? '(inconnu)'} : aucune collectivité correspondante.`,
        );
      if (m.kind === 'RetourClassification')
        await saveClassification(tx, c.id, classificationFromMessage(m), ctx.rawSha256);
      else await markClassificationChecked(tx, c.id);
      return { state: 'applied', actId: null, collectiviteId: c.id };
    }
    case 'EnveloppeMISILLCL':
      return { state: 'applied', actId: null, collectiviteId: null, detail: 'enveloppe' };
    case 'Acte':
    case 'ReponseCourrierSimple':
    case 'ARDemandePieceComplementaire':
    case 'RefusPieceComplementaire':
    case 'PieceComplementaire':
    case 'ARLettreObservations':
    case 'RejetLettreObservations':
    case 'ReponseLettreObservations':
    case 'Annulation':
    case 'DemandeClassification':
    case 'EnveloppeCLMISILL':
      return {
        state: 'invalid',
        detail: `Message ${m.kind} inattendu : il est émis par une collectivité, pas par la préfecture.`,
      };
    default:
      return assertNever(m);
  }
}
