// Our ustar header against its oracle: the bytes tar-stream's pack writes for the same member.

import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { memberHeader } from './archive-writer.ts';
import { tarHeader, tarPadding } from './tar-header.ts';

async function packed(name: string, data: Buffer, mtime: Date): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry(memberHeader(name, data.length, mtime), data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const names = [
  'a.xml',
  'EACT--217901230--20240115-1.xml',
  '99_DE-079-217901230-20240115-DEL2024_01-DE-1-1_1.pdf',
  `${'n'.repeat(96)}.pdf`, // exactly 100 bytes
  `${'n'.repeat(97)}.pdf`, // 101 bytes: PAX
  `${'l'.repeat(160)}.xml`,
  `${'l'.repeat(251)}.pdf`, // 255 bytes
  'délibération.pdf', // UTF-8: PAX, as tar-stream writes it
  `${'é'.repeat(50)}.pdf`, // 100 characters, 154 bytes
  'arrêté-n°12 (annexe).PDF',
  `é${'x'.repeat(84)}.xml`, // 90 bytes: a PAX record of 99 bytes (two digits for its length)
  `é${'x'.repeat(85)}.xml`, // 91 bytes: 98 + 2 would be 100, so three digits and 101 bytes
];
const sizes = [0, 1, 511, 512, 513, 65_535, 65_536];
const mtimes = [new Date(0), new Date(1_705_312_800_000), new Date((2 ** 31 - 1) * 1000)];

describe('tar header', () => {
  it('is byte for byte what tar-stream writes, for short, long and non-ASCII names', async () => {
    for (const name of names) {
      for (const size of sizes) {
        for (const mtime of mtimes) {
          const data = Buffer.alloc(size, 0x61);
          const header = tarHeader(name, size, mtime);
          const ours = Buffer.concat([header, data, Buffer.alloc(tarPadding(size) + 1024)]);
          expect({ name, size, mtime, bytes: ours.toString('hex') }).toEqual({
            name,
            size,
            mtime,
            bytes: (await packed(name, data, mtime)).toString('hex'),
          });
        }
      }
    }
  });

  it('is one block for a short ASCII name and three parts for the others', () => {
    expect(tarHeader('a.pdf', 1, new Date(0))).toHaveLength(512);
    expect(tarHeader(`${'n'.repeat(96)}.pdf`, 1, new Date(0))).toHaveLength(512);
    expect(tarHeader(`${'n'.repeat(97)}.pdf`, 1, new Date(0))).toHaveLength(1536);
    expect(tarHeader(`${'l'.repeat(251)}.pdf`, 1, new Date(0))).toHaveLength(1536);
    expect(tarHeader('é.pdf', 1, new Date(0)).subarray(512, 1024).toString('utf8')).toMatch(
      /^15 path=é\.pdf\n\0+$/,
    );
    for (const [name, length] of [
      [`é${'x'.repeat(84)}.xml`, '99'],
      [`é${'x'.repeat(85)}.xml`, '101'],
    ] as const) {
      expect(tarHeader(name, 1, new Date(0)).subarray(512, 516).toString()).toBe(`${length} p`.slice(0, 4));
    }
  });

  it('pads data to whole blocks', () => {
    expect([0, 1, 511, 512, 513].map(tarPadding)).toEqual([0, 511, 1, 0, 511]);
  });
});
