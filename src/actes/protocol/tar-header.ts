// The ustar header of one regular file, byte for byte as tar-stream 3 writes it for memberHeader()
// (mode 0644, uid/gid 0, empty owner names), so the archive writer needs no pack stream per member.
// Names tar-stream cannot put in the 100-byte field (longer, or not ASCII) get its PAX record instead.
// Checked against tar-stream's own output in tar-header.test.ts.

const BLOCK = 512;
const USTAR_MAGIC = 'ustar\u000000'; // magic "ustar\0" then version "00", as tar-stream writes them
const FILE = 0x30; // typeflag '0'
const PAX = 0x78; // typeflag 'x': an extended header for the next entry

/** tar-stream's encodeOct: `n` octal digits then a space, all 7s when the value does not fit. */
function octal(value: number, digits: number): string {
  const s = value.toString(8);
  return s.length > digits ? `${'7'.repeat(digits)} ` : `${s.padStart(digits, '0')} `;
}

function writeSize(block: Buffer, size: number): void {
  if (size.toString(8).length <= 11) {
    block.write(octal(size, 11), 124, 'latin1');
    return;
  }
  // 8 GiB and more: GNU base-256, as tar-stream does.
  block[124] = 0x80;
  let rest = size;
  for (let i = 11; i > 0; i--) {
    block[124 + i] = rest & 0xff;
    rest = Math.floor(rest / 0x100);
  }
}

/** One 512-byte ustar block; `name` must already fit (at most 100 bytes). */
function ustarBlock(name: string, size: number, mtime: Date, typeflag: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 'utf8');
  block.write(octal(0o644, 6), 100, 'latin1');
  block.write(octal(0, 6), 108, 'latin1'); // uid
  block.write(octal(0, 6), 116, 'latin1'); // gid
  writeSize(block, size);
  block.write(octal((mtime.getTime() / 1000) | 0, 11), 136, 'latin1');
  block[156] = typeflag;
  block.write(USTAR_MAGIC, 257, 'latin1');
  block.write(octal(0, 6), 329, 'latin1'); // devmajor
  block.write(octal(0, 6), 337, 'latin1'); // devminor
  // The checksum counts its own eight bytes as spaces.
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0 : block[i]!;
  block.write(octal(sum, 6), 148, 'latin1');
  return block;
}

/** A PAX record "<length> path=<name>\n", the length counting its own digits (tar-stream's addLength). */
function paxPath(name: string): Buffer {
  const body = ` path=${name}\n`;
  const len = Buffer.byteLength(body);
  let digits = Math.floor(Math.log(len) / Math.log(10)) + 1;
  if (len + digits >= 10 ** digits) digits++;
  return Buffer.from(`${len + digits}${body}`);
}

/**
 * The header of a regular file named `name` (no folder: the writer refuses them): one block, or for a
 * name over 100 bytes or not ASCII, tar-stream's three parts — a 'PaxHeader' block of type 'x', the
 * path record padded to 512, then a 'PaxHeader' block for the file itself.
 */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (name.length <= 100 && Buffer.byteLength(name) === name.length) {
    return ustarBlock(name, size, mtime, FILE);
  }
  const record = paxPath(name);
  const padded = Math.ceil(record.length / BLOCK) * BLOCK;
  const out = Buffer.alloc(BLOCK + padded + BLOCK);
  ustarBlock('PaxHeader', record.length, mtime, PAX).copy(out, 0);
  record.copy(out, BLOCK);
  ustarBlock('PaxHeader', size, mtime, FILE).copy(out, BLOCK + padded);
  return out;
}

/** Zero bytes completing a file's data of `size` bytes to a whole block. */
export function tarPadding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The two zero blocks that end a tar archive. */
export const END_OF_TAR_BYTES = 2 * BLOCK;
