// Reply processing: N reply mails (a tar.gz with an envelope and a 1-2 ARActe each), built beforehand with
// the codec. Measured three ways, each on its own acts:
// - received and applied on receipt (receiveInboundMail, what the SMTP receiver does), 4 mails at once
//   as the simulator's mail server delivers them;
// - stored only (storeInboundMail: the receiver's fallback when applying fails), 8 at once;
// - then applied by the worker's receive jobs (that fallback's and an operator's retry path).

import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createClassificationCache } from '../../src/actes/classification/index.ts';
import { buildMessage } from '../../src/actes/protocol/index.ts';
import {
  type NotifyDeps,
  processInboundMail,
  RECEIVE_JOB,
  receiveInboundMail,
  storeInboundMail,
} from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createFsDocumentStore } from '../../src/documents/index.ts';
import { createWorker } from '../../src/jobs/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createOutboxMailer } from '../../src/notify/index.ts';
import { sirenFrom } from '../../src/tenants/demo-data.ts';
import { addCollectivite } from '../../src/tenants/index.ts';
import { replyArchive, replyMail } from '../../test/support/reply-mail.ts';
import { removeLater } from '../lib/cleanup.ts';
import { DEFAULT_WORKER_CONCURRENCY } from '../lib/stack.ts';
import { round } from '../lib/stats.ts';

export interface RepliesResult {
  mails: number;
  /** Received and applied on receipt, 4 at once. */
  receiveS: number;
  receivedPerS: number;
  storeS: number;
  storedPerS: number;
  applyS: number;
  appliedPerS: number;
  workerConcurrency: number;
}

/** Hands the mails out to `count` SMTP-like sessions, each taking the next one when done with its own. */
async function sessions(
  count: number,
  mails: Buffer[],
  deliver: (mail: Buffer, n: number) => Promise<unknown>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      for (let n = next++; n < mails.length; n = next++) await deliver(mails[n]!, n);
    }),
  );
}

export async function measureReplies(
  db: Db,
  o: { mails: number; concurrency?: number; collectivites?: number },
): Promise<RepliesResult> {
  const docsDir = mkdtempSync(path.join(tmpdir(), 'relais-bench-replies-'));
  const documents = createFsDocumentStore(docsDir);
  const logger = createLogger('silent');
  const cCount = o.collectivites ?? 10;
  const collectivites: { id: string; siren: string }[] = [];
  for (let i = 0; i < cCount; i++) {
    const siren = sirenFrom(`21048${String(300 + i).padStart(3, '0')}`);
    const c = await addCollectivite(
      { db },
      {
        name: `Commune des réponses ${i + 1}`,
        siren,
        type: 'commune',
        departement: '48',
        arrondissement: '1',
        prefectureRattachement: 'Préfecture de la Lozère',
      },
    );
    collectivites.push({ id: c.id, siren });
  }
  // Acts already sent, waiting for their AR (inserted directly: this part measures the replies only), one
  // set per way of applying them.
  const perCollectivite = Math.ceil(o.mails / cCount);
  for (const c of collectivites)
    for (const prefix of ['REP_', 'RCV_'])
      await db.query(
        `insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
           classification_date, state, sent_at)
         select $1, $3 || g, 'DE', date '2026-11-20', 'Délibération n° ' || g, '{5,2}',
           date '2025-01-06', 'sent', now()
         from generate_series(0, $2::int - 1) g`,
        [c.id, perCollectivite, prefix],
      );
  const makeMails = async (prefix: string, counterFrom: number) => {
    const out: Buffer[] = [];
    for (let n = 0; n < o.mails; n++) {
      const c = collectivites[n % cCount]!;
      const numero = `${prefix}${Math.floor(n / cCount)}`;
      const idActe = `048-${c.siren}-20261120-${numero}-DE`;
      const ar = buildMessage({
        kind: 'ARActe',
        idActe,
        dateReception: '2026-11-27',
        acteRecu: {
          date: '2026-11-20',
          numeroInterne: numero,
          codeNatureActe: 1,
          codesMatiere: [5, 2],
          objet: `Délibération n° ${n}`,
          classificationDateVersion: '2025-01-06',
          document: { nomFichier: `99_DE-${idActe}-1-1_1.pdf` },
          annexes: [],
          documentPapier: false,
        },
        classificationDateVersionEnCours: '2025-01-06',
      });
      const archive = await replyArchive(
        c.siren,
        [{ name: `${idActe}-1-2_1.xml`, bytes: ar }],
        counterFrom + n,
      );
      out.push(await replyMail(archive, `<bench-${prefix}${n}@prefecture.example.gouv.fr>`));
    }
    return out;
  };
  const mails = await makeMails('REP_', 1);
  const received = await makeMails('RCV_', o.mails + 1);
  const acknowledged = async (prefix: string) =>
    (
      await db.query<{ n: number }>(
        `select count(*)::int as n from acts where numero_interne like $1 and state = 'acknowledged'`,
        [`${prefix.replace('_', '\\_')}%`],
      )
    ).rows[0]!.n;
  const deps = {
    db,
    documents,
    clock: systemClock,
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
    gateway: { sendArchive: async () => ({ outcome: 'not-sent', reason: 'banc' }) },
    checkDocument: async () => null,
    classifications: createClassificationCache(),
  } satisfies NotifyDeps;

  // The mail parser is loaded at the first reply (see receive-mail.ts): before the clock, for every measure.
  await import('mailparser');
  // 1. Received and applied on receipt, as the SMTP receiver does, 4 sessions at once.
  const tReceive = performance.now();
  await sessions(4, received, (mail, n) =>
    receiveInboundMail(deps, mail, { source: 'smtp', messageId: `bench-RCV_${n}`, receivedAt: new Date() }),
  );
  const receiveS = (performance.now() - tReceive) / 1000;
  if ((await acknowledged('RCV_')) < o.mails) throw new Error('réponses : des accusés reçus non appliqués');

  // 2. Storing only, as the SMTP receiver does when applying fails (8 sessions at once).
  const tStore = performance.now();
  await sessions(8, mails, (mail, n) =>
    storeInboundMail(deps, mail, { source: 'smtp', messageId: `bench-${n}`, receivedAt: new Date() }),
  );
  const storeS = (performance.now() - tStore) / 1000;

  // 3. Applying the stored mails: the worker's receive jobs only (notifications stay queued: not measured here).
  const concurrency = o.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  const worker = createWorker({
    db,
    logger,
    handlers: { [RECEIVE_JOB]: (job) => processInboundMail(deps, job.payload as { mailId: string }) },
    concurrency,
    pollMs: 50,
    lockTimeoutS: 300,
    workerId: `bench-replies-${hostname()}`,
  });
  const tApply = performance.now();
  worker.start();
  for (;;) {
    if ((await acknowledged('REP_')) >= o.mails) break;
    if (performance.now() - tApply > 300_000) throw new Error('réponses : délai dépassé');
    await new Promise((r) => setTimeout(r, 50));
  }
  const applyS = (performance.now() - tApply) / 1000;
  await worker.stop();
  removeLater(docsDir);
  return {
    mails: o.mails,
    receiveS: round(receiveS),
    receivedPerS: round(o.mails / receiveS),
    storeS: round(storeS),
    storedPerS: round(o.mails / storeS),
    applyS: round(applyS),
    appliedPerS: round(o.mails / applyS),
    workerConcurrency: concurrency,
  };
}
