// The words of the stamp (protocol §8): real dates "Envoyé / Reçu / Publié", or the "simulé" wording of
// the demo and training platforms, which must never pass for a préfecture's acknowledgement.
import { frenchDate, isIsoDate } from '../protocol/index.ts';

export interface StampFacts {
  /** Paris calendar date (YYYY-MM-DD) the act left for the préfecture. */
  sentDate: string;
  /** DateReception of the AR (YYYY-MM-DD): the legal date of receipt by the préfet. */
  receiptDate: string;
  /** Date the act was made public (YYYY-MM-DD), when known. */
  publicationDate?: string;
  /** IDActe returned by the préfecture in the AR. */
  idActe: string;
  /** Demo and training platforms: the act went to the simulator, not to the préfecture. */
  isSimulated: boolean;
  /** The teletransmission operator (the syndicat), printed as the stamp's first line. */
  operatorName?: string;
}

export interface StampText {
  /** Bold first line: the operator, when given. */
  title?: string;
  lines: string[];
  /** Bold last line on simulated stamps. */
  warning?: string;
}

export function stampText(facts: StampFacts): StampText {
  for (const [name, value] of [
    ['sentDate', facts.sentDate],
    ['receiptDate', facts.receiptDate],
    ['publicationDate', facts.publicationDate],
  ] as const) {
    if (value !== undefined && !isIsoDate(value))
      throw new Error(`stampText: ${name} is not a YYYY-MM-DD date`);
  }
  const sent = frenchDate(facts.sentDate);
  const received = frenchDate(facts.receiptDate);
  const published = facts.publicationDate === undefined ? undefined : frenchDate(facts.publicationDate);
  const lines = facts.isSimulated
    ? [
        `Envoi simulé le ${sent}`,
        `Réception simulée le ${received}`,
        ...(published ? [`Publication simulée le ${published}`] : []),
      ]
    : [
        `Envoyé en préfecture le ${sent}`,
        `Reçu en préfecture le ${received}`,
        ...(published ? [`Publié le ${published}`] : []),
      ];
  lines.push(`ID : ${facts.idActe}`);
  const operator = facts.operatorName?.trim();
  return {
    ...(operator ? { title: operator } : {}),
    lines,
    ...(facts.isSimulated ? { warning: 'Simulation : sans valeur juridique' } : {}),
  };
}
