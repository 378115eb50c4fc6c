// Use cases: what a person downloads about an act — a document, the archive sent, the préfecture's
// AR (verbatim), the stamped PDF and the bordereau d'acquittement. Always scoped by collectivité.
import { Readable } from 'node:stream';
import { parisDate } from '../../kernel/clock.ts';
import { AppError } from '../../kernel/errors.ts';
import { getCollectivite } from '../../tenants/collectivite-store.ts';
import { getOperator } from '../../tenants/operator.ts';
import { findMatiere, findNature } from '../classification/index.ts';
import { actFiles, findActNature, validateActMetadata } from '../protocol/index.ts';
import { buildReceiptSlip, readAllBytes, stampedPdfStream, stampPdf } from '../stamp/index.ts';
import type { Act } from './act.ts';
import { getActOrFail } from './act-store.ts';
import { getCurrentClassification } from './classification-store.ts';
import type { TransmissionDeps } from './deps.ts';
import { getPrefectureMessage } from './prefecture-message-store.ts';
import { MEDIA_TYPES } from './store-documents.ts';
import { unsafeGetTransmission } from './transmission-store.ts';

export interface Download {
  fileName: string;
  contentType: string;
  stream: Readable;
  size?: number;
}

const notFound = (what: string) => new AppError('NOT_FOUND', what);

const actOrFail = (deps: Pick<TransmissionDeps, 'db'>, collectiviteId: string, actId: string): Promise<Act> =>
  getActOrFail(deps.db, collectiviteId, actId);

export async function downloadDocument(
  deps: TransmissionDeps,
  collectiviteId: string,
  actId: string,
  position: number,
): Promise<Download> {
  const act = await actOrFail(deps, collectiviteId, actId);
  const d = act.documents.find((x) => x.position === position);
  if (!d) throw notFound('Ce document n’existe pas.');
  return {
    fileName: d.originalName,
    contentType: d.mediaType,
    size: d.size,
    stream: await deps.documents.get(d.sha256),
  };
}

/** A document the préfecture attached to one of its letters (the letter's PDF, a déféré's pieces). */
export async function downloadPrefectureDocument(
  deps: TransmissionDeps,
  collectiviteId: string,
  messageId: string,
  position: number,
): Promise<Download> {
  const m = await getPrefectureMessage(deps.db, collectiviteId, messageId);
  const d = m?.documents[position - 1];
  if (!m || !d) throw notFound('Ce document de la préfecture n’existe pas.');
  const ext = d.name.split('.').pop()?.toLowerCase() ?? '';
  return {
    fileName: d.name,
    contentType: MEDIA_TYPES[ext] ?? 'application/octet-stream',
    size: d.size,
    stream: await deps.documents.get(d.sha256),
  };
}

export async function downloadArchive(
  deps: TransmissionDeps,
  collectiviteId: string,
  actId: string,
): Promise<Download> {
  const act = await actOrFail(deps, collectiviteId, actId);
  const t = act.transmissionId ? await unsafeGetTransmission(deps.db, act.transmissionId) : null;
  if (!t?.archiveSha256) throw notFound('Aucune archive n’a encore été construite pour cet acte.');
  return {
    fileName: t.archiveName,
    contentType: 'application/gzip',
    size: t.archiveSize ?? undefined,
    stream: await deps.documents.get(t.archiveSha256),
  };
}

export async function downloadAcknowledgement(
  deps: TransmissionDeps,
  collectiviteId: string,
  actId: string,
): Promise<Download> {
  const act = await actOrFail(deps, collectiviteId, actId);
  const r = await deps.db.query<{ raw_sha256: string; file_name: string }>(
    `select raw_sha256, file_name from inbound_messages
     where collectivite_id = $1 and act_id = $2 and code = 'ARActe' and state = 'applied' order by created_at limit 1`,
    [collectiviteId, act.id],
  );
  const ar = r.rows[0];
  if (!ar) throw notFound('La préfecture n’a pas encore accusé réception de cet acte.');
  return {
    fileName: ar.file_name,
    contentType: 'application/xml',
    stream: await deps.documents.get(ar.raw_sha256),
  };
}

