// End-to-end throughput: acts (a 300 KB PDF and two 100 KB annexes) uploaded and submitted through the
// HTTP API by concurrent clients (one request each, `?envoi=1`), built, sent to the simulator over mutual TLS, acknowledged by SMTP.
// Compared with `tar czf` of the same files, timed in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/types.ts';
import { type BenchPdf, makeBenchPdf, variant } from '../data/pdf.ts';
import { removeLater } from '../lib/cleanup.ts';
import { treeCpuS } from '../lib/cpu.ts';
import { multipart, request } from '../lib/http-client.ts';
import { startSplitStack } from '../lib/split-stack.ts';
import { DEFAULT_WORKER_CONCURRENCY, startBenchStack } from '../lib/stack.ts';
import { round, summary } from '../lib/stats.ts';

export interface ThroughputOptions {
  acts: number;
  clients: number;
  collectivites: number;
  concurrency?: number;
  wake?: boolean;
  timeoutMs?: number;
  /**
   * Run the platform as deployed on PostgreSQL (split-stack.ts): a web process, `workers` worker
   * processes and the simulator in its own; without it, everything in this process (PGlite).
   */
  split?: { databaseUrl: string; workers: number };
  /** The PostgreSQL server's main process, to count its CPU time. */
  serverPid?: number | null;
  /** Acts sent through the whole chain first, not measured (JIT warm-up of a freshly started platform). */
  warmup?: number;
}

export interface ThroughputResult {
  acts: number;
  acknowledged: number;
  /** Acts sent before the measurement (not counted). */
  warmup: number;
  clients: number;
  workerConcurrency: number;
  /** Platform processes: 1 (everything in the bench's) or web + workers + simulator. */
  processes: string;
  /**
   * CPU time per acknowledged act, ms, during the run: this process and its children (the platform's
   * processes, the simulator, the PDF checkers), and the PostgreSQL server when its pid is known.
   */
  cpuMsPerAct: {
    platform: number | null;
    postgres: number | null;
    /** Split stack: each process's share (the bench's own is the clients and its polling). */
    byProcess?: Record<string, number | null>;
  };
  wallS: number;
  actsPerS: number;
  /** From the start of the upload to the AR recorded, ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Median time spent in each step (act_events), ms. */
  stagesMs: Record<string, number>;
  tarCzfS: number;
  ratioToTar: number;
  inputMb: number;
}

export interface ActFiles {
  main: BenchPdf;
  annexA: BenchPdf;
  annexB: BenchPdf;
}

export async function makeActFiles(): Promise<ActFiles> {
  return {
    main: await makeBenchPdf(300 * 1024, 'Délibération'),
    annexA: await makeBenchPdf(100 * 1024, 'Annexe 1'),
    annexB: await makeBenchPdf(100 * 1024, 'Annexe 2'),
  };
}

export function filesOf(f: ActFiles, n: number) {
  return [
    { field: '99_DE', name: `deliberation-${n}.pdf`, type: 'application/pdf', bytes: variant(f.main, n) },
    { field: '99_AU', name: `annexe-a-${n}.pdf`, type: 'application/pdf', bytes: variant(f.annexA, n) },
    { field: '99_AU', name: `annexe-b-${n}.pdf`, type: 'application/pdf', bytes: variant(f.annexB, n) },
  ];
}

/** `tar czf` of the same files (written to a temporary folder first, not timed). */
export function timeTarCzf(f: ActFiles, first: number, count: number): { seconds: number; mb: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-tar-'));
  let bytes = 0;
  const names: string[] = [];
  for (let n = first; n < first + count; n++)
    for (const file of filesOf(f, n)) {
      writeFileSync(path.join(dir, file.name), file.bytes);
      names.push(file.name);
      bytes += file.bytes.length;
    }
  writeFileSync(path.join(dir, 'files.txt'), names.join('\n'));
  const t = performance.now();
  execFileSync('tar', ['czf', path.join(dir, 'out.tar.gz'), '-C', dir, '-T', path.join(dir, 'files.txt')]);
  const seconds = (performance.now() - t) / 1000;
  removeLater(dir);
  return { seconds, mb: bytes / 1e6 };
}

