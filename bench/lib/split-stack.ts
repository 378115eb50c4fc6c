// The platform for the throughput bench on PostgreSQL as it is deployed: `relais start` (the bundle that
// `npm start` runs) twice or more over the same database and documents folder — one process with
// RELAIS_ROLES=web (the acts API, PDF checks), one or more with RELAIS_ROLES=worker (jobs, our SMTP reply
// receiver in the first, the ministry client with mutual TLS) — and the préfecture simulator in a process
// of its own (simulator-child.ts). The bench process keeps only the clients and its own database pool.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../../src/db/types.ts';
import { parisDate, systemClock } from '../../src/kernel/clock.ts';
import { claimDaily } from '../../src/workers/daily-schedules.ts';
import { createTestPki } from '../../test/support/test-pki.ts';
import { removeLater } from './cleanup.ts';
import { treeCpuS } from './cpu.ts';
import { agent } from './http-client.ts';
import { freePort } from './ports.ts';
import { addBenchCollectivites, type BenchCollectivite } from './stack.ts';

export interface SplitStack {
  baseUrl: string;
  collectivites: BenchCollectivite[];
  /** What runs where, for the report. */
  processes: string[];
  /** CPU seconds used so far by each of the platform's processes (with their children), by name. */
  cpuS(): Record<string, number | null>;
  stop(): Promise<void>;
}

export interface SplitStackOptions {
  collectivites: number;
  /** Worker processes (each with the platform's default slots); 0: one process with both roles. */
  workers: number;
  /** The database's URL, for the platform's processes. */
  databaseUrl: string;
}

const root = path.resolve(import.meta.dirname, '../..');

interface Child {
  name: string;
  proc: ChildProcess;
  stderr: () => string;
  exited: () => boolean;
}

