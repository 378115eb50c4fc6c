// Composition root: the one place that reads the configuration, builds the adapters and services,
// and starts the roles of this process (web, worker). Everything else receives its dependencies.
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { createClassificationCache } from './actes/classification/index.ts';
import {
  ministryClientOptionsFromConfig,
  replyMailboxFromConfig,
} from './actes/gateway/gateway-from-config.ts';
import { createMinistryClient } from './actes/gateway/ministry-client.ts';
import type { ReplyMailbox } from './actes/gateway/reply-mailbox.ts';
import type { SmtpMailbox } from './actes/gateway/smtp-mailbox.ts';
import {
  type MinistryGateway,
  type NotifyDeps,
  pdfDocumentChecker,
  receiveInboundMail,
  type TransmissionSettings,
} from './actes/transmission/index.ts';
import { createAuthRuntime } from './auth/create-auth-runtime.ts';
import { createDemoConnector } from './certification/ca/demo-connector.ts';
import { connectorRegistry } from './certification/ca/manual-connector.ts';
import type { CertificationDeps } from './certification/deps.ts';
import type { Config } from './config/index.ts';
import { migrate, openDatabase } from './db/index.ts';
import type { Db } from './db/types.ts';
import { type SimulatedPrefecture, startSimulatedPrefecture } from './demo/simulated-prefecture.ts';
import { createFsDocumentStore, type DocumentStore } from './documents/index.ts';
import { createHttpServer } from './http/index.ts';
import { createWorker } from './jobs/index.ts';
import { systemClock } from './kernel/clock.ts';
import type { Logger } from './kernel/logger.ts';
import { databaseOutbox, mailerFromConfig } from './notify/index.ts';
import { seedDemo, unsafeListAllCollectivites } from './tenants/index.ts';
import { startDailySchedules } from './workers/daily-schedules.ts';
import { jobHandlers } from './workers/job-handlers.ts';

export interface Relais {
  db: Db;
  documents: DocumentStore;
  app: FastifyInstance | null;
  /** The address the web role listens on, when it runs. */
  url: string | null;
  /** Demo and training: the simulated préfecture's console. */
  simulatorConsoleUrl: string | null;
  /** Graceful stop: refuse new work, finish what is in flight, close the database. */
  stop(): Promise<void>;
}

