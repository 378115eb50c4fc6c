// Checks each message an envelope cites — present, valid against the schema, a transaction a
// collectivité may send, named after its content — and, for cancellations and answers to letters, that
// the act and the letter exist. Any failure refuses the whole envelope. Acts get their own checks later
// (check-acte.ts), because an act is refused alone, with a 1-3.
import {
  type ActesMessage,
  actBaseName,
  acteProblems,
  type EnveloppeCLMISILLData,
  type FichierSigne,
  findActNature,
  parseIdActe,
  parseMessage,
} from '../../../actes/protocol/index.ts';
import type { AnswerCode } from '../journal/journal-entry.ts';
import { findLetter, letterCodeOf } from '../journal/simulator-state.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { type EnvelopeAnomaly, envelopeAnomalies } from './anomaly-details.ts';
import { firstSchemaIssue } from './schema-issue.ts';

export const ANSWER_CODES = {
  ReponseCourrierSimple: '2-2',
  ARDemandePieceComplementaire: '3-2',
  RefusPieceComplementaire: '3-3',
  PieceComplementaire: '3-4',
  ARLettreObservations: '4-2',
  RejetLettreObservations: '4-3',
  ReponseLettreObservations: '4-4',
} as const satisfies Record<string, AnswerCode>;

export type AnswerMessage = Extract<ActesMessage, { kind: keyof typeof ANSWER_CODES }>;
export type ReceivedMessage =
  | Extract<ActesMessage, { kind: 'Acte' | 'Annulation' | 'DemandeClassification' }>
  | AnswerMessage;

export interface ParsedForm {
  file: string;
  message: ReceivedMessage;
  raw: Buffer;
  /** The act base name ({dept}-{SIREN}-{date}-{numero}-{NAT}-1-1) of a 1-1. */
  base?: string;
}

// Names checked with two fixed patterns and string comparisons rather than a pattern built from each
// act's base name: compiling four regular expressions per act cost ~30 µs of CPU, this ~1 µs.
/** What follows `{prefix}_` in a message's name: its number and .xml. */
const NUMBERED_XML = /^\d+\.xml$/;
/** A document: {typology}-{act base name}_{position}.{extension}. */
const DOCUMENT_NAME = /^[A-Z0-9_]{5}-(.+)_(\d+)\.[a-z0-9]+$/;

/** True for `{prefix}_{number}.xml`. */
function isNumberedXml(file: string, prefix: string): boolean {
  return file.startsWith(`${prefix}_`) && NUMBERED_XML.test(file.slice(prefix.length + 1));
}

/** True for the document at `position` (from 1) of the act `base`. */
function isDocumentName(name: string, base: string, position: number): boolean {
  // Greedy, (.+) runs up to the last "_{digits}.{extension}", which holds no other "_": for the name
  // expected it is exactly the base name.
  const m = DOCUMENT_NAME.exec(name);
  return m !== null && m[1] === base && m[2] === String(position);
}

function isAnswer(m: ActesMessage): m is AnswerMessage {
  return Object.hasOwn(ANSWER_CODES, m.kind);
}

export function documentsOf(m: ReceivedMessage): FichierSigne[] {
  switch (m.kind) {
    case 'Acte':
      return [m.document, ...m.annexes];
    case 'PieceComplementaire':
      return [...m.documents];
    case 'ReponseCourrierSimple':
    case 'RefusPieceComplementaire':
    case 'RejetLettreObservations':
    case 'ReponseLettreObservations':
      return [m.document];
    default:
      return [];
  }
}

type Check = { ok: true; form: ParsedForm } | { ok: false; anomaly: EnvelopeAnomaly };

