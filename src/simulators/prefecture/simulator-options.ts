// The simulator's own options (it reads no platform configuration), their defaults, and the checks
// that stop it at start with a French message naming the option to fix.
import { MAX_ARCHIVE_BYTES, type RetourClassificationData } from '../../actes/protocol/index.ts';
import { type Clock, systemClock } from '../../kernel/clock.ts';
import { normaliseDepartement, sirenProblem } from '../../kernel/siren.ts';
import { defaultClassification } from './classification/default-classification.ts';
import type { FaultSettings } from './faults/fault-injector.ts';
import type { MailTransport, SmtpOptions } from './replies/mailer.ts';

export interface SimulatorTlsOptions {
  /** Server certificate (PEM) the platform pins. */
  cert: string;
  /** Its private key (PEM). */
  key: string;
  /** Certification authorities (PEM) whose client certificates are trusted. */
  clientCas?: readonly string[];
  /** Client certificates (PEM) trusted as such, whoever issued them (pinning). */
  pinnedClientCerts?: readonly string[];
}

export interface PrefectureSimulatorOptions {
  /** Journal, received archives and outgoing mails; created if absent. */
  dataDir: string;
  tls: SimulatorTlsOptions;
  /** Département of the simulated préfecture (default 048, Lozère). */
  departement?: string;
  /** Name printed on letters and pages (default: Préfecture de la Lozère for 048). */
  prefectureName?: string;
  /** SIRENs registered with this préfecture; others get PREF-VERIF-02. */
  sirens?: readonly string[];
  /** Listening address of both servers (default 127.0.0.1). */
  host?: string;
  /** HTTPS intake port (default 0: any free port). */
  intakePort?: number;
  /** Console and control API port (default 0: any free port). */
  controlPort?: number;
  /** Answer 200 instead of 201, as legacy intake servers did. */
  legacyHttp200?: boolean;
  /** Largest archive accepted, in bytes (default 150 MB). */
  maxArchiveBytes?: number;
  /** SMTP server for the replies; without it (and without mailTransport) mails are only kept on disk. */
  smtp?: SmtpOptions | string;
  /** Another way to send the replies (in-process demo, tests). */
  mailTransport?: MailTransport;
  /** Sender of the reply mails. */
  mailFrom?: string;
  /**
   * Reply mails delivered at once, as a mail server does over several connections (default 4); 1 sends
   * them one after the other, strictly in due order.
   */
  mailConnections?: number;
  /** Delay before automatic replies (AR, anomalies, 3-5, 4-5, 6-2, 7-2/7-3), in ms (default 2000). */
  replyDelayMs?: number;
  /** Produce automatic replies on French working days only (public holidays included). */
  workingDaysOnly?: boolean;
  /** Acknowledge the collectivité's answers (3-5, 4-5) automatically (default true). */
  autoAcknowledgeAnswers?: boolean;
  /** Classification published at the first start (default: the Lozère classification). */
  classification?: RetourClassificationData;
  faults?: FaultSettings;
  clock?: Clock;
  /** fsync every journal line (default true). */
  durable?: boolean;
}

export interface ResolvedOptions {
  dataDir: string;
  tls: SimulatorTlsOptions;
  departement: string;
  prefectureName: string;
  sirens: string[];
  host: string;
  intakePort: number;
  controlPort: number;
  legacyHttp200: boolean;
  maxArchiveBytes: number;
  smtp?: SmtpOptions | string;
  mailTransport?: MailTransport;
  mailFrom: string;
  mailConnections: number;
  replyDelayMs: number;
  workingDaysOnly: boolean;
  autoAcknowledgeAnswers: boolean;
  classification: RetourClassificationData;
  faults: FaultSettings;
  clock: Clock;
  durable: boolean;
}

export class SimulatorOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorOptionError';
  }
}

const PREFECTURE_NAMES: Record<string, string> = { '048': 'Préfecture de la Lozère' };

function port(value: number | undefined, name: string): number {
  const p = value ?? 0;
  if (!Number.isInteger(p) || p < 0 || p > 65535)
    throw new SimulatorOptionError(`L'option ${name} (${value}) doit être un port entre 0 et 65535.`);
  return p;
}

export function resolveOptions(o: PrefectureSimulatorOptions): ResolvedOptions {
  if (!o.dataDir) throw new SimulatorOptionError("L'option dataDir (répertoire de données) est obligatoire.");
  if (!o.tls?.cert || !o.tls.key)
    throw new SimulatorOptionError(
      'Le certificat du serveur et sa clé (tls.cert, tls.key) sont obligatoires : le dépôt se fait en HTTPS.',
    );
  if (!o.tls.clientCas?.length && !o.tls.pinnedClientCerts?.length)
    throw new SimulatorOptionError(
      "Aucun certificat client n'est reconnu : donnez l'autorité de certification de l'opérateur (tls.clientCas) ou son certificat (tls.pinnedClientCerts).",
    );
  const departement = normaliseDepartement(o.departement ?? '048');
  if (!departement)
    throw new SimulatorOptionError(
      `Le département « ${o.departement} » n'existe pas (par exemple 048, 2A, 974).`,
    );
  const sirens = [...new Set((o.sirens ?? []).map((s) => s.replace(/[\s.]/g, '')))];
  for (const s of sirens) {
    const problem = sirenProblem(s);
    if (problem) throw new SimulatorOptionError(`SIREN enregistré « ${s} » : ${problem}`);
  }
  const delay = o.replyDelayMs ?? 2000;
  if (!Number.isFinite(delay) || delay < 0)
    throw new SimulatorOptionError(
      `Le délai de réponse (${o.replyDelayMs}) doit être un nombre de millisecondes ≥ 0.`,
    );
  const maxArchiveBytes = o.maxArchiveBytes ?? MAX_ARCHIVE_BYTES;
  if (!Number.isInteger(maxArchiveBytes) || maxArchiveBytes <= 0)
    throw new SimulatorOptionError(
      `La taille maximale d'archive (${o.maxArchiveBytes}) doit être un nombre d'octets.`,
    );
  const mailConnections = o.mailConnections ?? 4;
  if (!Number.isInteger(mailConnections) || mailConnections < 1 || mailConnections > 64)
    throw new SimulatorOptionError(
      `Le nombre de courriels envoyés à la fois (${o.mailConnections}) doit être un entier de 1 à 64.`,
    );
  return {
    dataDir: o.dataDir,
    tls: o.tls,
    departement,
    prefectureName: o.prefectureName ?? PREFECTURE_NAMES[departement] ?? `Préfecture (${departement})`,
    sirens,
    host: o.host ?? '127.0.0.1',
    intakePort: port(o.intakePort, 'intakePort'),
    controlPort: port(o.controlPort, 'controlPort'),
    legacyHttp200: o.legacyHttp200 ?? false,
    maxArchiveBytes,
    ...(o.smtp !== undefined ? { smtp: o.smtp } : {}),
    ...(o.mailTransport !== undefined ? { mailTransport: o.mailTransport } : {}),
    mailFrom: o.mailFrom ?? `controle-legalite@pref${departement.toLowerCase()}.simulateur.test`,
    mailConnections,
    replyDelayMs: delay,
    workingDaysOnly: o.workingDaysOnly ?? false,
    autoAcknowledgeAnswers: o.autoAcknowledgeAnswers ?? true,
    classification: o.classification ?? defaultClassification(),
    faults: o.faults ?? {},
    clock: o.clock ?? systemClock,
    durable: o.durable ?? true,
  };
}
