// One received archive, from the stored upload to the journal: an archive already received is not
// processed again but gets again the replies it was given (a lost AR has no other way back); one that
// cannot be answered is refused over HTTP; a refused envelope gets an AnomalieEnveloppe by mail;
// otherwise each message is applied. Runs under the simulator's lock.
import path from 'node:path';
import {
  buildAnomalieEnveloppe,
  envelopeAnomalyFileName,
  parseArchiveFileName,
  parseEnvelopeFileName,
} from '../../../actes/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import type { MessageOutcome } from '../journal/journal-entry.ts';
import { depositKey } from '../journal/simulator-state.ts';
import { prepareAnomalyMail, prepareCopyMail } from '../replies/reply-mail.ts';
import { replyDueAt } from '../replies/reply-timing.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { envelopeAnomalies } from './anomaly-details.ts';
import { applyForm } from './apply-forms.ts';
import { checkEnvelope } from './check-envelope.ts';
import { readReceivedArchive } from './read-received-archive.ts';
import { discardUpload, keepUpload, type StoredFile, uploadStream } from './store-upload.ts';

/** Where the accepted archives are kept, by SHA-256 (the console serves them). */
export const ARCHIVES_DIR = 'archives';

/** The upload (only its first maxArchiveBytes when truncated) and the name it was posted under. */
export interface StoredUpload extends StoredFile {
  archiveName: string;
}

export interface IntakeResult {
  /** 'ok': answer the success status (201, or 200 in legacy mode); otherwise an HTTP error. */
  status: 'ok' | 400;
  message: string;
}

/**
 * A repeated deposit: the act is not received again (it keeps its IDActe and first receipt date), but
 * the replies it got that have already left — AR or 1-3 of each act, AnomalieEnveloppe… — are sent
 * again, identical, through the outbox (mail faults apply to the copies too). A reply not yet sent will
 * leave anyway and is not doubled. Letters are not replies to a deposit: never sent again here.
 * Returns the journal's detail.
 */
function resendReplies(ctx: SimulatorContext, archiveName: string, sha256: string): string {
  const given = ctx.state.replies.get(depositKey(archiveName, sha256)) ?? [];
  const gone = given.filter((m) => !ctx.state.outbox.has(m.id));
  if (gone.length === 0) {
    return given.length === 0
      ? 'Archive déjà reçue : rien n’est refait.'
      : 'Archive déjà reçue : rien n’est refait ; ses réponses ne sont pas encore parties.';
  }
  const dueAt = replyDueAt(ctx.options.clock.now(), {
    delayMs: ctx.options.replyDelayMs,
    workingDaysOnly: ctx.options.workingDaysOnly,
    departement: ctx.options.departement,
  });
  const copies = gone.map((original) => {
    const copy = prepareCopyMail(ctx.replies, original, dueAt);
    ctx.outbox.schedule(copy);
    return `${original.id} (${original.codes.join(', ')}) → ${copy.id}`;
  });
  return `Archive déjà reçue : rien n’est refait, les réponses déjà données sont renvoyées : ${copies.join(' ; ')}.`;
}

export async function processArchive(ctx: SimulatorContext, upload: StoredUpload): Promise<IntakeResult> {
  const { archiveName, sha256, size } = upload;
  const base = { type: 'archive-received', archive: archiveName, size, sha256 } as const;
  const seen = ctx.state.archives.get(archiveName);
  if (!upload.truncated && seen === sha256) {
    discardUpload(upload);
    // Named after its envelope, so that the duplicate shows when the journal is filtered by SIREN.
    const envelope = parseArchiveFileName(archiveName)?.envelopeName;
    const siren = envelope ? parseEnvelopeFileName(envelope)?.siren : undefined;
    ctx.record({
      ...base,
      ...(siren && envelope ? { siren, envelope } : {}),
      outcome: 'doublon',
      detail: resendReplies(ctx, archiveName, sha256),
      messages: [],
    });
    return { status: 'ok', message: 'Archive déjà reçue.' };
  }
  const read = await readReceivedArchive(uploadStream(upload));
  const receivedAt = ctx.options.clock.now();
  let check = checkEnvelope(ctx, {
    archiveName,
    files: read.files,
    truncated: upload.truncated,
    ...(read.error ? { readError: read.error } : {}),
  });
  if (check.kind !== 'reject' && seen !== undefined) {
    check = { ...check, kind: 'anomaly', anomaly: envelopeAnomalies.sameNameOtherContent(archiveName) };
  }
  // The archives folder is made when the simulator starts, not for each archive.
  if (upload.truncated || check.kind === 'reject') discardUpload(upload);
  else keepUpload(upload, path.join(ctx.options.dataDir, ARCHIVES_DIR, `${sha256}.tar.gz`));
  if (check.kind === 'reject') {
    ctx.record({ ...base, outcome: 'rejete', detail: check.reason, messages: [] });
    return { status: 400, message: check.reason };
  }
  const siren = check.envelope.emetteur.siren;
  const ids = { siren, envelope: check.envelopeName };
  if (check.kind === 'anomaly') {
    const dueAt = replyDueAt(receivedAt, {
      delayMs: ctx.options.replyDelayMs,
      workingDaysOnly: ctx.options.workingDaysOnly,
      departement: ctx.options.departement,
    });
    const detail = `${archiveName} -> ${check.anomaly.detail}`;
    let bytes: Buffer;
    try {
      bytes = buildAnomalieEnveloppe({
        date: parisDate(dueAt),
        nature: check.anomaly.nature,
        detail,
        enveloppeRecue: check.envelope,
      });
    } catch (e) {
      // The envelope is too broken to be echoed in a valid anomaly: nobody can be answered by mail.
      const reason = `${detail} (l'enveloppe ne peut pas être renvoyée dans une anomalie valide : ${(e as Error).message})`;
      ctx.record({ ...base, ...ids, outcome: 'rejete', detail: reason, messages: [] });
      return { status: 400, message: reason };
    }
    const mail = prepareAnomalyMail(ctx.replies, {
      siren,
      to: check.envelope.adressesRetour,
      dueAt,
      envelopeName: check.envelopeName,
      file: { name: envelopeAnomalyFileName(check.envelopeName), bytes },
      inReplyTo: { archive: archiveName, sha256 },
    });
    ctx.outbox.schedule(mail);
    ctx.record({ ...base, ...ids, outcome: 'refuse', detail, messages: [] });
    return { status: 'ok', message: 'Archive reçue.' };
  }
  const info = {
    envelope: check.envelope,
    envelopeName: check.envelopeName,
    quadrigramme: check.quadrigramme,
    archiveName,
    archiveSha256: sha256,
    files: read.files,
    strayFiles: check.strayFiles,
    receivedAt,
    classification: ctx.classification(),
  };
  const messages: MessageOutcome[] = [];
  for (const form of check.forms) messages.push(await applyForm(ctx, info, form));
  ctx.record({ ...base, ...ids, outcome: 'traite', messages });
  return { status: 'ok', message: 'Archive reçue.' };
}
