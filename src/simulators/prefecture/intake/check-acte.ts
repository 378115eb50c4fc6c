// The checks that refuse one act with a 1-3 (AnomalieActe) while the rest of the envelope goes on:
// already received, decision date, classification date and codes, document types allowed for the
// nature, annex count against the files, documents present and in an accepted format.
import {
  type ActeMessage,
  allowedTypologies,
  type Classification,
  fileExtension,
  findMatiere,
} from '../../../actes/index.ts';
import { type ActAnomaly, actAnomalies } from './anomaly-details.ts';

export interface ActeCheckInput {
  acte: ActeMessage;
  raw: Buffer;
  siren: string;
  files: Map<string, Buffer>;
  /** Files no message cites but named like this act's documents. */
  strayFiles: readonly string[];
  /** Act base name ({dept}-{SIREN}-{date}-{numero}-{NAT}-1-1). */
  base: string;
  /** Paris date of receipt. */
  today: string;
  classification: Classification;
  /** IDActe of an act already received with the same SIREN and NumeroInterne, if any. */
  alreadyReceived?: string;
}

/** The Nombre attribute of Annexes as written (the codec's ActeData keeps only the annexes cited). */
export function announcedAnnexes(raw: Buffer): number | undefined {
  const m = /<(?:[\w-]+:)?Annexes\b[^>]*?\b(?:[\w-]+:)?Nombre\s*=\s*["'](\d+)["']/.exec(
    raw.toString('latin1'),
  );
  return m ? Number(m[1]) : undefined;
}

function formatProblem(name: string, bytes: Buffer, allowed: readonly string[]): string | undefined {
  const ext = fileExtension(name);
  if (!allowed.includes(ext))
    return `le format .${ext} n'est pas admis ici (formats admis : ${allowed.join(', ')}).`;
  if (ext === 'pdf' && !bytes.subarray(0, 1024).includes('%PDF-'))
    return "ce n'est pas un fichier PDF lisible.";
  if (ext === 'png' && !bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])))
    return "ce n'est pas une image PNG.";
  if ((ext === 'jpg' || ext === 'jpeg') && !(bytes[0] === 0xff && bytes[1] === 0xd8))
    return "ce n'est pas une image JPEG.";
  return undefined;
}

export function checkActe(input: ActeCheckInput): ActAnomaly | undefined {
  const { acte, classification: c } = input;
  if (input.alreadyReceived) return actAnomalies.alreadyReceived(acte.numeroInterne, input.alreadyReceived);
  if (acte.date > input.today) return actAnomalies.decisionDate(acte.date);
  if (acte.classificationDateVersion !== c.date)
    return actAnomalies.classificationDate(acte.classificationDateVersion, c.date);
  const codes = acte.codesMatiere.map((x) => x ?? 0);
  if (!findMatiere(c, codes)) return actAnomalies.matiere(codes.join('.'));

  const documents = [acte.document, ...acte.annexes];
  const allowed = allowedTypologies(c, acte.codeNatureActe);
  if (allowed.length > 0) {
    for (const doc of documents) {
      const code = doc.nomFichier.slice(0, 5);
      if (!allowed.some((t) => t.codeTypePJ === code)) {
        const list = allowed.map((t) => t.codeTypePJ).join(', ');
        return actAnomalies.typology(code, String(acte.codeNatureActe), list);
      }
    }
  }

  const announced = announcedAnnexes(input.raw) ?? acte.annexes.length;
  const annexFiles =
    acte.annexes.filter((a) => input.files.has(a.nomFichier)).length +
    input.strayFiles.filter((f) => f.includes(`-${input.base}_`)).length;
  if (announced !== acte.annexes.length || annexFiles !== acte.annexes.length)
    return actAnomalies.annexCount(announced, acte.annexes.length, annexFiles);

  for (const doc of documents)
    if (!input.files.has(doc.nomFichier)) return actAnomalies.missingDocument(doc.nomFichier);

  // Main document: PDF; XML only for budget documents (nature 5, matière 7.1). Annexes: PDF, XML,
  // JPG, PNG — only PDF when the main document is XML (protocol §7).
  const isBudget = acte.codeNatureActe === 5 && codes[0] === 7 && codes[1] === 1;
  const mainFormats = isBudget ? ['pdf', 'xml'] : ['pdf'];
  const mainProblem = formatProblem(
    acte.document.nomFichier,
    input.files.get(acte.document.nomFichier)!,
    mainFormats,
  );
  if (mainProblem) return actAnomalies.documentFormat(acte.document.nomFichier, mainProblem);
  const annexFormats =
    fileExtension(acte.document.nomFichier) === 'xml' ? ['pdf'] : ['pdf', 'xml', 'jpg', 'jpeg', 'png'];
  for (const a of acte.annexes) {
    const problem = formatProblem(a.nomFichier, input.files.get(a.nomFichier)!, annexFormats);
    if (problem) return actAnomalies.documentFormat(a.nomFichier, problem);
  }
  return undefined;
}
