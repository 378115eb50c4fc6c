// The names of the files of an exchange (protocol §3): act base name, message XML, documents with
// their typology prefix, classification request, envelopes and archive.
import { compactDate } from './dates.ts';
import type { MessageCode } from './message-types.ts';

export interface ActNameParts {
  departement: string;
  siren: string;
  /** Decision date, YYYY-MM-DD. */
  decisionDate: string;
  numeroInterne: string;
  /** DE, AR, AI, CC, BF or AU. */
  natureAbbrev: string;
}

/** {dept}-{SIREN}-{YYYYMMDD}-{NumeroInterne}-{NAT}-{T}-{S}, e.g. 079-217901234-20240115-DEL2024_01-DE-1-1. */
export function actBaseName(act: ActNameParts, code: MessageCode): string {
  return [
    act.departement,
    act.siren,
    compactDate(act.decisionDate),
    act.numeroInterne,
    act.natureAbbrev,
    code,
  ].join('-');
}

/** The message XML of an act: {base}_{n}.xml, n = 0 for what the collectivité sends. */
export function messageFileName(base: string, n = 0): string {
  return `${base}_${n}.xml`;
}

/** Lower-case extension of a file name without the dot ('' if none). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * A document of an act: {typology}-{base}_{n}.{ext}; the main document is n = 1, annexes 2, 3…
 * e.g. 99_DE-079-217901234-20240115-DEL2024_01-DE-1-1_1.pdf
 */
export function documentFileName(typology: string, base: string, n: number, extension: string): string {
  return `${typology}-${base}_${n}.${extension.replace(/^\./, '').toLowerCase()}`;
}

/** The 7-1 request: {dept}-{SIREN}----7-1_{n}.xml (date, number and nature left empty). */
export function classificationRequestFileName(departement: string, siren: string, n = 1): string {
  return `${departement}-${siren}----7-1_${n}.xml`;
}

/** A 7-2 / 7-3 or an anomaly the préfecture cannot tie to an IDActe: {dept}-{SIREN}----{T}-{S}_{n}.xml. */
export function unattachedMessageFileName(
  departement: string,
  siren: string,
  code: MessageCode,
  n: number,
): string {
  return `${departement}-${siren}----${code}_${n}.xml`;
}

/** A message from the préfecture about an act: {IDActe}-{T}-{S}_{n}.xml (n numbers its files). */
export function prefectureMessageFileName(idActe: string, code: MessageCode, n: number): string {
  return `${idActe}-${code}_${n}.xml`;
}

export interface EnvelopeNameParts {
  quadrigramme: string;
  siren: string;
  /** Day of sending, YYYY-MM-DD. */
  date: string;
  /** Per-collectivité daily counter, from 1; may exceed 4 digits. */
  counter: number;
}

/** The collectivité's envelope: {QUADRIGRAMME}--{SIREN}--{YYYYMMDD}-{n}.xml. */
export function envelopeFileName(p: EnvelopeNameParts): string {
  return `${p.quadrigramme}--${p.siren}--${compactDate(p.date)}-${p.counter}.xml`;
}

const ENVELOPE_NAME = /^([A-Z0-9]{4})--(\d{9})--(\d{8})-(\d+)\.xml$/;

/** Reads an envelope name back into its parts, or undefined. */
export function parseEnvelopeFileName(name: string): EnvelopeNameParts | undefined {
  const m = ENVELOPE_NAME.exec(name);
  if (!m) return undefined;
  const d = m[3]!;
  return {
    quadrigramme: m[1]!,
    siren: m[2]!,
    date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`,
    counter: Number(m[4]),
  };
}

export interface PrefectureEnvelopeNameParts {
  quadrigramme: string;
  departement: string;
  arrondissement: string;
  siren: string;
  date: string;
  counter: number;
}

/** The préfecture's envelope: {QUAD}--SPREF{dept}{arr}-{SIREN}-{YYYYMMDD}-{n}.xml, e.g. EACT--SPREF0441-214400152-20181012-9.xml. */
export function prefectureEnvelopeFileName(p: PrefectureEnvelopeNameParts): string {
  return `${p.quadrigramme}--SPREF${p.departement}${p.arrondissement}-${p.siren}-${compactDate(p.date)}-${p.counter}.xml`;
}

/** The préfecture's answer when it refuses a whole envelope: ANO_{envelope name}. */
export function envelopeAnomalyFileName(envelopeName: string): string {
  return `ANO_${envelopeName}`;
}

/** The archive sent: {TRIGRAMME}-{envelope name without .xml}.tar.gz, e.g. SLO-EACT--210703385--20170612-2.tar.gz. */
export function archiveFileName(trigramme: string, envelopeName: string): string {
  return `${trigramme}-${envelopeName.replace(/\.xml$/, '')}.tar.gz`;
}

const ARCHIVE_NAME = /^([A-Z0-9]{3})-(.+)\.tar\.gz$/;

/** The trigramme and envelope name an archive name carries, or undefined. */
export function parseArchiveFileName(name: string): { trigramme: string; envelopeName: string } | undefined {
  const m = ARCHIVE_NAME.exec(name);
  return m ? { trigramme: m[1]!, envelopeName: `${m[2]}.xml` } : undefined;
}