export async function measureThroughput(
  db: Db,
  files: ActFiles,
  o: ThroughputOptions,
  log: (s: string) => void,
): Promise<ThroughputResult> {
  const concurrency = o.concurrency ?? DEFAULT_WORKER_CONCURRENCY;
  const stack = o.split
    ? await startSplitStack(db, { collectivites: o.collectivites, ...o.split })
    : await startBenchStack(db, {
        collectivites: o.collectivites,
        concurrency,
        ...(o.wake ? { wake: true } : {}),
      });
  const processes = !o.split
    ? 'one (bench)'
    : o.split.workers === 0
      ? 'web and worker in one + simulator'
      : `web + ${o.split.workers} worker${o.split.workers > 1 ? 's' : ''} + simulator`;
  const started = new Map<string, number>();
  const failures: string[] = [];
  /**
   * The request bodies of `count` acts numbered `${prefix}_0…`, made before the clients start: like the
   * files `tar` is timed on, the test data exists before the clock runs (making ~0.5 MB bodies in the
   * measured run cost the bench process 1.5-2.5 ms of CPU per act, counted against the platform).
   */
  const bodies = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, n) =>
      multipart(
        {
          metadata: JSON.stringify({
            numeroInterne: `${prefix}_${n}`,
            nature: 'DE',
            decisionDate: '2026-11-20',
            objet: `Délibération de mesure n° ${n} : tarifs municipaux`,
            classification: '5.2',
          }),
        },
        filesOf(files, prefix === 'BENCH' ? n : count + n + o.acts),
      ),
    );
  /** Uploads and submits the acts of `prepared` with the clients; their upload start times. */
  const submit = async (prepared: ReturnType<typeof bodies>, t0Of: Map<string, number>, epoch: number) => {
    let next = 0;
    const client = async (k: number) => {
      const c = stack.collectivites[k % stack.collectivites.length]!;
      const auth = { authorization: `Bearer ${c.token}` };
      for (;;) {
        const n = next++;
        if (n >= prepared.length) return;
        const m = prepared[n]!;
        const t0 = performance.now();
        // Deposited and sent in one request (?envoi=1), as an API client that has nothing to review.
        const created = await request(`${stack.baseUrl}/api/v1/collectivites/${c.id}/actes?envoi=1`, {
          method: 'POST',
          headers: { ...auth, 'content-type': m.contentType },
          body: m.body,
        });
        if (created.status !== 201) {
          failures.push(`dépôt ${created.status} ${JSON.stringify(created.json).slice(0, 300)}`);
          continue;
        }
        const act = created.json as { id: string; state: string };
        t0Of.set(act.id, epoch + t0);
        if (act.state !== 'queued') failures.push(`dépôt : état ${act.state} au lieu de queued`);
      }
    };
    await Promise.all(Array.from({ length: o.clients }, (_, k) => client(k)));
  };
  /** Counts of the acts numbered `${prefix}_…` by state, until all `expected` are finished or time is up. */
  const waitFinished = async (prefix: string, expected: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await db.query<{ state: string; n: number }>(
        `select state, count(*)::int as n from acts where numero_interne like $1 group by state`,
        [`${prefix}\\_%`],
      );
      const by = Object.fromEntries(r.rows.map((x) => [x.state, x.n]));
      const finished = (by.acknowledged ?? 0) + (by.refused ?? 0) + (by.error ?? 0);
      if (finished >= expected || Date.now() > deadline) {
        if (finished < expected) log(`    délai dépassé : ${JSON.stringify(by)}`);
        return by.acknowledged ?? 0;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    // Warm-up, not measured: a server runs for days, so the bench measures it after its JIT compiler has
    // optimised the code these acts go through (the first acts of a fresh process cost several times more).
    if (o.warmup) {
      const warm = new Map<string, number>();
      const t = performance.now();
      await submit(bodies('WARMUP', o.warmup), warm, 0);
      const ok = await waitFinished('WARMUP', warm.size, o.timeoutMs ?? 300_000);
      log(
        `    mise en route : ${ok}/${o.warmup} actes acquittés en ${((performance.now() - t) / 1000).toFixed(1)} s${failures.length ? `, ${failures.length} échecs : ${failures[0]}` : ''}`,
      );
      // The measured run reports only its own failures.
      failures.length = 0;
    }
    const measured = bodies('BENCH', o.acts);
    const cpu0 = treeCpuS(process.pid);
    const own0 = process.cpuUsage();
    const split0 = 'cpuS' in stack ? stack.cpuS() : null;
    const pgCpu0 = o.serverPid ? treeCpuS(o.serverPid) : null;
    const tStart = performance.now();
    const epoch = Date.now() - tStart;
    await submit(measured, started, epoch);
    const uploadedS = (performance.now() - tStart) / 1000;
    log(
      `    ${o.acts} actes déposés en ${uploadedS.toFixed(1)} s${failures.length ? `, ${failures.length} échecs : ${failures[0]}` : ''}`,
    );
    const acknowledged = await waitFinished('BENCH', started.size, o.timeoutMs ?? 300_000);
    const wallS = (performance.now() - tStart) / 1000;
    const cpu1 = treeCpuS(process.pid);
    const own1 = process.cpuUsage(own0);
    const split1 = 'cpuS' in stack ? stack.cpuS() : null;
    const pgCpu1 = o.serverPid ? treeCpuS(o.serverPid) : null;
    const perAct = (a: number | null, b: number | null) =>
      a === null || b === null || !acknowledged ? null : round(((b - a) * 1000) / acknowledged);
    const events = await db.query<{ act_id: string; kind: string; at: Date }>(
      `select act_id, kind, at from act_events
       where kind in ('created', 'submitted', 'built', 'sent', 'acknowledged')
         and act_id in (select id from acts where numero_interne like 'BENCH\\_%')`,
    );
    const byAct = new Map<string, Record<string, number>>();
    for (const e of events.rows) {
      const m = byAct.get(e.act_id) ?? {};
      m[e.kind] = e.at.getTime();
      byAct.set(e.act_id, m);
    }
    const latencies: number[] = [];
    const stages: Record<string, number[]> = {
      'dépôt (HTTP)': [],
      'envoi → construit': [],
      'construit → transmis': [],
      'transmis → AR': [],
    };
    for (const [id, m] of byAct) {
      const t0 = started.get(id);
      if (t0 !== undefined && m.acknowledged) latencies.push(m.acknowledged - t0);
      if (t0 !== undefined && m.created) stages['dépôt (HTTP)']!.push(m.created - t0);
      if (m.submitted && m.built) stages['envoi → construit']!.push(m.built - m.submitted);
      if (m.built && m.sent) stages['construit → transmis']!.push(m.sent - m.built);
      if (m.sent && m.acknowledged) stages['transmis → AR']!.push(m.acknowledged - m.sent);
    }
    const tar = timeTarCzf(files, 0, o.acts);
    return {
      acts: o.acts,
      acknowledged,
      warmup: o.warmup ?? 0,
      clients: o.clients,
      workerConcurrency: concurrency,
      processes,
      cpuMsPerAct: {
        platform: perAct(cpu0, cpu1),
        postgres: perAct(pgCpu0, pgCpu1),
        ...(split0 && split1
          ? {
              byProcess: {
                bench: perAct(0, (own1.user + own1.system) / 1e6),
                ...Object.fromEntries(
                  Object.keys(split1).map((k) => [k, perAct(split0[k] ?? null, split1[k] ?? null)]),
                ),
              },
            }
          : {}),
      },
      wallS: round(wallS),
      actsPerS: round(acknowledged / wallS),
      latencyMs: summary(latencies.map((x) => Math.round(x))),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summary(v).p50])),
      tarCzfS: round(tar.seconds),
      ratioToTar: round(wallS / tar.seconds),
      inputMb: round(tar.mb),
    };
  } finally {
    await stack.stop();
  }
}
