// The handover report (procès-verbal de remise), one A4 page or two in French, printed by the RA officer,
// filled in and signed by hand at the face-to-face meeting, then scanned back into the request's file.
// Pure: the content comes in, the PDF goes out. Standard PDF fonts draw WinAnsi only (French is fine;
// anything else is transliterated), and check boxes are drawn as squares.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from '@cantoo/pdf-lib';
import { toWinAnsi, toWinAnsiLines, wrapText } from '../../documents/pdf-text/index.ts';

export interface HandoverReportContent {
  syndicat: { name: string; siren: string; address: string | null };
  officerName: string;
  requestNumber: number;
  holder: { name: string; function: string; email: string; phone: string | null };
  collectivite: { name: string; siren: string };
  legalRep: { name: string; function: string };
  authorityName: string;
  productLabel: string;
  certificate: { serialHex: string; subject: string; issuer: string; notBefore: Date; notAfter: Date };
  appointment: { at: Date | null; place: string | null };
  generatedAt: Date;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const date = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);
const dateTime = (d: Date) =>
  new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(d);

export const HOLDER_COMMITMENTS = [
  'garder le support et son code PIN strictement personnels : ne jamais les prêter, ni communiquer le code PIN, même à un collègue ou à un élu ;',
  'signaler sans délai au syndicat et à sa collectivité la perte, le vol ou tout soupçon d’usage frauduleux du support, pour qu’il soit révoqué ;',
  'demander la révocation du certificat en cas de départ (mutation, fin de contrat, retraite) ou de fin de mandat ;',
  'n’utiliser le certificat que pour les missions confiées par sa collectivité.',
];

export async function renderHandoverReport(c: HandoverReportContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(toWinAnsi(`Procès-verbal de remise de certificat — demande n° ${c.requestNumber}`));
  doc.setAuthor(toWinAnsi(c.syndicat.name));
  doc.setProducer('Relais');
  doc.setCreationDate(c.generatedAt);
  doc.setModificationDate(c.generatedAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const width = A4[0] - 2 * MARGIN;
  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height < MARGIN) {
      page = doc.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const write = (
    text: string,
    opts: { font?: PDFFont; size?: number; gap?: number; indent?: number } = {},
  ) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 10;
    const indent = opts.indent ?? 0;
    for (const line of wrapText(toWinAnsiLines(text), font, size, width - indent)) {
      ensure(size);
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: rgb(0.1, 0.1, 0.1) });
      y -= size + (opts.gap ?? 3);
    }
  };
  const heading = (text: string) => {
    y -= 6;
    ensure(40);
    write(text, { font: bold, size: 11, gap: 5 });
  };
  const field = (label: string, value: string) => write(`${label} : ${value}`, { indent: 8 });
  const box = (label: string) => {
    ensure(14);
    page.drawRectangle({
      x: MARGIN + 8,
      y: y - 2,
      width: 9,
      height: 9,
      borderWidth: 0.8,
      borderColor: rgb(0, 0, 0),
    });
    page.drawText(toWinAnsi(label), { x: MARGIN + 24, y, size: 10, font: regular });
    y -= 15;
  };

  write(c.syndicat.name.toUpperCase(), { font: bold, size: 12 });
  write(
    `Autorité d’enregistrement déléguée — SIREN ${c.syndicat.siren}${c.syndicat.address ? ` — ${c.syndicat.address}` : ''}`,
    { size: 9, gap: 14 },
  );
  write('PROCÈS-VERBAL DE REMISE D’UN CERTIFICAT ÉLECTRONIQUE', { font: bold, size: 14, gap: 4 });
  write(`Demande n° ${c.requestNumber} — établi le ${date(c.generatedAt)}`, { size: 9, gap: 10 });

  heading('Titulaire du certificat');
  field('Nom', c.holder.name);
  field('Fonction', c.holder.function);
  field('Adresse électronique', c.holder.email);
  if (c.holder.phone) field('Téléphone', c.holder.phone);
  field('Collectivité', `${c.collectivite.name} (SIREN ${c.collectivite.siren})`);
  field('Représentant légal', `${c.legalRep.name}, ${c.legalRep.function}`);

  heading('Certificat remis');
  field('Autorité de certification', c.authorityName);
  field('Produit', c.productLabel);
  field('Numéro de série', c.certificate.serialHex);
  field('Titulaire inscrit dans le certificat', c.certificate.subject);
  field('Émetteur', c.certificate.issuer);
  field('Valable', `du ${date(c.certificate.notBefore)} au ${date(c.certificate.notAfter)}`);

  heading('Vérification de l’identité en face à face');
  write('Pièce d’identité originale présentée par le titulaire (cocher) :', { indent: 8, gap: 6 });
  box('Carte nationale d’identité');
  box('Passeport');
  box('Titre de séjour');
  write(
    'Numéro de la pièce : ..............................................  délivrée le : ....................',
    {
      indent: 8,
      gap: 8,
    },
  );
  box('Identité vérifiée en face à face : la personne présente est le titulaire ci-dessus');

  heading('Date et lieu de la remise');
  field('Officier d’enregistrement du syndicat', c.officerName);
  field(
    'Date',
    c.appointment.at ? dateTime(c.appointment.at) : '....................................................',
  );
  field('Lieu', c.appointment.place ?? '....................................................');

  heading('Engagements du titulaire');
  write('En recevant le support et son code PIN, le titulaire s’engage à :', { indent: 8, gap: 4 });
  for (const commitment of HOLDER_COMMITMENTS) write(`– ${commitment}`, { indent: 16 });

  y -= 10;
  ensure(110);
  const boxWidth = (width - 20) / 2;
  const top = y;
  for (const [i, title] of ['Le titulaire', 'L’officier d’enregistrement'].entries()) {
    const x = MARGIN + i * (boxWidth + 20);
    page.drawRectangle({
      x,
      y: top - 95,
      width: boxWidth,
      height: 95,
      borderWidth: 0.8,
      borderColor: rgb(0, 0, 0),
    });
    page.drawText(toWinAnsi(title), { x: x + 6, y: top - 14, size: 10, font: bold });
    page.drawText(toWinAnsi(i === 0 ? c.holder.name : c.officerName), {
      x: x + 6,
      y: top - 28,
      size: 9,
      font: regular,
    });
    page.drawText(toWinAnsi('Date et signature :'), { x: x + 6, y: top - 42, size: 9, font: regular });
  }
  y = top - 110;
  write(
    'Document à conserver dans le dossier de la demande (Relais), numérisé après signature. Le syndicat garde ce procès-verbal pendant la durée de conservation des pièces du dossier.',
    { size: 8 },
  );
  return doc.save({ useObjectStreams: false });
}
