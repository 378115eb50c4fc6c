// The bordereau d'acquittement: a PDF summary of one transmission acknowledged by the préfecture (who
// sent what, when, with which fingerprints, and the IDActe), the same bytes for the same input.
import { PDFDocument } from '@cantoo/pdf-lib';
import { formatBytes } from '../../documents/index.ts';
import { frenchDate, isIsoDate } from '../protocol/index.ts';
import { createSlipLayout, RED } from './slip-layout.ts';

export interface ReceiptSlipDocument {
  /** The act itself, or one of its annexes. */
  role: 'main' | 'annex';
  /** Name of the file in the archive sent. */
  fileName: string;
  /** Typology (ACTES 2.2), e.g. { code: '99_DE', label: 'Délibération' }. */
  typology: { code: string; label?: string };
  sha256: string;
  size?: number;
}

export interface ReceiptSlipInput {
  /** The teletransmission operator: the syndicat running the platform. */
  operatorName: string;
  collectivite: { name: string; siren: string };
  act: {
    natureLabel: string;
    numeroInterne: string;
    /** Up to 500 characters; wrapped, and written in WinAnsi (see docs/stamp.md). */
    objet: string;
    /** YYYY-MM-DD. */
    decisionDate: string;
  };
  /** From level 1 down, e.g. [{ code: '3', label: 'Domaine et patrimoine' }, { code: '3.5', label: '…' }]. */
  classification: readonly { code: string; label: string }[];
  documents: readonly ReceiptSlipDocument[];
  /** The tar.gz sent, e.g. SLO-EACT--210703385--20170612-2.tar.gz. */
  archiveName: string;
  /** Instant the archive was accepted by the ministry's endpoint (printed in Paris time). */
  sentAt: Date;
  /** DateReception of the AR (YYYY-MM-DD): the legal date of receipt. */
  receiptDate: string;
  idActe: string;
  /** Demo and training platforms: sent to the simulator, not to the préfecture. */
  isSimulated: boolean;
  /** Printed in the footer and used as the PDF's dates, so that the same input gives the same bytes. */
  generatedAt: Date;
}

export async function buildReceiptSlip(input: ReceiptSlipInput): Promise<Uint8Array> {
  for (const [name, value] of [
    ['act.decisionDate', input.act.decisionDate],
    ['receiptDate', input.receiptDate],
  ] as const) {
    if (!isIsoDate(value)) throw new Error(`buildReceiptSlip: ${name} is not a YYYY-MM-DD date`);
  }
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, input);
  const out = await createSlipLayout(doc);
  const simulated = input.isSimulated;

  out.paragraph(input.operatorName, { font: 'bold', size: 10 });
  out.gap(6);
  out.title(simulated ? 'Bordereau d’acquittement (simulation)' : 'Bordereau d’acquittement');
  out.paragraph('Transmission d’un acte au contrôle de légalité (@CTES)');
  out.gap(10);
  if (simulated) {
    out.notice(
      [
        'SIMULATION : SANS VALEUR JURIDIQUE',
        'Cet acte a été envoyé au simulateur de préfecture d’une plateforme de démonstration ou de formation. Il n’a pas été transmis au représentant de l’État.',
      ],
      RED,
    );
  } else {
    out.paragraph(
      'Le présent bordereau atteste que l’acte décrit ci-dessous a été transmis par voie électronique au représentant de l’État, qui en a accusé réception.',
    );
  }

  out.heading('Collectivité');
  out.row('Nom', input.collectivite.name);
  out.row('SIREN', input.collectivite.siren);

  out.heading('Acte');
  out.row('Nature', input.act.natureLabel);
  out.row('Numéro interne', input.act.numeroInterne);
  out.row('Date de décision', frenchDate(input.act.decisionDate));
  out.row('Objet', input.act.objet);
  out.row('Classification', input.classification.map((c) => `${c.code} ${c.label}`).join('\n') || '—');

  out.heading('Documents transmis');
  let annex = 0;
  for (const d of input.documents) {
    const title = d.role === 'main' ? 'Acte' : `Annexe ${++annex}`;
    out.row(title, d.size === undefined ? d.fileName : `${d.fileName} (${formatBytes(d.size)})`);
    out.row('Typologie', d.typology.label ? `${d.typology.code} – ${d.typology.label}` : d.typology.code);
    out.row('Empreinte SHA-256', d.sha256, { font: 'mono', size: 8.5 });
    out.gap(4);
  }

  out.heading('Transmission');
  out.row('Opérateur', input.operatorName);
  out.row('Archive transmise', input.archiveName);
  out.row(simulated ? 'Envoi simulé le' : 'Envoyé en préfecture le', parisDateTime(input.sentAt));
  out.row(
    simulated ? 'Réception simulée le' : 'Reçu en préfecture le',
    `${frenchDate(input.receiptDate)} (date de l’accusé de réception)`,
  );
  out.row('Identifiant (IDActe)', input.idActe, { font: 'bold' });

  const stamp = `Bordereau établi le ${parisDateTime(input.generatedAt)} par ${input.operatorName}`;
  out.finish((n, total) =>
    simulated ? `${stamp} · SIMULATION · page ${n} / ${total}` : `${stamp} · page ${n} / ${total}`,
  );
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

function setMetadata(doc: PDFDocument, input: ReceiptSlipInput): void {
  doc.setTitle(`Bordereau d’acquittement ${input.idActe}`);
  doc.setSubject(`${input.act.natureLabel} ${input.act.numeroInterne} – ${input.collectivite.name}`);
  doc.setAuthor(input.operatorName);
  doc.setCreator('Relais');
  doc.setProducer('Relais');
  doc.setLanguage('fr-FR');
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);
}

/** "15/01/2024 à 10:32:05 (heure de Paris)": legal times are read in Europe/Paris. */
export function parisDateTime(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} à ${parts.hour}:${parts.minute}:${parts.second} (heure de Paris)`;
}
