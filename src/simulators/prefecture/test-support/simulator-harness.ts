// Starts a simulator the way the tests need it: a throw-away PKI and data directory, a real SMTP
// receiver on loopback, a clock the test moves, no reply delay by default; plus helpers to post an
// archive with the operator's certificate and to open the reply mails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestPki, type TestPki } from '../../../../test/support/test-pki.ts';
import { type ActesMessage, parseMessage, readArchiveFiles } from '../../../actes/protocol/index.ts';
import type { CompiledXsd } from '../../../actes/protocol/xsd-validator.ts';
import { fixedClock, parisDate } from '../../../kernel/clock.ts';
import { luhnCheckDigit } from '../../../kernel/siren.ts';
import { compileActesSchema } from '../actes-schema.ts';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import type { PrefectureSimulatorOptions } from '../simulator-options.ts';
import { type PrefectureSimulator, startPrefectureSimulator } from '../start-prefecture-simulator.ts';
import { type PostResult, postArchive } from './post-archive.ts';
import { type CaughtMail, type SmtpCatcher, startSmtpCatcher } from './smtp-catcher.ts';
import {
  buildTestAct,
  buildTestArchive,
  type NamedFile,
  type TestAct,
  type TestArchive,
} from './test-archives.ts';

export const sirenOf = (body8: string) => `${body8}${luhnCheckDigit(body8)}`;
/** Two communes registered with the simulated préfecture, one that is not. */
export const SIREN_A = sirenOf('21480034');
export const SIREN_B = sirenOf('21480095');
export const SIREN_UNKNOWN = sirenOf('21480099');

export interface Harness {
  sim: PrefectureSimulator;
  smtp: SmtpCatcher;
  pki: TestPki;
  clock: ReturnType<typeof fixedClock>;
  dataDir: string;
  post(
    archive: TestArchive,
    options?: { timeoutMs?: number; cert?: string; key?: string },
  ): Promise<PostResult>;
  /** Packs `messages` and `documents` in a new envelope of `siren` (dated today) and posts it (201 expected). */
  send(siren: string, messages: NamedFile[], documents?: NamedFile[]): Promise<TestArchive>;
  /** Sends a good act and waits for its AR mail; returns the act. */
  receiveAct(
    siren: string,
    numeroInterne: string,
    extra?: Partial<TestAct>,
  ): Promise<ReturnType<typeof buildTestAct>>;
  restart(options?: Partial<PrefectureSimulatorOptions>): Promise<PrefectureSimulator>;
  stop(): Promise<void>;
}

export interface HarnessOptions extends Partial<PrefectureSimulatorOptions> {
  /** Starting instant of the clock (default Wednesday 12 March 2025, 10:00 in Paris). */
  now?: string;
  pki?: TestPki;
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const { now, pki: givenPki, ...overrides } = o;
  const pki = givenPki ?? (await createTestPki());
  const smtp = await startSmtpCatcher();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'relais-simulateur-'));
  const clock = fixedClock(now ?? '2025-03-12T10:00:00+01:00');
  const options = (extra: Partial<PrefectureSimulatorOptions> = {}): PrefectureSimulatorOptions => ({
    dataDir,
    tls: { cert: pki.server.certPem, key: pki.server.keyPem, clientCas: [pki.ca.certPem] },
    sirens: [SIREN_A, SIREN_B],
    smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true },
    replyDelayMs: 0,
    clock,
    durable: false,
    ...overrides,
    ...extra,
  });
  let counter = 0;
  const h: Harness = {
    sim: await startPrefectureSimulator(options()),
    smtp,
    pki,
    clock,
    dataDir,
    post: (archive, p = {}) =>
      postArchive({
        url: h.sim.intakeUrl,
        fileName: archive.name,
        bytes: archive.bytes,
        ca: pki.ca.certPem,
        cert: p.cert ?? pki.client.certPem,
        key: p.key ?? pki.client.keyPem,
        ...(p.timeoutMs ? { timeoutMs: p.timeoutMs } : {}),
      }),
    async send(siren, messages, documents = []) {
      counter += 1;
      const archive = await buildTestArchive(
        { siren, date: parisDate(clock.now()), counter },
        messages,
        documents,
      );
      const r = await h.post(archive);
      if (!('status' in r) || r.status !== 201) throw new Error(`Dépôt refusé : ${JSON.stringify(r)}`);
      return archive;
    },
    async receiveAct(siren, numeroInterne, extra = {}) {
      const today = parisDate(clock.now());
      const act = buildTestAct({
        siren,
        numeroInterne,
        date: today,
        classificationDate: DEFAULT_CLASSIFICATION_DATE,
        ...extra,
      });
      await h.send(siren, [act.message], act.documents);
      // Sent from the simulator's side (journal) and arrived (SMTP): the act is then acknowledged.
      await h.sim.journal.waitFor((e) => e.type === 'mail-sent' && e.idActe === act.idActe);
      await smtp.waitFor((m) => m.subject.includes(act.idActe) && m.subject.includes('1-2'));
      return act;
    },
    async restart(extra = {}) {
      await h.sim.stop();
      h.sim = await startPrefectureSimulator(options(extra));
      return h.sim;
    },
    async stop() {
      await h.sim.stop();
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
  return h;
}

export interface OpenedReply {
  files: Map<string, Buffer>;
  /** Each XML file parsed, by name. */
  messages: Map<string, ActesMessage>;
  /** Schema errors of each XML file (none expected). */
  schemaErrors: string[];
}

/** Unpacks the attachment of a reply mail (tar.gz, or a loose ANO_ file) and checks every XML. */
export async function openReply(
  mail: CaughtMail,
  schema: CompiledXsd = compileActesSchema(),
): Promise<OpenedReply> {
  const attachment = mail.attachments[0];
  if (!attachment) throw new Error(`Courriel sans pièce jointe : ${mail.subject}`);
  let files: Map<string, Buffer>;
  if (attachment.filename.endsWith('.tar.gz')) {
    const r = await readArchiveFiles(attachment.content);
    if (!r.ok) throw r.error;
    files = new Map(r.files.map((f) => [f.name, f.bytes]));
  } else files = new Map([[attachment.filename, attachment.content]]);
  const messages = new Map<string, ActesMessage>();
  const schemaErrors: string[] = [];
  for (const [name, bytes] of files) {
    if (!name.endsWith('.xml')) continue;
    const parsed = parseMessage(bytes);
    if (!parsed.ok) throw new Error(`${name} illisible : ${parsed.error}`);
    messages.set(name, parsed.message);
    const v = schema.validate(bytes);
    if (!v.ok) schemaErrors.push(...v.issues.map((i) => `${name} ligne ${i.line} : ${i.message}`));
  }
  return { files, messages, schemaErrors };
}

/** The one message of `kind` in a reply. */
export function messageOf<K extends ActesMessage['kind']>(
  reply: OpenedReply,
  kind: K,
): Extract<ActesMessage, { kind: K }> {
  const found = [...reply.messages.values()].find((m) => m.kind === kind);
  if (!found)
    throw new Error(`Pas de message ${kind} dans la réponse (${[...reply.messages.keys()].join(', ')})`);
  return found as Extract<ActesMessage, { kind: K }>;
}
