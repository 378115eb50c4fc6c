// The whole platform for end-to-end tests, in one process but over real networks: the transmission
// service and its worker, our SMTP reply receiver, the ministry client with mutual TLS and a pinned
// server certificate, and the préfecture simulator (HTTPS intake, replies by SMTP).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createClassificationCache } from '../../src/actes/classification/index.ts';
import { createMinistryClient } from '../../src/actes/gateway/ministry-client.ts';
import { createSmtpMailbox } from '../../src/actes/gateway/smtp-mailbox.ts';
import {
  type Act,
  createAct,
  enqueueClassificationRefresh,
  getAct,
  type NotifyDeps,
  pdfDocumentChecker,
  receiveInboundMail,
  submitAct,
} from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createFsDocumentStore } from '../../src/documents/index.ts';
import { createWorker, type Worker } from '../../src/jobs/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createOutboxMailer, type OutboxEntry } from '../../src/notify/index.ts';
import {
  type FaultSettings,
  type PrefectureSimulator,
  startPrefectureSimulator,
} from '../../src/simulators/prefecture/index.ts';
import { jobHandlers } from '../../src/workers/job-handlers.ts';
import { makePdf } from '../support/pdf.ts';
import { createTestPki } from '../support/test-pki.ts';
import { addTestCommunes, TEST_SETTINGS } from '../support/transmission.ts';

export const TRANSMITTER = { userId: null, canTransmit: true };

export interface Stack {
  db: Db;
  deps: NotifyDeps;
  simulator: PrefectureSimulator;
  worker: Worker;
  collectivites: { id: string; siren: string }[];
  outbox: OutboxEntry[];
  simulatorDir: string;
  startWorker(): Worker;
  restartSimulator(faults?: FaultSettings): Promise<void>;
  stop(): Promise<void>;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startStack(
  db: Db,
  opts: { collectivites: number; unregistered?: number; faults?: FaultSettings; timeoutMs?: number },
): Promise<Stack> {
  const logger = createLogger(process.env.RELAIS_E2E_LOG ?? 'silent');
  const pki = await createTestPki();
  const documents = createFsDocumentStore(mkdtempSync(path.join(tmpdir(), 'relais-e2e-docs-')));
  const simulatorDir = mkdtempSync(path.join(tmpdir(), 'relais-e2e-sim-'));
  const total = opts.collectivites + (opts.unregistered ?? 0);
  const collectivites = await addTestCommunes(db, total, 500);
  const registered = collectivites.slice(0, opts.collectivites).map((c) => c.siren);
  const outbox: OutboxEntry[] = [];
  let deps!: NotifyDeps;

  const mailbox = createSmtpMailbox({
    host: '127.0.0.1',
    port: 0,
    recipients: ['retours@relais.test'],
    maxBytes: 50 * 1024 * 1024,
    store: async (raw, meta) => {
      // As the platform does (src/main.ts): applied as soon as stored, queued for a job if that fails.
      await receiveInboundMail(deps, raw, {
        source: meta.source,
        messageId: meta.messageId ?? null,
        receivedAt: meta.receivedAt,
      });
    },
    logger,
  });
  await mailbox.start();

  let simulator: PrefectureSimulator;
  const startSim = (faults?: FaultSettings) =>
    startPrefectureSimulator({
      dataDir: simulatorDir,
      tls: { cert: pki.server.certPem, key: pki.server.keyPem, pinnedClientCerts: [pki.client.certPem] },
      sirens: registered,
      smtp: `smtp://127.0.0.1:${mailbox.port()}`,
      replyDelayMs: 5,
      faults: faults ?? opts.faults ?? {},
      durable: false,
    });
  simulator = await startSim();
  const gatewayFor = (sim: PrefectureSimulator) =>
    createMinistryClient({
      url: sim.intakeUrl,
      clientCert: { cert: pki.client.certPem, key: pki.client.keyPem },
      pinnedServerCert: sim.serverCertificate,
      timeoutMs: opts.timeoutMs ?? 10_000,
    });
  let gateway = gatewayFor(simulator);

  deps = {
    db,
    documents,
    clock: systemClock,
    gateway: { sendArchive: (a) => gateway.sendArchive(a) },
    mailer: createOutboxMailer({ from: 'relais@relais.test', save: async (e) => void outbox.push(e) }),
    publicUrl: 'https://relais.test',
    settings: TEST_SETTINGS,
    checkDocument: pdfDocumentChecker(documents),
    classifications: createClassificationCache(),
  };
  const startWorker = () => {
    const w = createWorker({
      db,
      logger,
      handlers: jobHandlers({ transmission: deps, logger }),
      concurrency: 4,
      pollMs: 25,
      lockTimeoutS: 10,
      workerId: `e2e-${Math.random().toString(36).slice(2)}`,
      backoff: { baseMs: 100, capMs: 1000 },
    } as Parameters<typeof createWorker>[0]);
    w.start();
    return w;
  };
  const stack: Stack = {
    db,
    deps,
    simulator,
    worker: startWorker(),
    collectivites,
    outbox,
    simulatorDir,
    startWorker,
    async restartSimulator(faults) {
      await stack.simulator.stop();
      simulator = await startSim(faults);
      stack.simulator = simulator;
      gateway = gatewayFor(simulator);
    },
    async stop() {
      await stack.worker.stop({ timeoutMs: 5000 });
      await stack.simulator.stop();
      await mailbox.stop();
    },
  };
  return stack;
}

let pdf: Buffer | null = null;

export async function newAct(
  stack: Stack,
  collectiviteId: string,
  numero: string,
  objet = 'Acte de bout en bout',
): Promise<Act> {
  pdf ??= await makePdf('Acte de bout en bout');
  return createAct(
    stack.deps,
    collectiviteId,
    TRANSMITTER,
    { numeroInterne: numero, nature: 'DE', decisionDate: '2026-11-20', objet, classification: '5.2' },
    [{ typology: '99_DE', originalName: 'acte.pdf', content: Readable.from([pdf]) }],
  );
}

export async function sendAct(stack: Stack, collectiviteId: string, numero: string): Promise<Act> {
  const act = await newAct(stack, collectiviteId, numero);
  return submitAct(stack.deps, collectiviteId, TRANSMITTER, act.id);
}

export async function refreshClassifications(stack: Stack): Promise<void> {
  for (const c of stack.collectivites) await enqueueClassificationRefresh(stack.db, c.id);
}

export const actState = (stack: Stack, cid: string, id: string) => getAct(stack.db, cid, id);
