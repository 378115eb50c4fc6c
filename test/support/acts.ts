// Acts for page tests, made through the use cases; what the préfecture would do (AR, refusal, a
// letter) is written as the inbound processing would leave it, to keep page tests fast.
import { Readable } from 'node:stream';
import {
  type Act,
  createAct,
  getAct,
  insertPrefectureMessage,
  type PrefectureMessage,
  type TransmissionDeps,
} from '../../src/actes/transmission/index.ts';
import { makePdf } from './pdf.ts';

const preparer = { userId: null, canTransmit: false };

export async function newAct(
  deps: TransmissionDeps,
  collectiviteId: string,
  numero: string,
  objet = 'Vote du budget primitif 2027',
  decisionDate = '2026-11-20',
): Promise<Act> {
  return createAct(
    deps,
    collectiviteId,
    preparer,
    { numeroInterne: numero, nature: 'DE', decisionDate, objet, classification: '7.1' },
    [{ typology: '99_DE', originalName: 'deliberation.pdf', content: Readable.from([await makePdf()]) }],
  );
}

/** Puts an act in a state as the workers and the préfecture's replies would. */
export async function putInState(
  deps: TransmissionDeps,
  act: Act,
  state: 'sent' | 'acknowledged' | 'refused' | 'awaiting_confirmation',
  opts: { sentAt?: string; refusal?: string } = {},
): Promise<Act> {
  const idActe = `048-${'214800344'}-20261120-${act.numeroInterne}-DE`;
  await deps.db.query(
    `update acts set state = $3, sent_at = $4,
       id_acte = case when $3 in ('acknowledged') then $5 else id_acte end,
       received_date = case when $3 = 'acknowledged' then '2026-11-25'::date else received_date end,
       deferral_deadline = case when $3 = 'acknowledged' then '2027-01-26'::date else deferral_deadline end,
       refusal_nature = case when $3 = 'refused' then '002' else refusal_nature end,
       refusal_detail = case when $3 = 'refused' then $6 else refusal_detail end
     where collectivite_id = $1 and id = $2`,
    [
      act.collectiviteId,
      act.id,
      state,
      state === 'awaiting_confirmation' ? null : (opts.sentAt ?? '2026-11-24T10:00:00Z'),
      idActe,
      opts.refusal ?? 'La délibération n’est pas signée.',
    ],
  );
  return (await getAct(deps.db, act.collectiviteId, act.id))!;
}

/** A letter of the préfecture about an acknowledged act, as received and acknowledged (3-2/4-2). */
export async function receiveLetter(
  deps: TransmissionDeps,
  act: Act,
  code: PrefectureMessage['code'],
  description = 'Merci de nous transmettre le rapport de présentation.',
  answerDeadline: string | null = '2026-12-20',
): Promise<string> {
  const { id } = await insertPrefectureMessage(deps.db, {
    actId: act.id,
    collectiviteId: act.collectiviteId,
    code,
    dateCourrierPref: '2026-11-26',
    description,
    documents: [],
    answerDeadline,
  });
  return id;
}
