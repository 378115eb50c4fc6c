// The archive writer: a flat, deterministic tar.gz that tar and zlib read, documents streamed in
// constant memory, PDFs stored rather than deflated, and the 150 MB limit enforced with a clear error.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import zlib from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError } from './archive-error.ts';
import { readArchiveFiles } from './archive-reader.ts';
import { type ArchiveMember, createArchiveStream, memberHeader, writeArchive } from './archive-writer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'relais-archive-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));

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

/** The tar that tar-stream packs for the same files: what the gunzipped archive must be, byte for byte. */
async function packedTar(files: readonly { name: string; bytes: Buffer }[], mtime = 0): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const f of files) pack.entry(memberHeader(f.name, f.bytes.length, new Date(mtime * 1000)), f.bytes);
  pack.finalize();
  return toBuffer(pack as unknown as Readable);
}

/** Walks a deflate stream made only of stored blocks; returns their lengths (throws on anything else). */
function storedBlockLengths(gzip: Buffer): number[] {
  const lengths: number[] = [];
  let at = 10;
  while (gzip[at] === 0x00) {
    const len = gzip.readUInt16LE(at + 1);
    expect(gzip.readUInt16LE(at + 3)).toBe(~len & 0xffff);
    lengths.push(len);
    at += 5 + len;
  }
  expect(gzip.subarray(at, at + 2)).toEqual(Buffer.from([0x03, 0x00])); // the final empty block
  expect(gzip.length).toBe(at + 2 + 8);
  return lengths;
}

