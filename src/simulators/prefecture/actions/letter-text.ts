// The wording of the simulated préfecture's letters, in the usual administrative French; the agent's
// own text, when given, comes first.
import { frenchDate } from '../../../actes/protocol/index.ts';
import type { LetterRequest } from './send-letter.ts';

export interface LetterText {
  title: string;
  paragraphs: string[];
}

export function letterText(
  r: LetterRequest,
  about: { idActe: string; dateDepot: string; objet: string },
): LetterText {
  const own = r.texte?.trim() ? [r.texte.trim()] : [];
  const greeting = 'Madame, Monsieur,';
  const closing = "Je vous prie d'agréer, Madame, Monsieur, l'expression de ma considération distinguée.";
  switch (r.code) {
    case '2-1':
      return {
        title: 'Courrier relatif à un acte transmis au contrôle de légalité',
        paragraphs: [
          greeting,
          ...(own.length
            ? own
            : [
                `L'acte cité en objet, reçu au titre du contrôle de légalité, appelle de ma part la remarque suivante : il conviendra, pour les prochains actes de même nature, de veiller à la complétude des visas.`,
              ]),
          closing,
        ],
      };
    case '3-1':
      return {
        title: 'Demande de pièces complémentaires',
        paragraphs: [
          greeting,
          ...own,
          `Afin de me permettre d'exercer le contrôle de légalité de l'acte cité en objet, je vous prie de bien vouloir me transmettre les pièces suivantes : ${r.descriptionPieces.trim()}`,
          "Cette demande proroge le délai dont je dispose pour saisir le tribunal administratif : il ne recommencera à courir qu'à compter de la réception des pièces demandées ou de votre refus de les transmettre.",
          closing,
        ],
      };
    case '4-1':
      return {
        title: "Lettre d'observations",
        paragraphs: [
          greeting,
          `L'examen de l'acte cité en objet appelle de ma part les observations suivantes : ${r.motif.trim()}`,
          ...own,
          'En conséquence, je vous invite à retirer ou à modifier cet acte et à me faire connaître la suite que vous entendez donner à la présente lettre. Ce recours gracieux proroge le délai de recours contentieux.',
          closing,
        ],
      };
    case '5-1':
      return {
        title: 'Déféré au tribunal administratif',
        paragraphs: [
          greeting,
          `J'ai l'honneur de vous informer que j'ai déféré le ${frenchDate(about.dateDepot)} l'acte cité en objet au tribunal administratif, pour le motif suivant : ${r.natureIllegalite.trim()}`,
          ...own,
          'Vous recevrez communication de la requête par le greffe du tribunal.',
          closing,
        ],
      };
  }
}
