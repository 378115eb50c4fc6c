// Measures checkPdf and stampPdf on a large generated PDF, each in a fresh process run under GNU time so
// that the peak RSS reported covers the pdfjs child process too (the largest process of the run).
// Run: npx tsx src/actes/stamp/measure-pdf.ts [MB, default 50]   (needs /usr/bin/time for memory)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPdf } from '../../documents/pdf-check.ts';
import { writeLargePdf } from './fixtures/large-pdf.ts';
import { stampPdf } from './stamp-pdf.ts';

const [mode, file] = process.argv.slice(2);
const MB = 1024 * 1024;

/** The same file with a wrong startxref: pdfjs must rebuild the cross-reference by scanning it all. */
function breakXref(source: string): string {
  const bytes = readFileSync(source);
  const broken = `${source}.broken.pdf`;
  const cut = bytes.lastIndexOf('startxref');
  writeFileSync(broken, Buffer.concat([bytes.subarray(0, cut), Buffer.from('startxref\n9\n%%EOF\n')]));
  return broken;
}

async function measureOne(pdf: string): Promise<void> {
  const started = performance.now();
  let result: unknown;
  if (mode === 'check') result = await checkPdf({ path: pdf });
  else if (mode === 'stamp') {
    const stamped = await stampPdf(readFileSync(pdf), {
      sentDate: '2024-01-15',
      receiptDate: '2024-01-16',
      idActe: '034-213400000-20240115-DEL2024_017-DE',
      isSimulated: false,
    });
    result = { incrementBytes: stamped.increment.length };
  }
  console.log(JSON.stringify({ mode, ms: Math.round(performance.now() - started), result }));
}

function run(args: string[]): void {
  const hasTime = existsSync('/usr/bin/time');
  const command = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', 'peak RSS %M KB', process.execPath, ...args] : args;
  const { stdout, stderr } = spawnSync(command, argv, { encoding: 'utf8' });
  const rss = /peak RSS (\d+) KB/.exec(stderr)?.[1];
  process.stdout.write(
    `${stdout.trim()}  peak RSS: ${rss ? `${Math.round(Number(rss) / 1024)} MB` : 'n/a'}\n`,
  );
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 50);
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-measure-pdf-'));
  try {
    const big = path.join(dir, 'acte.pdf');
    await writeLargePdf(big, megabytes);
    const broken = breakXref(big);
    console.log(
      `PDF: ${(statSync(big).size / MB).toFixed(1)} MB, ${megabytes} pages, Node ${process.version}`,
    );
    const self = fileURLToPath(import.meta.url);
    run(['--import', 'tsx', '-e', 'console.log(JSON.stringify({ mode: "node + tsx alone" }))']);
    run(['--import', 'tsx', self, 'check', big]);
    run(['--import', 'tsx', self, 'check', broken]);
    run(['--import', 'tsx', self, 'stamp', big]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (mode && file) await measureOne(file);
else await main();
