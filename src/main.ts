// Composition root: the one place that reads the configuration, builds the adapters and services,
// and starts the roles of this process (web, worker). Everything else receives its dependencies.
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { createAuthRuntime } from './auth/create-auth-runtime.ts';
import type { Config } from './config/index.ts';
import { migrate, openDatabase } from './db/index.ts';
import type { Db } from './db/types.ts';
import { createFsDocumentStore, type DocumentStore } from './documents/index.ts';
import { createHttpServer } from './http/index.ts';
import { createWorker } from './jobs/index.ts';
import { systemClock } from './kernel/clock.ts';
import type { Logger } from './kernel/logger.ts';
import { seedDemo } from './tenants/index.ts';
import { jobHandlers } from './workers/job-handlers.ts';

export interface Relais {
  db: Db;
  documents: DocumentStore;
  app: FastifyInstance | null;
  /** The address the web role listens on, when it runs. */
  url: string | null;
  /** Graceful stop: refuse new work, finish what is in flight, close the database. */
  stop(): Promise<void>;
}

export async function startRelais(config: Readonly<Config>, logger: Logger): Promise<Relais> {
  const db = await openDatabase(config);
  try {
    const report = await migrate(db);
    if (report.applied.length) logger.info({ applied: report.applied }, 'database migrated');
    if (config.mode === 'demo') {
      const seeded = await seedDemo({ db });
      if (seeded.created) logger.info({ collectivites: seeded.collectivites }, 'demo data created');
    }
  } catch (e) {
    await db.close();
    throw e;
  }

  const documents = createFsDocumentStore(config.documentsDirAbs);
  const workerId = `${hostname()}:${process.pid}`;
  const worker = config.roles.includes('worker')
    ? createWorker({
        db,
        logger: logger.child({ role: 'worker' }),
        handlers: jobHandlers({ db, documents, logger }),
        concurrency: config.workerConcurrency,
        pollMs: config.jobPollMs,
        lockTimeoutS: config.jobLockTimeoutS,
        workerId,
      })
    : null;

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  let crlSchedule: { stop(): void } | null = null;
  if (config.roles.includes('web')) {
    const auth = await createAuthRuntime({ config, db, clock: systemClock, logger }).catch(async (e) => {
      await db.close();
      throw e;
    });
    app = createHttpServer({
      db,
      logger,
      mode: config.mode,
      auth: auth.setup,
      https: auth.https ?? undefined,
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
  }
  worker?.start();

  let stopping: Promise<void> | null = null;
  return {
    db,
    documents,
    app,
    url,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down: no new work is taken, in-flight work finishes');
        crlSchedule?.stop();
        await Promise.allSettled([app?.close(), worker?.stop()]);
        await db.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
