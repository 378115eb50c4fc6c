// The JSON shape of an act in the API: our state with its French label and, beside it, the S²LOW
// numeric status that business software built for S²LOW reads.
import { ACT_STATES, type Act, s2lowStatus } from '../../actes/transmission/index.ts';
import { parisDate } from '../../kernel/clock.ts';

export function actJson(act: Act, now: Date) {
  return {
    id: act.id,
    collectiviteId: act.collectiviteId,
    numeroInterne: act.numeroInterne,
    nature: act.nature,
    decisionDate: act.decisionDate,
    objet: act.objet,
    classification: act.matiereCodes.join('.'),
    classificationDate: act.classificationDate,
    publicationDate: act.publicationDate,
    documentPapier: act.documentPapier,
    previousIdActe: act.previousIdActe,
    state: act.state,
    stateLabel: ACT_STATES[act.state],
    s2lowStatus: s2lowStatus(act.state, act.receivedDate, parisDate(now)),
    idActe: act.idActe,
    receivedDate: act.receivedDate,
    sentAt: act.sentAt,
    refusal:
      act.refusalDetail || act.refusalNature
        ? { nature: act.refusalNature, detail: act.refusalDetail }
        : null,
    lastError: act.lastError,
    deferralPossibleUntil: act.deferralDeadline,
    documents: act.documents.map((d) => ({
      position: d.position,
      role: d.position === 1 ? 'acte' : 'annexe',
      typology: d.typology,
      name: d.originalName,
      mediaType: d.mediaType,
      size: d.size,
      sha256: d.sha256,
    })),
    createdAt: act.createdAt,
    updatedAt: act.updatedAt,
  };
}