function requireAcknowledged(act: Act): { idActe: string; receivedDate: string; sentAt: Date } {
  if (!act.idActe || !act.receivedDate || !act.sentAt)
    throw new AppError('CONFLICT', 'Le tampon et le bordereau existent une fois l’accusé de réception reçu.');
  return { idActe: act.idActe, receivedDate: act.receivedDate, sentAt: act.sentAt };
}

export async function downloadStampedPdf(
  deps: TransmissionDeps,
  collectiviteId: string,
  actId: string,
): Promise<Download> {
  const act = await actOrFail(deps, collectiviteId, actId);
  const ack = requireAcknowledged(act);
  const main = act.documents[0];
  if (main?.extension !== 'pdf')
    throw new AppError('CONFLICT', 'Seul un acte au format PDF peut être tamponné.');
  const operator = await getOperator(deps.db);
  const original = await readAllBytes(await deps.documents.get(main.sha256), { size: main.size });
  const stamped = await stampPdf(original, {
    sentDate: parisDate(ack.sentAt),
    receiptDate: ack.receivedDate,
    ...(act.publicationDate ? { publicationDate: act.publicationDate } : {}),
    idActe: ack.idActe,
    isSimulated: deps.settings.simulated,
    ...(operator ? { operatorName: operator.name } : {}),
  });
  return {
    fileName: `${ack.idActe}-tamponne.pdf`,
    contentType: 'application/pdf',
    size: stamped.size,
    stream: stampedPdfStream(stamped),
  };
}

export async function downloadReceiptSlip(
  deps: TransmissionDeps,
  collectiviteId: string,
  actId: string,
): Promise<Download> {
  const act = await actOrFail(deps, collectiviteId, actId);
  const ack = requireAcknowledged(act);
  const c = (await getCollectivite(deps.db, collectiviteId))!;
  const operator = await getOperator(deps.db);
  const classification =
    (await getCurrentClassification(deps.db, deps.classifications, collectiviteId))?.classification ?? null;
  const t = act.transmissionId ? await unsafeGetTransmission(deps.db, act.transmissionId) : null;
  const levels = act.matiereCodes.map((_, i) => act.matiereCodes.slice(0, i + 1).join('.'));
  const meta = validateActMetadata(
    {
      departement: c.departement,
      siren: c.siren,
      decisionDate: act.decisionDate,
      numeroInterne: act.numeroInterne,
      nature: act.nature,
      classification: act.matiereCodes,
      classificationDate: act.classificationDate,
      objet: act.objet,
      mainDocument: {
        typology: act.documents[0]?.typology ?? '99_AU',
        extension: act.documents[0]?.extension ?? 'pdf',
      },
      annexes: act.documents.slice(1).map((d) => ({ typology: d.typology, extension: d.extension })),
    },
    { today: '9999-12-31' },
  );
  const names = meta.ok ? [actFiles(meta.value).mainDocumentFile, ...actFiles(meta.value).annexFiles] : [];
  const typologyLabel = (code: string) =>
    classification
      ? findNature(classification, act.nature)?.typologies.find((t2) => t2.codeTypePJ === code)?.libelle
      : undefined;
  const bytes = await buildReceiptSlip({
    operatorName: operator?.name ?? 'Relais',
    collectivite: { name: c.name, siren: c.siren },
    act: {
      natureLabel: findActNature(act.nature)?.label ?? act.nature,
      numeroInterne: act.numeroInterne,
      objet: act.objet,
      decisionDate: act.decisionDate,
    },
    classification: levels.map((code) => ({
      code,
      label: (classification && findMatiere(classification, code)?.libelle) || '',
    })),
    documents: act.documents.map((d, i) => ({
      role: i === 0 ? 'main' : 'annex',
      fileName: names[i] ?? d.originalName,
      typology: {
        code: d.typology,
        ...(typologyLabel(d.typology) ? { label: typologyLabel(d.typology)! } : {}),
      },
      sha256: d.sha256,
      size: d.size,
    })),
    archiveName: t?.archiveName ?? '',
    sentAt: ack.sentAt,
    receiptDate: ack.receivedDate,
    idActe: ack.idActe,
    isSimulated: deps.settings.simulated,
    generatedAt: ack.sentAt,
  });
  return {
    fileName: `${ack.idActe}-bordereau.pdf`,
    contentType: 'application/pdf',
    size: bytes.length,
    stream: Readable.from([Buffer.from(bytes)]),
  };
}
