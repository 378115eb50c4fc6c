// Child process of the memory benchmark: the whole stack in a fresh process, one large act uploaded by
// HTTP (streamed from disk), built, sent and acknowledged; prints its RSS figures as one JSON line.
// Run by memory.ts with: node --expose-gc --import tsx bench/suites/memory-child.ts PDF_PATH
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { migrate, openPglite, openPostgres } from '../../src/db/index.ts';
import { startBenchStack } from '../lib/stack.ts';

const pdfPath = process.argv[2]!;
const size = statSync(pdfPath).size;

function status(): { rss: number; hwm: number } {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}

const url = process.env.RELAIS_BENCH_MEMORY_DATABASE_URL;
const db = url ? await openPostgres(url, 10) : await openPglite({});
if (!url) await migrate(db);
const stack = await startBenchStack(db, { collectivites: 1, wake: true });
const c = stack.collectivites[0]!;

function upload(): Promise<{ status: number; body: string }> {
  const boundary = '----relaisbenchmemory';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify({
      numeroInterne: 'GROS_1',
      nature: 'DE',
      decisionDate: '2026-11-20',
      objet: "Plan local d'urbanisme : dossier complet",
      classification: '5.2',
    })}\r\n--${boundary}\r\nContent-Disposition: form-data; name="99_DE"; filename="plu.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${stack.baseUrl}/api/v1/collectivites/${c.id}/actes`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${c.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(pdfPath);
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
  });
}

global.gc?.();
await new Promise((r) => setTimeout(r, 500));
global.gc?.();
const before = status();
// Resets VmHWM to the current RSS (Linux ≥ 4.0), so that the peak is the act's own.
let hwmReset = true;
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  hwmReset = false;
}
let sampledPeak = before.rss;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, status().rss);
}, 20);
const t = performance.now();
const created = await upload();
if (created.status !== 201) throw new Error(`upload ${created.status} ${created.body.slice(0, 500)}`);
const uploadS = (performance.now() - t) / 1000;
const id = (JSON.parse(created.body) as { id: string }).id;
const sent = await fetch(`${stack.baseUrl}/api/v1/collectivites/${c.id}/actes/${id}/envoi`, {
  method: 'POST',
  headers: { authorization: `Bearer ${c.token}` },
});
if (sent.status !== 200) throw new Error(`envoi ${sent.status} ${await sent.text()}`);
let state = '';
while (state !== 'acknowledged') {
  const r = await db.query<{ state: string; last_error: string | null }>(
    'select state, last_error from acts where id = $1',
    [id],
  );
  state = r.rows[0]!.state;
  if (state === 'error' || state === 'refused') throw new Error(`état ${state} : ${r.rows[0]!.last_error}`);
  if (performance.now() - t > 300_000) throw new Error('délai dépassé');
  await new Promise((r) => setTimeout(r, 50));
}
clearInterval(sampler);
const after = status();
const totalS = (performance.now() - t) / 1000;
await stack.stop();
await db.close();
console.log(
  JSON.stringify({
    actBytes: size,
    rssBefore: before.rss,
    peak: hwmReset ? after.hwm : sampledPeak,
    sampledPeak,
    hwmReset,
    uploadS,
    totalS,
  }),
);
process.exit(0);
