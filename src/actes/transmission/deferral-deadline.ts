// "Déféré possible jusqu'au …": until when the préfet may refer an act to the tribunal administratif
// (CGCT L2131-6), recomputed after the 3-x and 4-x exchanges. Pure; dates are Paris calendar dates.
//
// Rules encoded (reference/legal.md):
// - 2 months from the legal receipt date (the AR's DateReception); 1 month for budget documents (BF);
// - a request for documents (3-1) restarts the period from the collectivité's answer or refusal
//   (3-4 / 3-3); while unanswered, the period is suspended;
// - a letter of observations (4-1) restarts it from the answer or rejection (4-4 / 4-3), or from the
//   implicit rejection 2 months after the letter if the collectivité stays silent;
// - once a déféré (5-1) is received, the question is closed.
// Like every administrative-court time limit the period is "franc": it ends at the end of the day after
// the same-numbered day, postponed to the next working day when that day is a Saturday, Sunday or holiday.
import { addDays, addMonths, nextWorkingDay } from '../../kernel/calendar.ts';

export interface Exchange {
  code: '3-1' | '3-3' | '3-4' | '4-1' | '4-3' | '4-4' | '5-1';
  /** The date of the letter (3-1, 4-1, 5-1) or of our answer (3-3, 3-4, 4-3, 4-4). */
  date: string;
}

export interface DeferralInput {
  nature: string;
  receivedDate: string | null;
  exchanges: readonly Exchange[];
  departement?: string;
}

export type DeferralDeadline =
  | { kind: 'until'; date: string; startsFrom: string; because: string }
  | { kind: 'suspended'; because: string }
  | { kind: 'closed'; because: string }
  | { kind: 'not_received'; because: string };

function periodEnd(start: string, months: number, departement?: string): string {
  return nextWorkingDay(addDays(addMonths(start, months), 1), departement);
}

export function deferralDeadline(input: DeferralInput): DeferralDeadline {
  if (!input.receivedDate)
    return {
      kind: 'not_received',
      because: 'Le délai court à partir de l’accusé de réception de la préfecture.',
    };
  const months = input.nature === 'BF' ? 1 : 2;
  const sorted = [...input.exchanges].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.some((e) => e.code === '5-1'))
    return { kind: 'closed', because: 'La préfecture a déféré l’acte au tribunal administratif.' };

  let start = input.receivedDate;
  let because = 'deux mois à compter de la réception en préfecture';
  if (months === 1) because = 'un mois à compter de la réception en préfecture (document budgétaire)';
  for (const [i, e] of sorted.entries()) {
    if (e.code === '3-1') {
      const answer = sorted.slice(i + 1).find((x) => x.code === '3-3' || x.code === '3-4');
      if (!answer)
        return {
          kind: 'suspended',
          because:
            'Délai suspendu : la préfecture attend les pièces demandées (le délai repartira de votre réponse).',
        };
      start = answer.date;
      because = 'délai reparti de votre réponse à la demande de pièces complémentaires';
    }
    if (e.code === '4-1') {
      const answer = sorted.slice(i + 1).find((x) => x.code === '4-3' || x.code === '4-4');
      if (answer) {
        start = answer.date;
        because = 'délai reparti de votre réponse à la lettre d’observations';
      } else {
        start = addMonths(e.date, 2);
        because = 'délai reparti du rejet implicite de la lettre d’observations (deux mois sans réponse)';
      }
    }
  }
  return { kind: 'until', date: periodEnd(start, months, input.departement), startsFrom: start, because };
}
