// readAllBytes returns exactly the bytes of the stream, checks the announced size and stops at the limit.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAllBytes } from './read-all-bytes.ts';

const chunks = () => Readable.from([Buffer.from('%PDF-1.7 '), Buffer.from('contenu'), Buffer.from(' %%EOF')]);

describe('readAllBytes', () => {
  it('joins the chunks of a stream, with or without its size', async () => {
    expect(Buffer.from(await readAllBytes(chunks())).toString()).toBe('%PDF-1.7 contenu %%EOF');
    expect(Buffer.from(await readAllBytes(chunks(), { size: 22 })).toString()).toBe('%PDF-1.7 contenu %%EOF');
  });

  it('fails when the stream does not have the announced size', async () => {
    await expect(readAllBytes(chunks(), { size: 21 })).rejects.toThrow(/longer/);
    await expect(readAllBytes(chunks(), { size: 23 })).rejects.toThrow(/shorter/);
  });

  it('stops at the limit', async () => {
    await expect(readAllBytes(chunks(), { maxBytes: 10 })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
    });
    await expect(readAllBytes(chunks(), { size: 22, maxBytes: 10 })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
    });
  });
});
