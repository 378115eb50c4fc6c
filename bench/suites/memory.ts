// Memory: one 145 MB act uploaded, built, sent and acknowledged in a fresh child process (memory-child.ts),
// whose peak RSS (VmHWM, reset just before the upload) is compared with its RSS at rest.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeBenchPdf } from '../data/pdf.ts';
import { removeLater } from '../lib/cleanup.ts';
import { round } from '../lib/stats.ts';

export interface MemoryResult {
  database: string;
  actMb: number;
  rssBeforeMb: number;
  peakMb: number;
  increaseMb: number;
  sampledPeakMb: number;
  uploadS: number;
  totalS: number;
}

const MB = 1024 * 1024;

export async function measureMemory(o: { actMb: number; databaseUrl?: string }): Promise<MemoryResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-bench-mem-'));
  const pdf = path.join(dir, 'plu.pdf');
  writeFileSync(pdf, (await makeBenchPdf(o.actMb * 1e6, 'Plan local d’urbanisme')).bytes);
  try {
    const child = path.resolve(import.meta.dirname, 'memory-child.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', child, pdf],
      {
        env: { ...process.env, RELAIS_BENCH_MEMORY_DATABASE_URL: o.databaseUrl ?? '' },
        maxBuffer: 16 * MB,
        timeout: 600_000,
      },
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
      actBytes: number;
      rssBefore: number;
      peak: number;
      sampledPeak: number;
      uploadS: number;
      totalS: number;
    };
    return {
      database: o.databaseUrl ? 'PostgreSQL' : 'PGlite',
      actMb: round(r.actBytes / 1e6),
      rssBeforeMb: round(r.rssBefore / MB),
      peakMb: round(r.peak / MB),
      increaseMb: round((r.peak - r.rssBefore) / MB),
      sampledPeakMb: round(r.sampledPeak / MB),
      uploadS: round(r.uploadS),
      totalS: round(r.totalS),
    };
  } finally {
    removeLater(dir);
  }
}
