// The floor under the throughput target: the acts' bytes through the same kinds of I/O with none of
// Relais's work (bench/lib/floor-child.ts): 20 clients upload each act's multipart body over HTTP to a
// "platform" process, which stores it (SHA-256, fsync), posts it over HTTPS with mutual TLS to a
// "préfecture" process, which stores it and replies by SMTP; the platform stores the reply (fsync).
// What this costs per act on this machine bounds what any design keeping those steps can reach.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestPki } from '../../test/support/test-pki.ts';
import { removeLater } from '../lib/cleanup.ts';
import { treeCpuS } from '../lib/cpu.ts';
import { multipart, request } from '../lib/http-client.ts';
import { freePort } from '../lib/ports.ts';
import { round } from '../lib/stats.ts';
import { type ActFiles, filesOf } from './throughput.ts';

export interface FloorResult {
  acts: number;
  replies: number;
  wallS: number;
  actsPerS: number;
  /** CPU time per act, ms: each process (the bench's is the clients). */
  cpuMsPerAct: Record<string, number | null>;
  cpuMsPerActTotal: number | null;
}

const replies = (port: number) =>
  new Promise<number>((resolve) => {
    const req = get(`http://127.0.0.1:${port}/`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve((JSON.parse(text) as { replies: number }).replies));
    });
    req.once('error', () => resolve(-1));
  });

export async function measureFloor(
  files: ActFiles,
  o: { acts: number; clients: number; warmup: number },
): Promise<FloorResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-floor-'));
  removeLater(dir);
  const pki = await createTestPki();
  const [httpPort, httpsPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const base = {
    httpPort,
    httpsPort,
    smtpPort,
    serverCert: pki.server.certPem,
    serverKey: pki.server.keyPem,
    clientCert: pki.client.certPem,
    clientKey: pki.client.keyPem,
    caCert: pki.ca.certPem,
  };
  const children: Record<string, ChildProcess> = {};
  const start = (role: 'platform' | 'prefecture') =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(import.meta.dirname, '../lib/floor-child.ts'),
          JSON.stringify({ ...base, role, dir: path.join(dir, role) }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      children[role] = child;
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`plancher (${role}) : arrêt ${code}`)));
    });
  try {
    await Promise.all([start('platform'), start('prefecture')]);
    const url = `http://127.0.0.1:${httpPort}/actes`;
    let sent = 0;
    const upload = async (first: number, count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: o.clients }, async () => {
          for (;;) {
            const n = next++;
            if (n >= count) return;
            const m = multipart({ metadata: '{}' }, filesOf(files, first + n));
            const r = await request(url, {
              method: 'POST',
              headers: { 'content-type': m.contentType },
              body: m.body,
            });
            if (r.status !== 201) throw new Error(`plancher : dépôt ${r.status}`);
            sent++;
          }
        }),
      );
      for (const deadline = Date.now() + 120_000; (await replies(httpPort)) < sent && Date.now() < deadline; )
        await new Promise((r) => setTimeout(r, 50));
    };
    await upload(100_000, o.warmup);
    const cpu = () => ({
      bench: process.cpuUsage(),
      platform: treeCpuS(children.platform!.pid!),
      prefecture: treeCpuS(children.prefecture!.pid!),
    });
    const c0 = cpu();
    const t = performance.now();
    await upload(200_000, o.acts);
    const wallS = (performance.now() - t) / 1000;
    const c1 = cpu();
    const got = (await replies(httpPort)) - o.warmup;
    const per = (a: number | null, b: number | null) =>
      a === null || b === null ? null : round(((b - a) * 1000) / o.acts);
    const bench = process.cpuUsage(c0.bench);
    const byProcess = {
      'bench (clients)': round((bench.user + bench.system) / 1000 / o.acts),
      plateforme: per(c0.platform, c1.platform),
      préfecture: per(c0.prefecture, c1.prefecture),
    };
    const values = Object.values(byProcess);
    return {
      acts: o.acts,
      replies: got,
      wallS: round(wallS),
      actsPerS: round(got / wallS),
      cpuMsPerAct: byProcess,
      cpuMsPerActTotal: values.some((v) => v === null) ? null : round(values.reduce((a, b) => a! + b!, 0)!),
    };
  } finally {
    for (const c of Object.values(children)) c.kill('SIGTERM');
  }
}