function checkOne(ctx: SimulatorContext, env: EnveloppeCLMISILLData, file: string, raw: Buffer): Check {
  const fail = (anomaly: EnvelopeAnomaly): Check => ({ ok: false, anomaly });
  const invalid = firstSchemaIssue(ctx.schema, raw);
  const parsed = parseMessage(raw);
  if (
    parsed.ok &&
    !isAnswer(parsed.message) &&
    !['Acte', 'Annulation', 'DemandeClassification'].includes(parsed.message.kind)
  )
    return fail(envelopeAnomalies.unknownTransaction(file));
  if (invalid) return fail(envelopeAnomalies.schema(file, invalid));
  if (!parsed.ok) return fail(envelopeAnomalies.invalidContent(file, parsed.error));
  const message = parsed.message as ReceivedMessage;
  const { siren, departement } = env.emetteur;
  const named = (prefix: string, expected: string): Check | undefined =>
    isNumberedXml(file, prefix)
      ? undefined
      : fail(envelopeAnomalies.naming(`le message ${file} devrait s'appeler ${expected}.`));

  if (message.kind === 'Acte') {
    const problems = acteProblems(message);
    if (problems.length > 0)
      return fail(envelopeAnomalies.invalidContent(file, problems.map((p) => p.message).join(' ')));
    const natureAbbrev = findActNature(message.codeNatureActe)?.abbrev ?? '??';
    const base = actBaseName(
      { departement, siren, decisionDate: message.date, numeroInterne: message.numeroInterne, natureAbbrev },
      '1-1',
    );
    const wrong = named(base, `${base}_0.xml`);
    if (wrong) return wrong;
    for (const [i, doc] of [message.document, ...message.annexes].entries()) {
      if (!isDocumentName(doc.nomFichier, base, i + 1)) {
        const expected = `{typologie}-${base}_${i + 1}.{extension}`;
        return fail(envelopeAnomalies.naming(`le document ${doc.nomFichier} devrait s'appeler ${expected}.`));
      }
    }
    return { ok: true, form: { file, message, raw, base } };
  }
  if (message.kind === 'DemandeClassification') {
    const wrong = named(`${departement}-${siren}----7-1`, `${departement}-${siren}----7-1_1.xml`);
    return wrong ?? { ok: true, form: { file, message, raw } };
  }
  const code = message.kind === 'Annulation' ? '6-1' : ANSWER_CODES[message.kind];
  const wrong = named(`${message.idActe}-${code}`, `${message.idActe}-${code}_0.xml`);
  if (wrong) return wrong;
  const act = ctx.state.acts.get(message.idActe);
  if (!act || parseIdActe(message.idActe)?.siren !== siren)
    return fail(envelopeAnomalies.unknownAct(message.idActe));
  if (act.cancelled) return fail(envelopeAnomalies.actCancelled(message.idActe));
  if (message.kind !== 'Annulation') {
    const answer = ANSWER_CODES[message.kind];
    if (!findLetter(act, letterCodeOf(answer), message.dateCourrierPref))
      return fail(
        envelopeAnomalies.unknownLetter(message.idActe, letterCodeOf(answer), message.dateCourrierPref),
      );
  }
  return { ok: true, form: { file, message, raw } };
}

export function checkForms(
  ctx: SimulatorContext,
  input: { envelope: EnveloppeCLMISILLData; envelopeName: string; files: Map<string, Buffer> },
): { ok: true; forms: ParsedForm[]; strayFiles: string[] } | { ok: false; anomaly: EnvelopeAnomaly } {
  const forms: ParsedForm[] = [];
  const cited = new Set([input.envelopeName]);
  for (const { nomFichier } of input.envelope.formulaires) {
    const raw = input.files.get(nomFichier);
    if (!raw) return { ok: false, anomaly: envelopeAnomalies.missingFile(nomFichier) };
    const r = checkOne(ctx, input.envelope, nomFichier, raw);
    if (!r.ok) return r;
    forms.push(r.form);
    cited.add(nomFichier);
    // Missing documents of an act are the act's own anomaly (1-3); the others refuse the envelope.
    for (const doc of documentsOf(r.form.message)) {
      cited.add(doc.nomFichier);
      if (r.form.message.kind !== 'Acte' && !input.files.has(doc.nomFichier))
        return { ok: false, anomaly: envelopeAnomalies.missingFile(doc.nomFichier) };
    }
  }
  const strayFiles: string[] = [];
  for (const name of input.files.keys()) {
    if (cited.has(name)) continue;
    // An uncited file named like a document of one of the acts counts against that act's annexes.
    if (forms.some((f) => f.base && name.includes(`-${f.base}_`))) strayFiles.push(name);
    else
      return {
        ok: false,
        anomaly: envelopeAnomalies.naming(`le fichier ${name} n'est cité par aucun message de l'enveloppe.`),
      };
  }
  return { ok: true, forms, strayFiles };
}
