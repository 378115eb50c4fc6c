// A reply archive reads back, with the codec's safe reader, as the files given, in order, byte for byte,
// and is the same bytes each time it is made from the same files.
import { describe, expect, it } from 'vitest';
import { readArchiveFiles } from '../../../actes/protocol/index.ts';
import { MINIMAL_PDF } from '../test-support/test-archives.ts';
import { replyArchive } from './reply-archive.ts';

const files = [
  { name: 'PREF--SPREF0481-214800346-20250312-1.xml', bytes: Buffer.from('<EnveloppeMISILLCL/>') },
  { name: '048-214800346-20250311-M1-DE-1-2_1.xml', bytes: new Uint8Array(Buffer.from('<ARActe/>')) },
  { name: 'courrier.pdf', bytes: MINIMAL_PDF },
];

describe('replyArchive', () => {
  it('reads back as the files given, in order, byte for byte', async () => {
    const read = await readArchiveFiles(await replyArchive(files));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.files.map((f) => f.name)).toEqual(files.map((f) => f.name));
    for (const [i, f] of read.files.entries())
      expect(f.bytes.equals(Buffer.from(files[i]!.bytes))).toBe(true);
  });

  it('makes the same bytes from the same files', async () => {
    expect((await replyArchive(files)).equals(await replyArchive(files))).toBe(true);
  });
});
