// The collectivité's answers to the préfecture's letters are recorded and acknowledged: 3-3 / 3-4 get
// a 3-5, 4-3 / 4-4 a 4-5 — automatically by default, or by the agent when that is turned off. An answer
// to a letter never sent refuses the envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectiviteMessage } from '../../../actes/protocol/index.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestMessage, MINIMAL_PDF } from '../test-support/test-archives.ts';

const TODAY = '2025-03-12';

function answer(
  kind:
    | 'RefusPieceComplementaire'
    | 'PieceComplementaire'
    | 'RejetLettreObservations'
    | 'ReponseLettreObservations',
  idActe: string,
  code: string,
) {
  const pdf = `${idActe}-${code}_1.pdf`;
  const courrier = { idActe, dateCourrierPref: TODAY };
  const message: CollectiviteMessage =
    kind === 'PieceComplementaire'
      ? { kind, ...courrier, documents: [{ nomFichier: pdf }] }
      : { kind, ...courrier, document: { nomFichier: pdf } };
  return {
    messages: [buildTestMessage(message, idActe, code)],
    documents: [{ name: pdf, bytes: MINIMAL_PDF }],
  };
}

describe('answers acknowledged automatically', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.stop());

  it.each([
    ['3-1', 'PieceComplementaire', '3-4', 'ARPieceComplementaire', '3-5'],
    ['3-1', 'RefusPieceComplementaire', '3-3', 'ARPieceComplementaire', '3-5'],
    ['4-1', 'ReponseLettreObservations', '4-4', 'ARReponseRejetLettreObservations', '4-5'],
    ['4-1', 'RejetLettreObservations', '4-3', 'ARReponseRejetLettreObservations', '4-5'],
  ] as const)('answers a %s followed by a %s (%s) with a %s', async (letter, kind, code, arKind, arCode) => {
    const act = await h.receiveAct(SIREN_A, `REP_${code.replace('-', '')}`);
    await h.sim.sendLetter(
      act.idActe,
      letter === '3-1'
        ? { code: '3-1', descriptionPieces: 'le budget annexe' }
        : { code: '4-1', motif: 'erreur de droit' },
    );
    const ar = letter === '3-1' ? 'ARDemandePieceComplementaire' : 'ARLettreObservations';
    await h.send(SIREN_A, [
      buildTestMessage(
        { kind: ar, idActe: act.idActe, dateCourrierPref: TODAY },
        act.idActe,
        `${letter[0]}-2`,
      ),
    ]);
    const a = answer(kind, act.idActe, code);
    await h.send(SIREN_A, a.messages, a.documents);

    const mail = await h.smtp.waitFor(
      (m) => m.subject.includes(act.idActe) && m.subject.includes(` ${arCode} `),
    );
    const reply = await openReply(mail);
    expect(reply.schemaErrors).toEqual([]);
    expect(messageOf(reply, arKind)).toMatchObject({
      dateReception: TODAY,
      infosCourrierPref: { idActe: act.idActe, dateCourrierPref: TODAY },
    });
    const state = h.sim.act(act.idActe)!.letters[0]!;
    expect(state.answers.map((x) => x.code)).toEqual([`${letter[0]}-2`, code]);
    expect(state.acknowledgement).toMatchObject({ code: arCode, answerCode: code });
  });

  it('refuses the envelope of an answer to a letter that was never sent (ODT-VERIF-22)', async () => {
    const act = await h.receiveAct(SIREN_A, 'REP_SANS');
    const a = answer('PieceComplementaire', act.idActe, '3-4');
    const archive = await h.send(SIREN_A, a.messages, a.documents);
    const mail = await h.smtp.waitFor((m) => m.attachments[0]?.filename === `ANO_${archive.envelopeName}`);
    const anomaly = messageOf(await openReply(mail), 'AnomalieEnveloppe');
    expect(anomaly.detail).toContain(
      `ODT-VERIF-22 : Aucun courrier 3-1 du 12/03/2025 n'a été envoyé par la préfecture pour l'acte ${act.idActe}.`,
    );
  });
});

describe('answers acknowledged by the agent', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ autoAcknowledgeAnswers: false });
  });
  afterAll(() => h.stop());

  it('waits for the agent, then sends the 3-5 from the control API', async () => {
    const act = await h.receiveAct(SIREN_A, 'MANUEL_01');
    await h.sim.sendLetter(act.idActe, { code: '3-1', descriptionPieces: "l'avis du comité technique" });
    const a = answer('PieceComplementaire', act.idActe, '3-4');
    await h.send(SIREN_A, a.messages, a.documents);
    await h.sim.flush();
    expect(h.sim.act(act.idActe)!.letters[0]!.acknowledgement).toBeUndefined();
    expect(h.smtp.mails.some((m) => m.subject.includes(' 3-5 '))).toBe(false);

    const res = await fetch(`${h.sim.controlUrl}/acts/${act.idActe}/acknowledge`, { method: 'POST' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ code: '3-5' });
    const mail = await h.smtp.waitFor((m) => m.subject.includes(' 3-5 '));
    expect((await openReply(mail)).schemaErrors).toEqual([]);
    const again = await fetch(`${h.sim.controlUrl}/acts/${act.idActe}/acknowledge`, { method: 'POST' });
    expect(again.status).toBe(409);
  });
});
