// The archive writer: a flat, deterministic tar.gz that tar and zlib read, documents streamed in
// constant memory, PDFs stored rather than deflated, and the 150 MB limit enforced with a clear error.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError } from './archive-error.ts';
import { readArchiveFiles } from './archive-reader.ts';
import { type ArchiveMember, createArchiveStream, writeArchive } from './archive-writer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'relais-archive-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const xml = Buffer.from(
  `<?xml version="1.0" encoding="ISO-8859-1"?>\n${'<actes:Email>a@b.fr</actes:Email>\n'.repeat(200)}`,
);
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300_000)]);

function members(): ArchiveMember[] {
  return [
    { name: 'EACT--217901230--20240115-1.xml', size: xml.length, content: xml },
    {
      name: '079-217901230-20240115-DEL2024_01-DE-1-1_0.xml',
      size: xml.length,
      content: Readable.from([xml.subarray(0, 10), xml.subarray(10)]),
    },
    {
      name: '99_DE-079-217901230-20240115-DEL2024_01-DE-1-1_1.pdf',
      size: pdf.length,
      content: Readable.from([pdf]),
    },
  ];
}

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function archiveError(promise: Promise<unknown>): Promise<ArchiveError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('expected an ArchiveError');
}

describe('archive writer', () => {
  it('writes a flat tar.gz that tar lists with fixed owner, mode and time, in the given order', async () => {
    const file = path.join(dir, 'a.tar.gz');
    writeFileSync(file, await toBuffer(createArchiveStream(members(), { mtime: 1705312800 })));
    const listing = execFileSync('tar', ['--numeric-owner', '--utc', '-tvzf', file])
      .toString()
      .trim()
      .split('\n');
    expect(listing).toHaveLength(3);
    for (const line of listing) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 2024-01-15 10:00 /);
    expect(execFileSync('tar', ['tzf', file]).toString()).toBe(
      `${members()
        .map((m) => m.name)
        .join('\n')}\n`,
    );
    const out = path.join(dir, 'x');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['xzf', file, '-C', out]);
    expect(readFileSync(path.join(out, members()[2]!.name)).equals(pdf)).toBe(true);
  });

  it('is one gzip member that zlib reads, ending with the two zero blocks of tar', async () => {
    const bytes = await toBuffer(createArchiveStream(members()));
    const tar = zlib.gunzipSync(bytes);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
    // A single member: the trailer's ISIZE is the whole tar length.
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(tar.length);
    const r = await readArchiveFiles(bytes);
    expect(r.ok && r.files.map((f) => f.bytes.length)).toEqual([xml.length, xml.length, pdf.length]);
  });

  it('gives the same bytes for the same input, and the hash of what it wrote', async () => {
    const a = await toBuffer(createArchiveStream(members(), { mtime: 0 }));
    const b = await toBuffer(createArchiveStream(members(), { mtime: 0 }));
    expect(a.equals(b)).toBe(true);
    const sink: Buffer[] = [];
    const r = await writeArchive(
      members(),
      new Writable({
        write(c, _e, done) {
          sink.push(c);
          done();
        },
      }),
    );
    expect(r.bytes).toBe(a.length);
    expect(Buffer.concat(sink).equals(a)).toBe(true);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stores PDFs instead of deflating them, and compresses XML', async () => {
    const onlyPdf = await toBuffer(createArchiveStream([members()[2]!]));
    expect(onlyPdf.length).toBeGreaterThan(pdf.length);
    expect(onlyPdf.length).toBeLessThan(pdf.length + 3_000);
    const onlyXml = await toBuffer(createArchiveStream([members()[0]!]));
    expect(onlyXml.length).toBeLessThan(xml.length / 10);
    const forced = await toBuffer(createArchiveStream([{ ...members()[0]!, compression: 'store' }]));
    expect(forced.length).toBeGreaterThan(xml.length);
  });

  it('writes an empty archive that tar still reads', async () => {
    const bytes = await toBuffer(createArchiveStream([]));
    expect(zlib.gunzipSync(bytes)).toEqual(Buffer.alloc(1024));
  });

  it('streams a large document in constant memory', async () => {
    const block = randomBytes(1 << 20);
    const size = 120 * block.length;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 120; i++) yield block;
      })(),
    );
    let peak = 0;
    const start = process.memoryUsage().rss;
    let written = 0;
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        written += chunk.length;
        peak = Math.max(peak, process.memoryUsage().rss - start);
        done();
      },
    });
    await writeArchive([{ name: 'big.pdf', size, content: source }], sink);
    expect(written).toBeGreaterThan(size);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses more than 150 MB of stored documents before writing anything, saying what to do', async () => {
    const e = await archiveError(
      toBuffer(createArchiveStream([{ name: 'a.pdf', size: 151_000_000, content: Readable.from([]) }])),
    );
    expect(e.code).toBe('ARCHIVE_TOO_LARGE');
    expect(e.message).toContain('150 Mo');
    expect(e.message).toContain('papier');
  });

  it('stops as soon as the compressed output passes the limit', async () => {
    const e = await archiveError(
      toBuffer(
        createArchiveStream([{ name: 'noise.xml', size: pdf.length, content: pdf }], { maxBytes: 100_000 }),
      ),
    );
    expect(e.code).toBe('ARCHIVE_TOO_LARGE');
  });

  it('refuses a document whose length differs from the size announced', async () => {
    const e = await archiveError(
      toBuffer(
        createArchiveStream([{ name: 'a.pdf', size: 10, content: Readable.from([Buffer.from('12345')]) }]),
      ),
    );
    expect(e.code).toBe('ARCHIVE_SIZE_MISMATCH');
    expect(e.message).toContain('« a.pdf »');
  });

  it('refuses folders, empty names and duplicates', async () => {
    const one = (name: string) => ({ name, size: 1, content: Buffer.from('x') });
    expect((await archiveError(toBuffer(createArchiveStream([one('a/b.pdf')])))).code).toBe(
      'ARCHIVE_BAD_NAME',
    );
    expect((await archiveError(toBuffer(createArchiveStream([one('')])))).code).toBe('ARCHIVE_BAD_NAME');
    expect((await archiveError(toBuffer(createArchiveStream([one('..')])))).code).toBe('ARCHIVE_BAD_NAME');
    expect((await archiveError(toBuffer(createArchiveStream([one('a.xml'), one('a.xml')])))).code).toBe(
      'ARCHIVE_DUPLICATE_NAME',
    );
  });
});