function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
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

  it('gathers a stored member that arrives in tiny chunks into full blocks, and reads back the same', async () => {
    const small = pdf.subarray(0, 50_000);
    // A source handing over a few bytes at a time, reusing one buffer (as some readers do).
    async function* trickle() {
      const reused = Buffer.alloc(7);
      for (let at = 0; at < small.length; at += 7) {
        const n = small.copy(reused, 0, at, Math.min(at + 7, small.length));
        yield reused.subarray(0, n);
      }
    }
    const name = '99_AU-079-217901230-20240115-DEL2024_01-DE-1-1_2.pdf';
    const bytes = await toBuffer(createArchiveStream([{ name, size: small.length, content: trickle() }]));
    // One block header per 64 KiB at most, not one per 7-byte chunk.
    expect(bytes.length).toBeLessThan(small.length + 3_000);
    const back = await readArchiveFiles(bytes);
    if (!back.ok) throw back.error;
    expect(back.files.map((f) => f.name)).toEqual([name]);
    expect(back.files[0]!.bytes.equals(small)).toBe(true);
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

  it('writes stored blocks of at most 65535 bytes, around PDFs of 65535, 65536 and 200 000 bytes', async () => {
    for (const size of [0, 1, 65_535, 65_536, 200_000]) {
      const bytes = randomBytes(size);
      const name = `${size}.pdf`;
      for (const content of [bytes, Readable.from([bytes]), chunked(bytes, 65_536), chunked(bytes, 1000)]) {
        const gzip = await toBuffer(createArchiveStream([{ name, size, content }]));
        const lengths = storedBlockLengths(gzip);
        expect(Math.max(...lengths)).toBeLessThanOrEqual(65_535);
        expect(lengths.reduce((a, b) => a + b, 0)).toBe(512 + size + ((512 - (size % 512)) % 512) + 1024);
        expect(zlib.gunzipSync(gzip).equals(await packedTar([{ name, bytes }]))).toBe(true);
      }
    }
  });

  it('is the tar that tar-stream packs, and gzip -t and tar -tzf accept it, whatever the order of stored and deflated members', async () => {
    const files = [
      { name: 'a.xml', bytes: xml },
      { name: 'b.pdf', bytes: pdf },
      { name: 'c.xml', bytes: Buffer.alloc(0) },
      { name: 'd.pdf', bytes: pdf.subarray(0, 65_536) },
      { name: `${'é'.repeat(60)}.xml`, bytes: xml.subarray(0, 513) },
      { name: `${'p'.repeat(150)}.pdf`, bytes: pdf.subarray(0, 511) },
    ];
    const orders = [
      [0, 1, 2, 3, 4, 5],
      [1, 3, 5, 0, 2, 4],
      [1, 0, 3, 2, 5, 4],
      [0, 2, 4, 1, 3, 5],
      [1],
      [0],
      [3, 1],
      [4, 0],
    ];
    for (const [i, order] of orders.entries()) {
      const chosen = order.map((k) => files[k]!);
      // In memory, then streamed in uneven chunks (the XML through a zlib stream).
      for (const streamed of [false, true]) {
        const archive = await toBuffer(
          createArchiveStream(
            chosen.map((f) => ({
              name: f.name,
              size: f.bytes.length,
              content: streamed ? chunked(f.bytes, 7_000) : f.bytes,
            })),
            { mtime: 1705312800 },
          ),
        );
        expect(zlib.gunzipSync(archive).equals(await packedTar(chosen, 1705312800))).toBe(true);
        const file = path.join(dir, `order-${i}-${streamed}.tar.gz`);
        writeFileSync(file, archive);
        execFileSync('gzip', ['-t', file]);
        expect(execFileSync('tar', ['-tzf', file]).toString()).toBe(
          `${chosen.map((f) => f.name).join('\n')}\n`,
        );
      }
    }
  });

  it('deflates a streamed XML document as well as one in memory', async () => {
    const big = Buffer.concat(Array.from({ length: 40 }, () => xml));
    const inMemory = await toBuffer(createArchiveStream([{ name: 'm.xml', size: big.length, content: big }]));
    const streamed = await toBuffer(
      createArchiveStream([{ name: 'm.xml', size: big.length, content: chunked(big, 4096) }]),
    );
    expect(streamed.length).toBeLessThan(big.length / 10);
    expect(zlib.gunzipSync(streamed).equals(zlib.gunzipSync(inMemory))).toBe(true);
    expect(zlib.gunzipSync(streamed).equals(await packedTar([{ name: 'm.xml', bytes: big }]))).toBe(true);
    // Over 4 MiB, even in memory, it goes through the zlib stream too.
    const huge = Buffer.concat(Array.from({ length: 700 }, () => xml));
    expect(huge.length).toBeGreaterThan(4 * 1024 * 1024);
    const deflated = await toBuffer(
      createArchiveStream([{ name: 'm.xml', size: huge.length, content: huge }, members()[2]!]),
    );
    expect(
      zlib.gunzipSync(deflated).equals(
        await packedTar([
          { name: 'm.xml', bytes: huge },
          { name: members()[2]!.name, bytes: pdf },
        ]),
      ),
    ).toBe(true);
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

  it('refuses a document shorter or longer than the size announced, stored or deflated, streamed or not', async () => {
    for (const name of ['a.pdf', 'a.xml']) {
      for (const size of [4, 6, 70_000]) {
        for (const content of [
          Buffer.from('12345'),
          Readable.from([Buffer.from('12'), Buffer.from('345')]),
        ]) {
          const e = await archiveError(toBuffer(createArchiveStream([{ name, size, content }])));
          expect(e.code).toBe('ARCHIVE_SIZE_MISMATCH');
          expect(e.message).toBe(`Le fichier « ${name} » n'a pas la taille annoncée (${size} octets).`);
        }
      }
    }
  });

  it('does not pass on the bytes beyond the size announced', async () => {
    const out: Buffer[] = [];
    const stream = createArchiveStream([
      { name: 'a.pdf', size: 3, content: Readable.from([Buffer.from('abc'), Buffer.from('SECRET')]) },
    ]);
    await expect(
      (async () => {
        for await (const c of stream) out.push(c as Buffer);
      })(),
    ).rejects.toThrow(ArchiveError);
    expect(Buffer.concat(out).includes('SECRET')).toBe(false);
  });

  it('says which document could not be read', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disque illisible'));
      },
    });
    const e = await archiveError(
      toBuffer(createArchiveStream([{ name: 'a.pdf', size: 10, content: failing }])),
    );
    expect(e.code).toBe('ARCHIVE_SIZE_MISMATCH');
    expect(e.message).toBe("Le fichier « a.pdf » n'a pas pu être lu : disque illisible");
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
