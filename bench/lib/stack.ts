// The whole platform for the benchmarks, in one process over real networks (after test/e2e/stack.ts):
// the acts API on loopback HTTP, the worker, our SMTP reply receiver, the ministry client with mutual TLS,
// and the préfecture simulator (HTTPS intake, replies by SMTP). One API token per collectivité.

import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import {
  classificationFromMessage,
  createClassificationCache,
} from '../../src/actes/classification/index.ts';
import { createMinistryClient } from '../../src/actes/gateway/ministry-client.ts';
import { createSmtpMailbox } from '../../src/actes/gateway/smtp-mailbox.ts';
import { saveClassification } from '../../src/actes/transmission/classification-store.ts';
import { type NotifyDeps, pdfDocumentChecker, storeInboundMail } from '../../src/actes/transmission/index.ts';
import type { ScopedCollectiviteId } from '../../src/auth/policy.ts';
import { TOKEN_PERMISSIONS } from '../../src/auth/policy.ts';
import { createApiToken } from '../../src/auth/tokens/api-tokens.ts';
import { KEYS } from '../../src/config/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createFsDocumentStore } from '../../src/documents/index.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createWorker, type Worker } from '../../src/jobs/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createOutboxMailer } from '../../src/notify/index.ts';
import {
  defaultClassification,
  type PrefectureSimulator,
  startPrefectureSimulator,
} from '../../src/simulators/prefecture/index.ts';
import { jobHandlers } from '../../src/workers/job-handlers.ts';
import { createTestPki } from '../../test/support/test-pki.ts';
import { addTestCommunes } from '../../test/support/transmission.ts';
import { removeLater } from './cleanup.ts';

export interface BenchStack {
  db: Db;
  deps: NotifyDeps;
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  simulator: PrefectureSimulator;
  worker: Worker;
  collectivites: BenchCollectivite[];
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  collectivites: number;
  /** Worker slots; default: the platform's (RELAIS_WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Default: the platform's (RELAIS_JOB_POLL_MS). */
  pollMs?: number;
  /** Simulator's delay before its automatic replies (the demo uses 2 s; 0 here: we measure Relais). */
  replyDelayMs?: number;
  /** Also wake the worker after each API response and stored mail (on top of LISTEN/NOTIFY). */
  wake?: boolean;
}

export type BenchCollectivite = { id: string; siren: string; token: string };

/** `n` communes with the simulator's classification and an API token each. */
export async function addBenchCollectivites(db: Db, n: number): Promise<BenchCollectivite[]> {
  const classification = classificationFromMessage(defaultClassification());
  const collectivites: BenchCollectivite[] = [];
  for (const c of await addTestCommunes(db, n, 100, 'Commune de mesure')) {
    await saveClassification(db, c.id, classification, '0'.repeat(64));
    const token = await createApiToken(
      { db, clock: systemClock },
      {
        collectiviteId: c.id as ScopedCollectiviteId,
        name: 'Banc de mesure',
        permissions: [...TOKEN_PERMISSIONS],
        actorUserId: null,
      },
    );
    collectivites.push({ id: c.id, siren: c.siren, token: token.secret });
  }
  return collectivites;
}

/** The platform's defaults, so that the bench measures what `relais start` runs. */
export const DEFAULT_WORKER_CONCURRENCY = Number(KEYS.workerConcurrency.default);
const DEFAULT_POLL_MS = Number(KEYS.jobPollMs.default);

export async function startBenchStack(db: Db, opts: BenchStackOptions): Promise<BenchStack> {
  const logger = createLogger(process.env.RELAIS_BENCH_LOG ?? 'silent');
  const pki = await createTestPki();
  const docsDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-docs-'));
  const simulatorDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-sim-'));
  const documents = createFsDocumentStore(docsDir);
  const collectivites = await addBenchCollectivites(db, opts.collectivites);

  let deps!: NotifyDeps;
  const mailbox = createSmtpMailbox({
    host: '127.0.0.1',
    port: 0,
    recipients: ['retours@relais.test'],
    maxBytes: 50 * 1024 * 1024,
    store: async (raw, meta) => {
      await storeInboundMail(deps, raw, {
        source: meta.source,
        messageId: meta.messageId ?? null,
        receivedAt: meta.receivedAt,
      });
      if (opts.wake) worker.wake();
    },
    logger,
  });
  await mailbox.start();
  const simulator = await startPrefectureSimulator({
    dataDir: simulatorDir,
    tls: { cert: pki.server.certPem, key: pki.server.keyPem, pinnedClientCerts: [pki.client.certPem] },
    sirens: collectivites.map((c) => c.siren),
    smtp: `smtp://127.0.0.1:${mailbox.port()}`,
    replyDelayMs: opts.replyDelayMs ?? 0,
    durable: false,
  });
  const gateway = createMinistryClient({
    url: simulator.intakeUrl,
    clientCert: { cert: pki.client.certPem, key: pki.client.keyPem },
    pinnedServerCert: simulator.serverCertificate,
    timeoutMs: 60_000,
  });
  deps = {
    db,
    documents,
    clock: systemClock,
    gateway,
    mailer: createOutboxMailer({ from: 'relais@relais.test', save: async () => {} }),
    publicUrl: 'https://relais.test',
    settings: {
      trigramme: 'TST',
      quadrigramme: 'TACT',
      replyAddress: 'retours@relais.test',
      maxArchiveBytes: 150_000_000,
      simulated: true,
      window: { from: 0, to: 1440 },
      maxBytesPerHour: 0,
    },
    // As in main.ts: every uploaded PDF is checked.
    checkDocument: pdfDocumentChecker(documents),
    classifications: createClassificationCache(),
  };
  const worker = createWorker({
    db,
    logger,
    handlers: jobHandlers({ transmission: deps, logger }),
    concurrency: opts.concurrency ?? DEFAULT_WORKER_CONCURRENCY,
    pollMs: opts.pollMs ?? DEFAULT_POLL_MS,
    lockTimeoutS: 300,
    workerId: `bench-${hostname()}:${process.pid}`,
  });
  const app = createHttpServer({
    db,
    logger,
    mode: 'demo',
    transmission: deps,
    publicUrl: 'http://localhost',
  });
  // As in main.ts, the worker is woken by the queue's NOTIFY; `wake` adds an in-process nudge on top.
  if (opts.wake) app.addHook('onResponse', async () => worker.wake());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  worker.start();
  return {
    db,
    deps,
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    simulator,
    worker,
    collectivites,
    async stop() {
      await app.close();
      await worker.stop({ timeoutMs: 10_000 });
      await simulator.stop();
      await mailbox.stop();
      removeLater(docsDir);
      removeLater(simulatorDir);
    },
  };
}
