// Reply processing: N reply mails (a tar.gz with an envelope and a 1-2 ARActe each), built beforehand with
// the codec, stored by storeInboundMail as the SMTP receiver does, then applied by the worker's receive
// jobs. Measures stored mails per second and applied ARs per second.

import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { createClassificationCache } from '../../src/actes/classification/index.ts';
import { buildMessage } from '../../src/actes/protocol/index.ts';
import {
  type NotifyDeps,
  processInboundMail,
  RECEIVE_JOB,
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
  storeS: number;
  storedPerS: number;
  applyS: number;
  appliedPerS: number;
  workerConcurrency: number;
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
  // Acts already sent, waiting for their AR (inserted directly: this part measures the replies only).
  for (const c of collectivites)
    await db.query(
      `insert into acts (collectivite_id, numero_interne, nature, decision_date, objet, matiere_codes,
         classification_date, state, sent_at)
       select $1, 'REP_' || g, 'DE', date '2026-11-20', 'Délibération n° ' || g, '{5,2}',
         date '2025-01-06', 'sent', now()
       from generate_series(0, $2::int - 1) g`,
      [c.id, Math.ceil(o.mails / cCount)],
    );
  const mails: Buffer[] = [];
  for (let n = 0; n < o.mails; n++) {
    const c = collectivites[n % cCount]!;
    const numero = `REP_${Math.floor(n / cCount)}`;
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
    const archive = await replyArchive(c.siren, [{ name: `${idActe}-1-2_1.xml`, bytes: ar }], n + 1);
    mails.push(await replyMail(archive, `<bench-${n}@prefecture.example.gouv.fr>`));
  }
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

  // 1. Storing, as the SMTP receiver does for each mail (8 sessions at once).
  let next = 0;
  const tStore = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let n = next++; n < mails.length; n = next++)
        await storeInboundMail(deps, mails[n]!, {
          source: 'smtp',
          messageId: `bench-${n}`,
          receivedAt: new Date(),
        });
    }),
  );
  const storeS = (performance.now() - tStore) / 1000;

  // 2. Applying: the worker's receive jobs only (notifications stay queued: not measured here).
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
    const r = await db.query<{ n: number }>(
      `select count(*)::int as n from acts where numero_interne like 'REP\\_%' and state = 'acknowledged'`,
    );
    if (r.rows[0]!.n >= o.mails) break;
    if (performance.now() - tApply > 300_000) throw new Error('réponses : délai dépassé');
    await new Promise((r) => setTimeout(r, 50));
  }
  const applyS = (performance.now() - tApply) / 1000;
  await worker.stop();
  removeLater(docsDir);
  return {
    mails: o.mails,
    storeS: round(storeS),
    storedPerS: round(o.mails / storeS),
    applyS: round(applyS),
    appliedPerS: round(o.mails / applyS),
    workerConcurrency: concurrency,
  };
}
