// A préfecture agent acts on a received act: courrier simple (2-1), demande de pièces complémentaires
// (3-1), lettre d'observations (4-1) or déféré au tribunal administratif (5-1), each with its PDF letter,
// mailed at once to the act's return addresses.
import {
  buildCourrierSimple,
  buildDefereTA,
  buildDemandePieceComplementaire,
  buildLettreObservations,
  isIsoDate,
  prefectureMessageFileName,
  transliterateToLatin1,
} from '../../../actes/protocol/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import type { LetterCode } from '../journal/journal-entry.ts';
import { isAcknowledged } from '../journal/simulator-state.ts';
import { composeReply } from '../replies/compose-reply.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { ActionError, buildOr422 } from './action-error.ts';
import { createLetterPdf } from './letter-pdf.ts';
import { letterText } from './letter-text.ts';

export type LetterRequest =
  | { code: '2-1'; texte?: string }
  | { code: '3-1'; descriptionPieces: string; texte?: string }
  | { code: '4-1'; motif: string; texte?: string }
  | { code: '5-1'; natureIllegalite: string; dateDepot?: string; texte?: string };

export interface LetterSent {
  idActe: string;
  code: LetterCode;
  dateCourrierPref: string;
  mailId: string;
  files: string[];
}

const CITIES: Record<string, string> = { '048': 'Mende' };

function required(value: string | undefined, label: string): string {
  const v = value?.trim() ?? '';
  if (v === '') throw new ActionError(400, `${label} est obligatoire.`);
  return v;
}

function summaryOf(r: LetterRequest): string {
  switch (r.code) {
    case '2-1':
      return r.texte?.trim() || 'Courrier simple';
    case '3-1':
      return required(r.descriptionPieces, 'La description des pièces demandées');
    case '4-1':
      return required(r.motif, 'Le motif des observations');
    case '5-1':
      return required(r.natureIllegalite, "La nature de l'illégalité");
  }
}

export async function sendLetter(
  ctx: SimulatorContext,
  idActe: string,
  request: LetterRequest,
): Promise<LetterSent> {
  const act = ctx.state.acts.get(idActe);
  if (!act) throw new ActionError(404, `L'acte ${idActe} n'a pas été reçu par cette préfecture.`);
  if (act.cancelled) throw new ActionError(409, `La transmission de l'acte ${idActe} a été annulée.`);
  if (!isAcknowledged(ctx.state, act))
    throw new ActionError(
      409,
      `L'accusé de réception de l'acte ${idActe} n'est pas encore parti : réessayez ensuite.`,
    );
  // Typographic quotes and dashes typed by an agent are written as their ISO-8859-1 equivalents, as
  // the préfecture's own application would; anything else that cannot be encoded is refused (422).
  const summary = transliterateToLatin1(summaryOf(request));
  const now = ctx.options.clock.now();
  const today = parisDate(now);
  const code = request.code;
  if (act.letters.some((l) => l.code === code && l.dateCourrierPref === today))
    throw new ActionError(
      409,
      `Un courrier ${code} a déjà été envoyé aujourd'hui pour l'acte ${idActe} : un seul par jour et par type.`,
    );
  if (code === '5-1' && act.letters.some((l) => l.code === '5-1'))
    throw new ActionError(409, `L'acte ${idActe} a déjà été déféré au tribunal administratif.`);
  const dateDepot = request.code === '5-1' ? request.dateDepot?.trim() || today : today;
  if (!isIsoDate(dateDepot))
    throw new ActionError(400, `La date de dépôt « ${dateDepot} » doit s'écrire AAAA-MM-JJ.`);

  const text = letterText(request, { idActe, dateDepot, objet: act.acte.objet });
  const pdf = await createLetterPdf({
    prefectureName: ctx.options.prefectureName,
    city: CITIES[ctx.options.departement] ?? ctx.options.prefectureName,
    date: today,
    title: text.title,
    idActe,
    siren: act.siren,
    objetActe: act.acte.objet,
    paragraphs: text.paragraphs,
    createdAt: now,
  });
  const files: string[] = [];
  const mail = await composeReply(ctx, {
    siren: act.siren,
    idActe,
    to: act.returnAddresses,
    dueAt: now,
    codes: [code],
    about: `l'acte ${idActe}`,
    arrondissement: act.arrondissement,
    quadrigramme: act.quadrigramme,
    build: (n) => {
      const pdfName = `${idActe}-${code}_${n + 1}.pdf`;
      const document = { nomFichier: pdfName };
      const courrier = { idActe, dateCourrierPref: today, document };
      const xml = buildOr422(() => {
        switch (request.code) {
          case '2-1':
            return buildCourrierSimple(courrier);
          case '3-1':
            return buildDemandePieceComplementaire({ ...courrier, descriptionPieces: summary });
          case '4-1':
            return buildLettreObservations({ ...courrier, motif: summary });
          case '5-1':
            return buildDefereTA({ idActe, dateDepot, natureIllegalite: summary, piecesJointes: [document] });
        }
      });
      const xmlName = prefectureMessageFileName(idActe, code, n);
      files.push(xmlName, pdfName);
      return { messages: [{ name: xmlName, bytes: xml }], documents: [{ name: pdfName, bytes: pdf }] };
    },
  });
  ctx.record({
    type: 'letter-sent',
    siren: act.siren,
    idActe,
    letter: { code, dateCourrierPref: today, sentAt: now.toISOString(), mailId: mail.id, files, summary },
  });
  ctx.outbox.schedule(mail);
  return { idActe, code, dateCourrierPref: today, mailId: mail.id, files };
}