function startChild(name: string, args: string[], env: Record<string, string>): Child {
  // RELAIS_BENCH_NODE_ARGS: options for each process's node, to find where time goes (`--cpu-prof
  // --cpu-prof-dir=DIR`, or `--perf-basic-prof` under `perf record -a`; see docs/benchmarks.md).
  const nodeArgs = (process.env.RELAIS_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let exited = false;
  proc.stderr?.on('data', (d: Buffer) => {
    if (err.length < 8000) err += d.toString();
  });
  proc.once('exit', () => (exited = true));
  if (process.env.RELAIS_BENCH_CHILD_OUT)
    proc.stdout?.on('data', (d: Buffer) =>
      appendFileSync(`${process.env.RELAIS_BENCH_CHILD_OUT}/${proc.pid}.out`, d),
    );
  return { name, proc, stderr: () => err, exited: () => exited };
}

async function waitFor(child: Child, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const t = Date.now();
  for (;;) {
    if (child.exited()) throw new Error(`${child.name} s’est arrêté : ${child.stderr().slice(0, 2000)}`);
    if (await ready()) return;
    if (Date.now() - t > timeoutMs) throw new Error(`${child.name} : pas prêt en ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** GET answering 200, on a connection closed afterwards (a kept one would hold up the graceful stop). */
const ready = (url: string) =>
  new Promise<boolean>((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once('error', () => resolve(false));
  });

async function stopChild(c: Child): Promise<void> {
  if (c.exited()) return;
  const done = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 20_000);
  await done;
  clearTimeout(timer);
}

export async function startSplitStack(db: Db, o: SplitStackOptions): Promise<SplitStack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-split-'));
  const children: Child[] = [];
  const stop = async () => {
    // Nothing may keep a graceful stop waiting: the clients' kept-alive connections to the web process are
    // closed first, then the simulator (it keeps SMTP connections open to the worker's receiver), then the
    // workers, then the web process.
    agent.destroy();
    for (const c of children.slice(0, 1).concat(children.slice(1).reverse())) await stopChild(c);
    removeLater(dir);
  };
  try {
    const collectivites = await addBenchCollectivites(db, o.collectivites);
    // The day's classification refresh (a 7-1 per collectivité, the demo's 89 included) counts as done,
    // as on a server already running that day: the bench measures acts, not the daily start-up chores.
    await claimDaily(db, 'classify-all', parisDate(systemClock.now()));
    const pki = await createTestPki();
    const file = (name: string, text: string) => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const serverCert = file('serveur.pem', pki.server.certPem);
    const clientCert = file('client.pem', pki.client.certPem);
    const clientKey = file('client-cle.pem', pki.client.keyPem);
    const smtpPorts = await Promise.all(Array.from({ length: Math.max(1, o.workers) }, () => freePort()));
    const httpPort = await freePort();
    const intakePort = await freePort();
    const intakeUrl = `https://127.0.0.1:${intakePort}/depot`;

    // The préfecture: its own process, replying by SMTP to the first worker's receiver.
    const simulator = startChild(
      'simulateur',
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'simulator-child.ts'),
        JSON.stringify({
          dataDir: path.join(dir, 'simulateur'),
          certPem: pki.server.certPem,
          keyPem: pki.server.keyPem,
          pinnedClientCertPem: pki.client.certPem,
          sirens: collectivites.map((c) => c.siren),
          smtp: `smtp://127.0.0.1:${smtpPorts[0]}`,
          intakePort,
        }),
      ],
      {},
    );
    children.push(simulator);
    let out = '';
    simulator.proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));

    // Relais: the configuration a deployment gives through the environment (docs/exploitation.md).
    const env = (roles: string, smtpPort: number): Record<string, string> => ({
      DATABASE_URL: o.databaseUrl,
      RELAIS_MODE: 'demo',
      RELAIS_ROLES: roles,
      RELAIS_DATA_DIR: path.join(dir, 'relais'),
      RELAIS_HTTP_HOST: '127.0.0.1',
      RELAIS_HTTP_PORT: String(httpPort),
      RELAIS_TLS: 'off',
      RELAIS_LOG_LEVEL: process.env.RELAIS_BENCH_LOG ?? 'warn',
      RELAIS_MINISTRY_URL: intakeUrl,
      RELAIS_MINISTRY_CLIENT_CERT: clientCert,
      RELAIS_MINISTRY_CLIENT_KEY: clientKey,
      RELAIS_MINISTRY_SERVER_CERT: serverCert,
      RELAIS_MINISTRY_TIMEOUT_S: '60',
      RELAIS_SMTP_RECEIVER_PORT: String(smtpPort),
      RELAIS_SIMULATOR_CONSOLE_PORT: '0',
    });
    // The web process starts while the simulator does; the workers after the web process: each start
    // migrates and seeds the demo data when missing.
    // workers: 0 is the default deployment, one `relais start` with both roles (RELAIS_ROLES=web,worker).
    const web =
      o.workers === 0
        ? startChild('relais (web + worker)', ['bin/relais.mjs', 'start'], env('web,worker', smtpPorts[0]!))
        : startChild('relais (web)', ['bin/relais.mjs', 'start'], env('web', 0));
    children.push(web);
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    await waitFor(web, () => ready(`${baseUrl}/readyz`));
    if (o.workers === 0) await waitFor(web, () => listening(smtpPorts[0]!));
    // The simulator started meanwhile, on the port chosen for it.
    await waitFor(simulator, async () => out.includes('{"intakeUrl"'));
    const listened = (JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!) as { intakeUrl: string })
      .intakeUrl;
    if (listened !== intakeUrl) throw new Error(`simulateur : dépôt sur ${listened}, attendu ${intakeUrl}`);
    for (let i = 0; i < o.workers; i++) {
      const w = startChild(
        `relais (worker ${i + 1})`,
        ['bin/relais.mjs', 'start'],
        env('worker', smtpPorts[i]!),
      );
      children.push(w);
      await waitFor(w, () => listening(smtpPorts[i]!));
    }
    return {
      baseUrl,
      collectivites,
      processes: [
        'bench: 20 clients',
        o.workers === 0 ? 'relais start, RELAIS_ROLES=web,worker' : 'relais start, RELAIS_ROLES=web',
        ...Array.from({ length: o.workers }, () => 'relais start, RELAIS_ROLES=worker'),
        'simulator',
      ],
      cpuS: () => Object.fromEntries(children.map((c) => [c.name, c.proc.pid ? treeCpuS(c.proc.pid) : null])),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
