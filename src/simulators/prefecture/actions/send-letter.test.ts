// The préfecture's actions on a received act — courrier simple, demande de pièces, lettre
// d'observations, déféré — each mail a schema-valid message with a readable PDF letter; the control
// API refuses what the préfecture could not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import { pdfText } from '../test-support/pdf-text.ts';
import {
  type Harness,
  messageOf,
  openReply,
  SIREN_A,
  startHarness,
} from '../test-support/simulator-harness.ts';
import { buildTestAct } from '../test-support/test-archives.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.sim.controlUrl}${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const LETTERS = [
  {
    request: { code: '2-1', texte: 'Merci de préciser les visas de la délibération.' },
    kind: 'CourrierSimple',
    words: 'Merci de préciser les visas',
  },
  {
    request: { code: '3-1', descriptionPieces: 'le plan de financement signé' },
    kind: 'DemandePieceComplementaire',
    words: 'le plan de financement signé',
  },
  {
    request: { code: '4-1', motif: 'incompétence de l’auteur de l’acte' },
    kind: 'LettreObservations',
    words: 'incompétence de l’auteur',
  },
  {
    request: { code: '5-1', natureIllegalite: 'Vice de procédure', dateDepot: '2025-03-12' },
    kind: 'DefereTA',
    words: 'Vice de procédure',
  },
] as const;

describe('préfecture letters', () => {
  it.each(LETTERS)(
    'sends a $request.code as a valid $kind with its PDF letter',
    async ({ request, kind, words }) => {
      const act = await h.receiveAct(SIREN_A, `LETTRE_${request.code.replace('-', '')}`);
      const r = await api('POST', `/acts/${act.idActe}/letters`, request);
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({
        idActe: act.idActe,
        code: request.code,
        dateCourrierPref: '2025-03-12',
      });

      const mail = await h.smtp.waitFor(
        (m) => m.subject.includes(act.idActe) && m.subject.includes(` ${request.code} `),
      );
      expect(mail.to).toEqual(['retours-actes@relais.test', 'mairie@commune-test.fr']);
      const reply = await openReply(mail);
      expect(reply.schemaErrors).toEqual([]);
      const message = messageOf(reply, kind);
      const pdfName = [...reply.files.keys()].find((n) => n.endsWith('.pdf'))!;
      expect(pdfName).toMatch(new RegExp(`^${act.idActe}-${request.code}_\\d+\\.pdf$`));
      if (message.kind === 'DefereTA') {
        expect(message).toMatchObject({
          idActe: act.idActe,
          dateDepot: '2025-03-12',
          natureIllegalite: 'Vice de procédure',
        });
        expect(message.piecesJointes).toEqual([{ nomFichier: pdfName }]);
      } else {
        expect(message).toMatchObject({
          idActe: act.idActe,
          dateCourrierPref: '2025-03-12',
          document: { nomFichier: pdfName },
        });
      }
      if (message.kind === 'DemandePieceComplementaire')
        expect(message.descriptionPieces).toBe('le plan de financement signé');
      if (message.kind === 'LettreObservations')
        expect(message.motif).toBe("incompétence de l'auteur de l'acte");
      const envelope = messageOf(reply, 'EnveloppeMISILLCL');
      expect(envelope.formulaires).toHaveLength(1);

      const pdf = await pdfText(reply.files.get(pdfName)!);
      expect(pdf.text).toContain(act.idActe);
      expect(pdf.text).toContain(words);
      expect(pdf.text).toContain('Préfecture de la Lozère'.toUpperCase());
      expect(pdf.text).toContain('SIMULATEUR');
      expect(h.sim.journal.query({ type: 'letter-sent', idActe: act.idActe })).toHaveLength(1);
    },
  );

  it('refuses a letter for an act it never received, or without its required text', async () => {
    expect(
      await api('POST', '/acts/048-214800344-20250101-INCONNU-DE/letters', { code: '2-1' }),
    ).toMatchObject({
      status: 404,
      json: { erreur: expect.stringContaining("n'a pas été reçu") },
    });
    const act = await h.receiveAct(SIREN_A, 'LETTRE_VIDE');
    expect(await api('POST', `/acts/${act.idActe}/letters`, { code: '4-1', motif: ' ' })).toMatchObject({
      status: 400,
      json: { erreur: 'Le motif des observations est obligatoire.' },
    });
    expect(await api('POST', `/acts/${act.idActe}/letters`, { code: '9-9' })).toMatchObject({ status: 400 });
    expect(
      await api('POST', `/acts/${act.idActe}/letters`, { code: '4-1', motif: 'Écrit en ☃' }),
    ).toMatchObject({
      status: 422,
    });
  });

  it('refuses a second letter of the same type on the same day, and a second déféré', async () => {
    const act = await h.receiveAct(SIREN_A, 'LETTRE_BIS');
    expect((await h.sim.sendLetter(act.idActe, { code: '2-1' })).code).toBe('2-1');
    await expect(h.sim.sendLetter(act.idActe, { code: '2-1' })).rejects.toMatchObject({ status: 409 });
    await h.sim.sendLetter(act.idActe, { code: '5-1', natureIllegalite: 'Détournement de pouvoir' });
    h.clock.advance(86_400_000);
    await expect(
      h.sim.sendLetter(act.idActe, { code: '5-1', natureIllegalite: 'Encore' }),
    ).rejects.toMatchObject({
      status: 409,
    });
    h.clock.advance(-86_400_000);
  });
});

describe('before the AR', () => {
  it('refuses to act on an act whose AR has not left yet', async () => {
    const slow = await startHarness({ replyDelayMs: 3_600_000, pki: h.pki });
    try {
      const act = buildTestAct({
        siren: SIREN_A,
        numeroInterne: 'LENT_01',
        date: '2025-03-12',
        classificationDate: DEFAULT_CLASSIFICATION_DATE,
      });
      await slow.send(SIREN_A, [act.message], act.documents);
      expect(slow.sim.act(act.idActe)).toBeDefined();
      await expect(slow.sim.sendLetter(act.idActe, { code: '2-1' })).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining("n'est pas encore parti"),
      });
    } finally {
      await slow.stop();
    }
  });
});
