// buildAndStoreArchive keeps the archive's bytes for the send that follows only when asked and only up
// to the limit given; what it keeps is exactly what the store holds.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFsDocumentStore } from '../../documents/index.ts';
import type { Collectivite } from '../../tenants/collectivite.ts';
import { buildAndStoreArchive } from './outbound.ts';

describe('buildAndStoreArchive', () => {
  let dir: string;
  let store: ReturnType<typeof createFsDocumentStore>;
  let documents: { name: string; sha256: string; size: number }[];
  const collectivite = {
    siren: '214800344',
    departement: '048',
    arrondissement: 1,
    natureCode: '32',
    returnEmail: null,
    referentName: null,
    referentEmail: null,
    referentPhone: null,
  } as unknown as Collectivite;
  const settings = {
    trigramme: 'TST',
    quadrigramme: 'TACT',
    replyAddress: 'retours@relais.test',
    maxArchiveBytes: 150 * 1000 * 1000,
  } as never;
  const message = () => ({
    messageFile: '048-214800344-20261120-K1-DE-1-1_0.xml',
    xml: Buffer.from('<a/>'),
    documents,
  });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relais-outbound-'));
    store = createFsDocumentStore(dir);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200_000)]);
    const stored = await store.put(Readable.from([pdf]));
    documents = [{ name: '99_DE-048-214800344-20261120-K1-DE-1-1_1.pdf', ...stored }];
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the bytes the store holds when asked, up to the limit', async () => {
    const a = await buildAndStoreArchive(
      { documents: store, settings },
      collectivite,
      'EACT--214800344--20261120-1.xml',
      message(),
      1 << 20,
    );
    expect(a.bytes?.length).toBe(a.size);
    expect(createHash('sha256').update(a.bytes!).digest('hex')).toBe(a.sha256);
    expect(a.bytes!.equals(await readFile(store.localPath!(a.sha256)))).toBe(true);
  });

  it('keeps nothing over the limit, or when not asked', async () => {
    const over = await buildAndStoreArchive(
      { documents: store, settings },
      collectivite,
      'EACT--214800344--20261120-2.xml',
      message(),
      100_000,
    );
    expect(over.size).toBeGreaterThan(100_000);
    expect(over.bytes).toBeUndefined();
    const plain = await buildAndStoreArchive(
      { documents: store, settings },
      collectivite,
      'EACT--214800344--20261120-3.xml',
      message(),
    );
    expect(plain.bytes).toBeUndefined();
    expect(await store.has(plain.sha256)).toBe(true);
  });
});