export async function startRelais(config: Readonly<Config>, logger: Logger): Promise<Relais> {
  const clock = systemClock;
  const db = await openDatabase(config);
  const cleanups: (() => Promise<unknown>)[] = [];
  const fail = async (e: unknown): Promise<never> => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await db.close();
    throw e;
  };
  try {
    const report = await migrate(db);
    if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');
    if (config.mode === 'demo') {
      const seeded = await seedDemo({ db });
      if (seeded.created) logger.info({ collectivites: seeded.collectivites }, 'demo data created');
    }
  } catch (e) {
    return fail(e);
  }

  const documents = createFsDocumentStore(config.documentsDirAbs);
  const simulated = config.mode !== 'production';
  const mailer = mailerFromConfig(config, { saveOutbox: databaseOutbox(db, documents), logger, clock });
  // The process's built classification models: the checks' and the replies' (see classification-store.ts).
  const classifications = createClassificationCache();
  const settings: TransmissionSettings = {
    trigramme: config.trigramme,
    quadrigramme: config.quadrigramme,
    replyAddress: config.replyAddress,
    maxArchiveBytes: 150_000_000,
    simulated,
    window: config.transmissionWindow,
    maxBytesPerHour: config.maxMbPerHour * 1_000_000,
  };

  // Replies: our SMTP receiver (demo, or behind a mail server) or an IMAP mailbox. Stored before use.
  const isWorker = config.roles.includes('worker');
  let mailbox: ReplyMailbox | null = null;
  let prefecture: SimulatedPrefecture | null = null;
  let gateway: MinistryGateway;
  try {
    if (isWorker) {
      mailbox = replyMailboxFromConfig(config, {
        store: async (raw, meta) => {
          // Applied as soon as stored; queued for a job when that fails (see receive-mail.ts).
          await receiveInboundMail(
            { db, documents, settings, clock, classifications },
            raw,
            { source: meta.source, messageId: meta.messageId ?? null, receivedAt: meta.receivedAt },
            logger,
          );
        },
        logger,
        clock,
      });
      await mailbox.start();
      cleanups.push(() => mailbox!.stop());
    }
    const ministry = ministryClientOptionsFromConfig(config, { logger });
    if (ministry) gateway = createMinistryClient(ministry);
    else if (isWorker && config.mailbox === 'smtp') {
      const sirens = (await unsafeListAllCollectivites(db)).map((c) => c.siren);
      prefecture = await startSimulatedPrefecture({
        dataDirAbs: config.dataDirAbs,
        sirens,
        smtpPort: (mailbox as SmtpMailbox).port(),
        replyDelayMs: config.simulatorReplyDelayS * 1000,
        consolePort: config.simulatorConsolePort,
        timeoutMs: config.ministryTimeoutS * 1000,
        logger,
      });
      cleanups.push(() => prefecture!.stop());
      gateway = prefecture.gateway;
    } else
      gateway = {
        sendArchive: async () => ({
          outcome: 'not-sent',
          reason: 'Aucune préfecture configurée pour ce processus (RELAIS_MINISTRY_URL vide).',
        }),
      };
  } catch (e) {
    return fail(e);
  }

  const transmission: NotifyDeps = {
    db,
    documents,
    clock,
    gateway,
    mailer,
    publicUrl: config.publicUrl,
    settings,
    checkDocument: pdfDocumentChecker(documents),
    classifications,
  };

  let reloadTrust: (() => Promise<unknown>) | null = null;
  const certification: CertificationDeps = {
    db,
    clock,
    documents,
    // Demo mode: the demo PKI's CA plays the CA; its revocations reach the trust store at once.
    connector: connectorRegistry(
      config.mode === 'demo'
        ? {
            demo: createDemoConnector({
              dataDirAbs: config.dataDirAbs,
              clock,
              onCrlUpdated: () => reloadTrust?.(),
            }),
          }
        : {},
    ),
    mailer,
    publicUrl: config.publicUrl,
    retentionDays: config.raRetentionDays,
    logger: logger.child({ role: 'ra' }),
  };

  const worker = isWorker
    ? createWorker({
        db,
        logger: logger.child({ role: 'worker' }),
        handlers: jobHandlers({ transmission, logger }),
        concurrency: config.workerConcurrency,
        pollMs: config.jobPollMs,
        lockTimeoutS: config.jobLockTimeoutS,
        workerId: `${hostname()}:${process.pid}`,
      })
    : null;
  const daily = isWorker
    ? startDailySchedules({
        db,
        clock,
        logger,
        mailer,
        publicUrl: config.publicUrl,
        certification,
        overdue: { afterMs: config.arOverdueMin * 60_000, maxResends: config.arMaxResends },
      })
    : null;

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let crlSchedule: { stop(): void } | null = null;
  if (config.roles.includes('web')) {
    try {
      const auth = await createAuthRuntime({ config, db, clock, logger });
      reloadTrust = () => auth.trust.reload();
      app = createHttpServer({
        db,
        logger,
        mode: config.mode,
        auth: auth.setup,
        https: auth.https ?? undefined,
        transmission,
        certification,
        publicUrl: config.publicUrl,
      });
      await app.listen({ host: config.httpHost, port: config.httpPort });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.httpPort;
      const scheme = auth.https ? 'https' : 'http';
      const defaultUrl = config.sources.publicUrl === 'défaut';
      url =
        config.httpPort === port && !(defaultUrl && auth.https)
          ? config.publicUrl
          : `${scheme}://localhost:${port}`;
      crlSchedule = auth.scheduleCrls();
    } catch (e) {
      daily?.stop();
      await worker?.stop();
      return fail(e);
    }
  }
  worker?.start();

  let stopping: Promise<void> | null = null;
  return {
    db,
    documents,
    app,
    url,
    simulatorConsoleUrl: prefecture?.simulator.controlUrl ?? null,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down: no new work is taken, in-flight work finishes');
        crlSchedule?.stop();
        daily?.stop();
        await Promise.allSettled([app?.close(), worker?.stop(), mailbox?.stop()]);
        await prefecture?.stop();
        await db.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
