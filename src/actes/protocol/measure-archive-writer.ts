// Measures the archive writer against `tar czf` on the same files (not part of the codec: a script).
// Run: npx tsx src/actes/protocol/measure-archive-writer.ts [MB of PDF, default 100]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ArchiveMember, type MemberCompression, writeArchive } from './archive-writer.ts';

const pdfMegabytes = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(path.join(tmpdir(), 'relais-archive-'));

function fakePdf(megabytes: number): Buffer {
  // Real PDFs are mostly Flate/JPEG streams: random bytes between a few lines of PDF syntax.
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  for (let i = 0; i < megabytes; i++) {
    parts.push(
      Buffer.from(`${i + 1} 0 obj << /Length 1048576 /Filter /FlateDecode >> stream\n`),
      randomBytes(1 << 20),
    );
    parts.push(Buffer.from('\nendstream endobj\n'));
  }
  return Buffer.concat(parts);
}

const files = {
  'EACT--217901234--20240115-1.xml': Buffer.from(
    `<?xml version="1.0"?>\n${'<actes:Email>a@b.fr</actes:Email>\n'.repeat(20)}`,
  ),
  '079-217901234-20240115-DEL2024_01-DE-1-1_0.xml': Buffer.from(
    `<?xml version="1.0"?>\n${'<actes:Objet>Objet</actes:Objet>\n'.repeat(50)}`,
  ),
  '99_DE-079-217901234-20240115-DEL2024_01-DE-1-1_1.pdf': fakePdf(Math.ceil(pdfMegabytes * 0.7)),
  '99_DE-079-217901234-20240115-DEL2024_01-DE-1-1_2.pdf': fakePdf(Math.floor(pdfMegabytes * 0.3)),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
const inputBytes = Object.values(files).reduce((n, b) => n + b.length, 0);

function members(pdf?: MemberCompression): ArchiveMember[] {
  return Object.keys(files).map((name) => ({
    name,
    size: statSync(path.join(dir, name)).size,
    content: createReadStream(path.join(dir, name)),
    ...(pdf && name.endsWith('.pdf') ? { compression: pdf } : {}),
  }));
}

function report(label: string, ms: number, outBytes: number): void {
  const mbps = inputBytes / 1e6 / (ms / 1000);
  console.log(
    `${label.padEnd(34)} ${mbps.toFixed(0).padStart(5)} MB/s  ${(ms / 1000).toFixed(2)} s  → ${(outBytes / 1e6).toFixed(1)} MB`,
  );
}

console.log(`input: ${(inputBytes / 1e6).toFixed(1)} MB (2 XML + 2 PDF), Node ${process.version}`);
for (const [label, pdf] of [
  ['relais (PDF stored, XML level 6)', undefined],
  ['relais (PDF level 1)', 'fast'],
  ['relais (everything level 6)', 'normal'],
] as const) {
  const out = path.join(dir, 'out.tar.gz');
  const t = performance.now();
  const r = await writeArchive(members(pdf), createWriteStream(out), { mtime: 0, maxBytes: 10 * inputBytes });
  report(label, performance.now() - t, r.bytes);
}
const names = Object.keys(files);
for (const [label, command] of [
  ['tar czf (gzip -6)', ['tar', 'czf', path.join(dir, 'ref.tar.gz'), '-C', dir, ...names]],
  [
    'tar cf - | gzip -1',
    ['sh', '-c', `tar cf - -C "${dir}" ${names.join(' ')} | gzip -1 > "${path.join(dir, 'ref.tar.gz')}"`],
  ],
] as const) {
  const t = performance.now();
  execFileSync(command[0], command.slice(1));
  report(label, performance.now() - t, statSync(path.join(dir, 'ref.tar.gz')).size);
}
rmSync(dir, { recursive: true, force: true });
