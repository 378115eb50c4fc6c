// Prepares a reply mail as the real service sends it: a tar.gz holding the préfecture's envelope
// (EnveloppeMISILLCL), the message(s) and their documents — or, for a refused envelope, the loose
// ANO_{envelope}.xml. The attachments are written under {dataDir}/outbox/{mail id}/ before scheduling.
// A reply sent again after a repeated deposit is a new mail carrying the very same files.
import { buildEnveloppeMISILLCL, prefectureEnvelopeFileName } from '../../../actes/protocol/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import type { OutgoingAttachment, OutgoingMail } from '../journal/journal-entry.ts';
import type { SimulatorState } from '../journal/simulator-state.ts';
import type { OutboxFiles } from './outbox-files.ts';
import { replyArchive } from './reply-archive.ts';

export const CODE_TITLES: Record<string, string> = {
  '1-2': "Accusé de réception de l'acte",
  '1-3': "Anomalie : l'acte n'est pas reçu",
  '2-1': 'Courrier simple',
  '3-1': 'Demande de pièces complémentaires',
  '3-5': 'Accusé de réception des pièces complémentaires ou du refus',
  '4-1': "Lettre d'observations",
  '4-5': "Accusé de réception de la réponse à la lettre d'observations",
  '5-1': 'Déféré au tribunal administratif',
  '6-2': "Accusé de réception de l'annulation",
  '7-2': 'Classification des actes',
  '7-3': 'Classification inchangée',
  ANO: "Anomalie : l'enveloppe est refusée",
};

export interface ReplyFile {
  name: string;
  bytes: Uint8Array;
}

export interface ReplySpec {
  siren: string;
  idActe?: string;
  to: readonly string[];
  dueAt: Date;
  codes: string[];
  /** What the mail is about, for its subject (IDActe, envelope name…). */
  about: string;
  /** The message XML files, in order. */
  messages: ReplyFile[];
  /** Documents carried with them (letters in PDF). */
  documents?: ReplyFile[];
  /** For the préfecture's envelope. */
  arrondissement: string;
  quadrigramme: string;
  numbersUsed: number;
  /** The deposit answered, when the reply is the préfecture's answer to an archive. */
  inReplyTo?: { archive: string; sha256: string };
}

export interface ReplyContext {
  state: SimulatorState;
  files: OutboxFiles;
  departement: string;
  prefectureName: string;
  mailFrom: string;
}

function nextMailId(state: SimulatorState): string {
  return `M${String(state.mailCount + 1).padStart(6, '0')}`;
}

function subject(ctx: ReplyContext, codes: string[], about: string): string {
  const what = codes.map((c) => (c === 'ANO' ? CODE_TITLES.ANO : `${c} ${CODE_TITLES[c] ?? ''}`)).join(', ');
  return `[${ctx.prefectureName} — simulateur] ${what} — ${about}`;
}

function body(ctx: ReplyContext, codes: string[], about: string, attachment: string): string {
  return [
    'Bonjour,',
    '',
    `Vous trouverez ci-joint un message de la ${ctx.prefectureName} (${codes.join(', ')}) concernant ${about}.`,
    `Pièce jointe : ${attachment}`,
    '',
    "Ce courriel est produit par le simulateur de préfecture de Relais : il ne vient pas d'une vraie préfecture.",
  ].join('\n');
}

function save(
  ctx: ReplyContext,
  mailId: string,
  name: string,
  bytes: Uint8Array,
  type: string,
): OutgoingAttachment {
  return { name, path: ctx.files.write(mailId, name, bytes), size: bytes.byteLength, contentType: type };
}

/** Builds the envelope and archive of a reply and writes them; the caller journals the mail. */
export async function prepareArchiveMail(ctx: ReplyContext, spec: ReplySpec): Promise<OutgoingMail> {
  const id = nextMailId(ctx.state);
  const date = parisDate(spec.dueAt);
  const key = `${spec.siren}/${date}`;
  const counter = (ctx.state.envelopeCounters.get(key) ?? 0) + 1;
  const envelopeName = prefectureEnvelopeFileName({
    quadrigramme: spec.quadrigramme,
    departement: ctx.departement,
    arrondissement: spec.arrondissement,
    siren: spec.siren,
    date,
    counter,
  });
  const envelope = buildEnveloppeMISILLCL({
    emetteur: { type: 'SousPref', departement: ctx.departement, arrondissement: spec.arrondissement },
    referent: { nom: `${ctx.prefectureName} (simulateur)`, email: ctx.mailFrom },
    formulaires: spec.messages.map((m) => ({ nomFichier: m.name })),
    destinataire: spec.siren,
  });
  const archiveName = `${envelopeName.replace(/\.xml$/, '')}.tar.gz`;
  const archive = await replyArchive([
    { name: envelopeName, bytes: envelope },
    ...spec.messages,
    ...(spec.documents ?? []),
  ]);
  return {
    id,
    dueAt: spec.dueAt.toISOString(),
    to: [...spec.to],
    subject: subject(ctx, spec.codes, spec.about),
    text: body(ctx, spec.codes, spec.about, archiveName),
    attachments: [save(ctx, id, archiveName, archive, 'application/gzip')],
    siren: spec.siren,
    ...(spec.idActe !== undefined ? { idActe: spec.idActe } : {}),
    codes: spec.codes,
    envelope: { name: envelopeName, key, counter },
    numbersUsed: spec.numbersUsed,
    ...(spec.inReplyTo ? { inReplyTo: spec.inReplyTo } : {}),
  };
}

/** The refusal of a whole envelope: ANO_{envelope name}.xml, loose. */
export function prepareAnomalyMail(
  ctx: ReplyContext,
  spec: {
    siren: string;
    to: readonly string[];
    dueAt: Date;
    envelopeName: string;
    file: ReplyFile;
    inReplyTo: { archive: string; sha256: string };
  },
): OutgoingMail {
  const id = nextMailId(ctx.state);
  const about = `l'enveloppe ${spec.envelopeName}`;
  return {
    id,
    dueAt: spec.dueAt.toISOString(),
    to: [...spec.to],
    subject: subject(ctx, ['ANO'], spec.envelopeName),
    text: body(ctx, ['ANO'], about, spec.file.name),
    attachments: [save(ctx, id, spec.file.name, spec.file.bytes, 'application/xml')],
    siren: spec.siren,
    codes: ['ANO'],
    numbersUsed: 0,
    inReplyTo: spec.inReplyTo,
  };
}

/**
 * A reply given before, sent again because the same archive was deposited again: same recipients,
 * subject and files (byte for byte: same IDActe, same DateReception), a new mail id. It uses no new
 * message number and answers no deposit of its own, so that it is never copied in turn.
 */
export function prepareCopyMail(ctx: ReplyContext, original: OutgoingMail, dueAt: Date): OutgoingMail {
  const id = nextMailId(ctx.state);
  const attachments = original.attachments.map((a) => ({ ...a, path: ctx.files.copy(a.path, id, a.name) }));
  const { inReplyTo: _answered, ...rest } = original;
  return {
    ...rest,
    id,
    dueAt: dueAt.toISOString(),
    text: `${original.text}\n\nCe courriel renvoie la réponse ${original.id} : l'archive a été déposée une nouvelle fois.`,
    attachments,
    numbersUsed: 0,
    copyOf: original.id,
  };
}
