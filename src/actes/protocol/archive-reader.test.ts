// The archive reader refuses hostile archives: path traversal, absolute paths, folders, links, special
// files, duplicates, too many entries, oversized entries and gzip bombs (stopped early).
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { type ArchiveLimits, readArchive, readArchiveFiles } from './archive-reader.ts';

type Entry = {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'fifo';
  body?: string;
  linkname?: string;
};

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = { name: e.name, type, ...(e.linkname ? { linkname: e.linkname } : {}) };
    if (type === 'file') pack.entry(header, e.body ?? 'x');
    else pack.entry(header).end(undefined);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function tgz(entries: Entry[]): Promise<Buffer> {
  return zlib.gzipSync(await tarOf(entries));
}

/** A tar header announcing `size` bytes (written by hand: the data never exists). */
async function headerWithSize(name: string, size: number): Promise<Buffer> {
  const header = Buffer.from((await tarOf([{ name, body: 'x' }])).subarray(0, 512));
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

async function refusal(bytes: Buffer, limits?: ArchiveLimits): Promise<{ code: string; message: string }> {
  const r = await readArchiveFiles(bytes, limits);
  if (r.ok) throw new Error(`expected a refusal, read ${r.files.map((f) => f.name).join(', ')}`);
  return { code: r.error.code, message: r.error.message };
}

describe('archive reader', () => {
  it('reads a flat archive, accepting the ./ prefix some tools write', async () => {
    const r = await readArchiveFiles(
      await tgz([
        { name: './', type: 'directory' },
        { name: './a.xml', body: 'A' },
        { name: 'b.pdf', body: 'BB' },
      ]),
    );
    expect(r.ok && r.files.map((f) => [f.name, f.bytes.toString()])).toEqual([
      ['a.xml', 'A'],
      ['b.pdf', 'BB'],
    ]);
  });

  it('refuses path traversal and absolute paths', async () => {
    expect(await refusal(await tgz([{ name: '../evil.xml' }]))).toMatchObject({
      code: 'ARCHIVE_UNSAFE_ENTRY',
      message: expect.stringContaining('« ../evil.xml »'),
    });
    expect((await refusal(await tgz([{ name: '/etc/cron.d/x' }]))).code).toBe('ARCHIVE_UNSAFE_ENTRY');
    expect((await refusal(await tgz([{ name: 'a/../../b' }]))).code).toBe('ARCHIVE_UNSAFE_ENTRY');
  });

  it('refuses folders and files inside folders', async () => {
    expect(await refusal(await tgz([{ name: 'docs/', type: 'directory' }]))).toMatchObject({
      message: expect.stringContaining('un dossier'),
    });
    expect((await refusal(await tgz([{ name: 'docs/a.pdf' }]))).code).toBe('ARCHIVE_UNSAFE_ENTRY');
  });

  it('refuses symbolic links, hard links and special files', async () => {
    expect(
      await refusal(await tgz([{ name: 'passwd', type: 'symlink', linkname: '/etc/passwd' }])),
    ).toMatchObject({
      code: 'ARCHIVE_UNSAFE_ENTRY',
      message: expect.stringContaining('un lien'),
    });
    expect((await refusal(await tgz([{ name: 'a' }, { name: 'b', type: 'link', linkname: 'a' }]))).code).toBe(
      'ARCHIVE_UNSAFE_ENTRY',
    );
    expect((await refusal(await tgz([{ name: 'pipe', type: 'fifo' }]))).message).toContain('fifo');
  });

  it('refuses the same name twice, even in another case', async () => {
    expect((await refusal(await tgz([{ name: 'a.xml' }, { name: 'a.xml' }]))).code).toBe(
      'ARCHIVE_DUPLICATE_NAME',
    );
    expect((await refusal(await tgz([{ name: 'a.xml' }, { name: 'A.XML' }]))).code).toBe(
      'ARCHIVE_DUPLICATE_NAME',
    );
  });

  it('refuses more entries than allowed', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.xml` }));
    expect(await refusal(await tgz(many), { maxEntries: 5 })).toMatchObject({
      code: 'ARCHIVE_TOO_MANY_ENTRIES',
      message: expect.stringContaining('plus de 5 fichiers'),
    });
    expect((await readArchiveFiles(await tgz(many.slice(0, 5)), { maxEntries: 5 })).ok).toBe(true);
  });

  it('refuses an entry that announces more bytes than allowed, before reading its data', async () => {
    const header = await headerWithSize('huge.pdf', 8 * 1024 ** 3 - 1);
    expect(
      await refusal(zlib.gzipSync(Buffer.concat([header, Buffer.alloc(4096)])), { maxEntryBytes: 1_000_000 }),
    ).toMatchObject({
      code: 'ARCHIVE_TOO_LARGE',
      message: expect.stringContaining('« huge.pdf »'),
    });
  });

  it('stops a gzip bomb early, counting decompressed bytes as they come', async () => {
    // A 1 GB entry made of 400 concatenated gzip members of 2.5 MB of zeros: about 1 MB compressed.
    const header = await headerWithSize('bomb.xml', 1_000_000_000);
    const member = zlib.gzipSync(Buffer.alloc(2_500_000), { level: 9 });
    const bomb = Buffer.concat([zlib.gzipSync(header), ...Array.from({ length: 400 }, () => member)]);
    let consumed = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < bomb.length; i += 16_384) {
          consumed += Math.min(16_384, bomb.length - i);
          yield bomb.subarray(i, i + 16_384);
        }
      })(),
    );
    const started = performance.now();
    const r = await readArchiveFiles(source, {
      maxUncompressedBytes: 20_000_000,
      maxEntryBytes: 2_000_000_000,
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain('contenu décompressé');
    expect(consumed).toBeLessThan(bomb.length / 4);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a compressed archive larger than allowed', async () => {
    expect(
      (await refusal(await tgz([{ name: 'a.xml', body: 'x'.repeat(10_000) }]), { maxCompressedBytes: 50 }))
        .code,
    ).toBe('ARCHIVE_TOO_LARGE');
  });

  it('reports a corrupt or truncated archive as such', async () => {
    expect(await refusal(Buffer.from('ceci n’est pas une archive'))).toMatchObject({
      code: 'ARCHIVE_CORRUPT',
      message: expect.stringContaining('illisible'),
    });
    const whole = await tgz([{ name: 'a.xml', body: 'x'.repeat(5000) }]);
    expect((await refusal(whole.subarray(0, whole.length - 20))).code).toBe('ARCHIVE_CORRUPT');
  });

  it('skips what a consumer leaves unread and goes on to the next entry', async () => {
    const names: string[] = [];
    for await (const entry of readArchive(
      Readable.from([await tgz([{ name: 'a.pdf', body: 'A'.repeat(100_000) }, { name: 'b.xml' }])]),
    )) {
      names.push(`${entry.name}:${entry.size}`);
    }
    expect(names).toEqual(['a.pdf:100000', 'b.xml:1']);
  });
});
