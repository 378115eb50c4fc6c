// `npm run bench [-- --quick] [-- --only throughput,reads,…]`: measures what users and operators feel on
// this machine, writes bench/results/*.json and (full runs) the tables of docs/benchmarks.md.
import path from 'node:path';
import { migrate, openPglite } from '../src/db/index.ts';
import type { Db } from '../src/db/types.ts';
import { describeMachine } from './lib/machine.ts';
import { type BenchPostgres, startBenchPostgres } from './lib/postgres.ts';
import { type BenchReport, type Check, type SectionResult, writeDocs, writeJson } from './lib/report.ts';
import { measureArchiveWriter } from './suites/archive-writer.ts';
import { measureFloor } from './suites/floor.ts';
import { measureMemory } from './suites/memory.ts';
import { generateActs, measureReads } from './suites/reads.ts';
import { measureReplies } from './suites/replies.ts';
import { measureStartup } from './suites/startup.ts';
import {
  makeActFiles,
  measureThroughput,
  type ThroughputOptions,
  type ThroughputResult,
} from './suites/throughput.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1]!).split(',')
  : null;
const root = path.resolve(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Sizes of each measurement: the full run (under 10 minutes) and --quick (under a minute, for CI). */
const P = quick
  ? {
      throughput: { pglite: 30, postgres: 40, clients: 20, collectivites: 20, warmup: 20 },
      archive: { pdfMb: 20, rounds: 2 },
      memory: { actMb: 50 },
      reads: { acts: 50_000, queries: 20, pgliteActs: 0 },
      startup: { runs: 1 },
      replies: { mails: 100 },
    }
  : {
      throughput: { pglite: 200, postgres: 600, clients: 20, collectivites: 20, warmup: 100 },
      archive: { pdfMb: 100, rounds: 3 },
      memory: { actMb: 145 },
      reads: { acts: 1_000_000, queries: 100, pgliteActs: 100_000 },
      startup: { runs: 5 },
      replies: { mails: 1000 },
    };

/** Worker processes of the PostgreSQL throughput run (2 measured no faster on this 2-core machine). */
const SPLIT_WORKERS = 1;

async function pglite(): Promise<Db> {
  const db = await openPglite({});
  await migrate(db);
  return db;
}

const fmt = (n: number, unit = '') => `${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}`;

type Suite = (pg: BenchPostgres | null) => Promise<{ checks: Check[]; notes: string[]; data: unknown }>;

const suites: Record<string, { title: string; run: Suite }> = {
  throughput: {
    title: '1. End-to-end throughput',
    async run(pg) {
      const files = await makeActFiles();
      const checks: Check[] = [];
      const notes: string[] = [];
      const data: Record<string, ThroughputResult> = {};
      const one = async (label: string, db: Db, acts: number, more: Partial<ThroughputOptions> = {}) => {
        log(`  ${label} : ${acts} actes, ${P.throughput.clients} clients`);
        const r = await measureThroughput(
          db,
          files,
          {
            acts,
            clients: P.throughput.clients,
            collectivites: P.throughput.collectivites,
            warmup: P.throughput.warmup,
            ...more,
          },
          log,
        );
        data[label] = r;
        const isPg = label === 'PostgreSQL';
        checks.push(
          {
            metric: `${label}: acts/s (${r.acknowledged}/${r.acts} acknowledged, ${r.clients} clients)`,
            value: fmt(r.actsPerS),
            ...(isPg ? { target: '≥ 100', met: r.actsPerS >= 100 } : {}),
          },
          {
            metric: `${label}: upload → AR p50 / p95 / p99`,
            value: `${fmt(r.latencyMs.p50 / 1000)} / ${fmt(r.latencyMs.p95 / 1000)} / ${fmt(r.latencyMs.p99 / 1000)} s`,
          },
          {
            metric: `${label}: total time ÷ \`tar czf\` of the same ${fmt(r.inputMb)} MB (${fmt(r.tarCzfS)} s)`,
            value: `${fmt(r.ratioToTar)}×`,
            target: '≤ 3×',
            met: r.ratioToTar <= 3,
          },
        );
        notes.push(
          `${label}: median time per step — ${Object.entries(r.stagesMs)
            .map(([k, v]) => `${k} ${fmt(v)} ms`)
            .join(
              ', ',
            )}; worker concurrency ${r.workerConcurrency}; processes: ${r.processes}; measured after ${r.warmup} acts of warm-up.`,
        );
        const cpu = r.cpuMsPerAct;
        if (cpu.platform !== null)
          notes.push(
            `${label}: CPU per act — ${fmt(cpu.platform)} ms platform, simulator and clients${
              cpu.byProcess
                ? ` (${Object.entries(cpu.byProcess)
                    .map(([k, v]) => `${k} ${v === null ? '?' : fmt(v)}`)
                    .join(', ')})`
                : ''
            }${cpu.postgres !== null ? `, ${fmt(cpu.postgres)} ms PostgreSQL` : ''}.`,
          );
      };
      const lite = await pglite();
      try {
        await one('PGlite', lite, P.throughput.pglite);
      } finally {
        await lite.close();
      }
      if (pg) {
        const db = await pg.freshDb(20);
        try {
          // As deployed: web and worker roles in their own processes, the simulator in its own.
          await one('PostgreSQL', db, P.throughput.postgres, {
            split: { databaseUrl: db.url, workers: SPLIT_WORKERS },
            serverPid: pg.serverPid(),
          });
        } finally {
          await db.close();
        }
      } else
        checks.push({
          metric: 'PostgreSQL: acts/s',
          value: 'skipped (no server)',
          target: '≥ 100',
          met: false,
        });
      // The floor: the same bytes through the same kinds of I/O, without Relais (bench/suites/floor.ts).
      log(`  plancher : ${P.throughput.postgres} actes, ${P.throughput.clients} clients`);
      const floor = await measureFloor(files, {
        acts: P.throughput.postgres,
        clients: P.throughput.clients,
        warmup: P.throughput.warmup,
      });
      checks.push({
        metric: `Floor, no Relais (HTTP upload + fsync, HTTPS post, SMTP reply + fsync): acts/s (${floor.replies}/${floor.acts} replies)`,
        value: fmt(floor.actsPerS),
      });
      notes.push(
        `Floor: CPU per act — ${floor.cpuMsPerActTotal === null ? '?' : fmt(floor.cpuMsPerActTotal)} ms (${Object.entries(
          floor.cpuMsPerAct,
        )
          .map(([k, v]) => `${k} ${v === null ? '?' : fmt(v)}`)
          .join(', ')}); same clients, files and warm-up as the PostgreSQL run.`,
      );
      const all = data as Record<string, unknown>;
      all.floor = floor;
      return { checks, notes, data };
    },
  },
  archive: {
    title: '2. Archive writer',
    async run() {
      const r = await measureArchiveWriter(P.archive);
      return {
        checks: [
          {
            metric: `Relais writer, ${fmt(r.inputMb)} MB (2 XML + 2 PDF)`,
            value: fmt(r.relaisMbPerS, ' MB/s'),
          },
          { metric: '`tar czf`, same files', value: fmt(r.tarCzfMbPerS, ' MB/s') },
          { metric: 'ratio Relais ÷ tar czf', value: `${fmt(r.ratio)}×`, target: '≥ 1', met: r.ratio >= 1 },
        ],
        notes: [],
        data: r,
      };
    },
  },
  memory: {
    title: '3. Memory',
    async run(pg) {
      const db = pg ? await pg.freshDb(10) : null;
      try {
        const r = await measureMemory({ actMb: P.memory.actMb, ...(db ? { databaseUrl: db.url } : {}) });
        return {
          checks: [
            {
              metric: `${fmt(r.actMb)} MB act uploaded, built, sent, acknowledged (${r.database}): peak RSS increase`,
              value: fmt(r.increaseMb, ' MB'),
              target: '< 100 MB',
              met: r.increaseMb < 100,
            },
          ],
          notes: [
            `RSS at rest ${fmt(r.rssBeforeMb)} MB, peak ${fmt(r.peakMb)} MB (VmHWM reset before the upload; sampled peak ${fmt(r.sampledPeakMb)} MB); upload ${fmt(r.uploadS)} s, upload → AR ${fmt(r.totalS)} s. The PDF check's child process is not counted (its own process).`,
          ],
          data: r,
        };
      } finally {
        await db?.close();
      }
    },
  },
  reads: {
    title: '4. Reads',
    async run(pg) {
      const checks: Check[] = [];
      const notes: string[] = [];
      const data: Record<string, unknown> = {};
      const one = async (label: string, db: Db, acts: number) => {
        const t = performance.now();
        const ids = await generateActs(db, acts, 90);
        log(`  ${label} : ${acts} actes générés en ${((performance.now() - t) / 1000).toFixed(1)} s`);
        const r = await measureReads(db, ids, { acts, queries: P.reads.queries });
        data[label] = r;
        checks.push({
          metric: `${label}, ${fmt(acts)} acts / 90 collectivités: worst p99 (${r.worstShape})`,
          value: fmt(r.worstP99Ms, ' ms'),
          ...(label === 'PostgreSQL' ? { target: '< 100 ms', met: r.worstP99Ms < 100 } : {}),
        });
        notes.push(
          `${label}, ${fmt(acts)} acts, ${r.queriesPerShape} queries per shape (ms):`,
          '',
          '| query | p50 | p95 | p99 | rows |',
          '|---|---|---|---|---|',
          ...r.shapes.map((s) => `| ${s.name} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.rows} |`),
          '',
          `Plan of the slowest (${r.worstShape}), collectivité ids elided:`,
          '',
          '```',
          r.worstPlan.replace(/'\{[0-9a-f,-]{200,}\}'/g, "'{…}'"),
          '```',
          '',
        );
      };
      if (pg) {
        const db = await pg.freshDb(10);
        try {
          await one('PostgreSQL', db, P.reads.acts);
        } finally {
          await db.close();
        }
      } else checks.push({ metric: 'PostgreSQL: list/search p99', value: 'skipped (no server)', met: false });
      const lite = P.reads.pgliteActs || (!pg ? P.reads.acts : 0);
      if (lite) {
        const db = await pglite();
        try {
          await one('PGlite', db, lite);
        } finally {
          await db.close();
        }
      }
      return { checks, notes, data };
    },
  },
  startup: {
    title: '5. Start-up',
    async run(pg) {
      const checks: Check[] = [];
      const data: Record<string, unknown> = {};
      const lite = await measureStartup({ runs: P.startup.runs });
      data.PGlite = lite;
      checks.push(
        {
          metric: `PGlite: \`relais start\` → /readyz 200, existing data dir (median of ${lite.runs})`,
          value: fmt(lite.startS.p50, ' s'),
          target: '< 3 s',
          met: lite.startS.p50 < 3,
        },
        {
          metric: 'PGlite: first start (creates and seeds the data dir)',
          value: fmt(lite.firstStartS, ' s'),
        },
      );
      if (pg && !quick) {
        // A migrated database of its own; the program opens its own pool.
        const fresh = await pg.freshDb(1);
        const r = await measureStartup({ runs: P.startup.runs, databaseUrl: fresh.url });
        await fresh.close();
        data.PostgreSQL = r;
        checks.push({
          metric: `PostgreSQL: \`relais start\` → /readyz 200 (median of ${r.runs})`,
          value: fmt(r.startS.p50, ' s'),
          target: '< 3 s',
          met: r.startS.p50 < 3,
        });
      }
      return { checks, notes: [], data };
    },
  },
  replies: {
    title: '6. Reply processing',
    async run(pg) {
      const checks: Check[] = [];
      const data: Record<string, unknown> = {};
      const one = async (label: string, db: Db) => {
        const r = await measureReplies(db, { mails: P.replies.mails });
        data[label] = r;
        checks.push(
          {
            metric: `${label}: reply mails received and applied on receipt (${r.mails}, 4 at once)`,
            value: fmt(r.receivedPerS, ' /s'),
          },
          {
            metric: `${label}: reply mails stored only (${r.mails}, the fallback)`,
            value: fmt(r.storedPerS, ' /s'),
          },
          {
            metric: `${label}: stored mails' ARs applied (receive jobs, concurrency ${r.workerConcurrency})`,
            value: fmt(r.appliedPerS, ' /s'),
          },
        );
      };
      const lite = await pglite();
      try {
        await one('PGlite', lite);
      } finally {
        await lite.close();
      }
      if (pg) {
        const db = await pg.freshDb(10);
        try {
          await one('PostgreSQL', db);
        } finally {
          await db.close();
        }
      }
      return { checks, notes: [], data };
    },
  },
};

async function main(): Promise<void> {
  const started = new Date();
  const t0 = performance.now();
  const machine = describeMachine();
  log(
    `Relais bench (${quick ? 'rapide' : 'complet'}) — ${machine.nproc} cœurs, ${machine.cpu}, Node ${machine.node}`,
  );
  const server = await startBenchPostgres();
  const pg = 'skipped' in server ? null : server;
  if (!pg) log(`⚠ PostgreSQL : ${(server as { skipped: string }).skipped}`);
  const sections: SectionResult[] = [];
  let crashed = false;
  try {
    for (const [key, suite] of Object.entries(suites)) {
      if (only && !only.includes(key)) continue;
      log(`▶ ${suite.title}`);
      const t = performance.now();
      try {
        const r = await suite.run(pg);
        sections.push({ title: suite.title, ...r, seconds: Math.round((performance.now() - t) / 100) / 10 });
      } catch (e) {
        crashed = true;
        log(`  ✖ ${(e as Error).stack ?? e}`);
        sections.push({
          title: suite.title,
          checks: [{ metric: 'run', value: `failed: ${(e as Error).message.slice(0, 200)}`, met: false }],
          notes: [],
          data: null,
          seconds: Math.round((performance.now() - t) / 100) / 10,
        });
      }
      for (const c of sections[sections.length - 1]!.checks)
        log(
          `  ${c.met === undefined ? ' ' : c.met ? '✓' : '✗'} ${c.metric}: ${c.value}${c.target ? ` (cible ${c.target})` : ''}`,
        );
    }
  } finally {
    await pg?.stop();
  }
  if (!pg)
    sections.push({
      title: 'PostgreSQL',
      checks: [
        {
          metric: 'PostgreSQL measurements',
          value: `skipped: ${(server as { skipped: string }).skipped}`,
          met: false,
        },
      ],
      notes: [],
      data: null,
      seconds: 0,
    });
  const report: BenchReport = {
    startedAt: started.toISOString(),
    mode: quick ? 'quick' : 'full',
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    machine,
    totalSeconds: Math.round((performance.now() - t0) / 1000),
    sections,
  };
  log(`JSON : ${path.relative(root, writeJson(root, report))}`);
  // Only a complete, full run replaces the figures of the documentation.
  if (!quick && !only) log(`Markdown : ${path.relative(root, writeDocs(root, report))}`);
  log(`Terminé en ${report.totalSeconds} s.`);
  process.exit(crashed ? 1 : 0);
}

await main();
