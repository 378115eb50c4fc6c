// The CSV files of the CA side, for French spreadsheets (UTF-8 with BOM, `;`, CRLF, formulas
// neutralised, amounts with a decimal comma): an order for the CA's portal (the manual path) and the
// cost per collectivité for re-invoicing.
import { csvRow } from '../../kernel/csv.ts';
import { PURPOSES } from '../workflow.ts';
import type { CollectiviteCost, OrderLine } from './order-store.ts';

const row = csvRow;

/** 14900 → "149,00": a number a French spreadsheet reads as such. */
export const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

export function orderCsv(lines: readonly OrderLine[]): string {
  const header = [
    'Demande n°',
    'Titulaire',
    'Fonction',
    'Courriel',
    'Téléphone',
    'Élu',
    'Collectivité',
    'SIREN',
    'SIRET',
    'Représentant légal',
    'Fonction du représentant légal',
    'Usages',
    'Produit',
    'Prix HT (€)',
  ];
  return `\uFEFF${row(header)}${lines
    .map(({ request: r, siren, siret }) =>
      row([
        r.number,
        r.holder.name,
        r.holder.function,
        r.holder.email,
        r.holder.phone ?? '',
        r.holder.isElected ? 'oui' : 'non',
        r.collectiviteName,
        siren,
        siret ?? '',
        r.legalRep.name,
        r.legalRep.function,
        r.purposes.map((p) => PURPOSES[p]).join(' + '),
        r.productLabel,
        euros(r.priceCents ?? 0),
      ]),
    )
    .join('')}`;
}

export function costCsv(costs: readonly CollectiviteCost[]): string {
  const header = ['Collectivité', 'SIREN', 'Nombre de certificats', 'Total HT (€)', 'Détail'];
  const total = costs.reduce((s, c) => s + c.totalCents, 0);
  const count = costs.reduce((s, c) => s + c.count, 0);
  return `\uFEFF${row(header)}${costs
    .map((c) =>
      row([
        c.name,
        c.siren,
        c.count,
        euros(c.totalCents),
        c.lines
          .map(
            (l) =>
              `Demande n° ${l.number} (commande n° ${l.orderNumber} du ${l.orderedAt.toISOString().slice(0, 10)}) : ${l.holderName}, ${l.productLabel} (${l.authorityName}), ${euros(l.priceCents)} €`,
          )
          .join(' | '),
      ]),
    )
    .join('')}${row(['Total', '', count, euros(total), ''])}`;
}
