// The reply attachments are on disk before their mail is scheduled, and read back from memory while
// the mail waits, from disk once forgotten (after a restart, or past the memory budget).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxFiles } from './outbox-files.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'relais-outbox-files-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true, maxRetries: 10 }));

describe('OutboxFiles', () => {
  it('writes the attachment under outbox/{mail id}/ and reads it back without the disk while kept', async () => {
    const files = new OutboxFiles(dataDir);
    const bytes = Buffer.from('<ARActe/>');
    const saved = files.write('M000001', 'reponse.tar.gz', bytes);
    expect(saved).toBe('outbox/M000001/reponse.tar.gz');
    expect(await readFile(path.join(dataDir, saved))).toEqual(bytes);
    await writeFile(path.join(dataDir, saved), 'changé sur le disque');
    expect(await files.read(saved)).toEqual(bytes);
    files.forget(saved);
    expect((await files.read(saved)).toString()).toBe('changé sur le disque');
  });

  it('reads from disk what another process wrote (a restart) and what exceeds the memory budget', async () => {
    const before = new OutboxFiles(dataDir);
    const saved = before.write('M000002', 'ANO.xml', Buffer.from('avant'));
    expect((await new OutboxFiles(dataDir).read(saved)).toString()).toBe('avant');

    const small = new OutboxFiles(dataDir, 4);
    const big = small.write('M000003', 'gros.xml', Buffer.from('trop grand'));
    await writeFile(path.join(dataDir, big), 'disque');
    expect((await small.read(big)).toString()).toBe('disque');
  });

  it('copies an attachment for a mail sent again, under the new mail id', async () => {
    const files = new OutboxFiles(dataDir);
    const saved = files.write('M000004', 'ar.tar.gz', Buffer.from('octets'));
    const copy = files.copy(saved, 'M000005', 'ar.tar.gz');
    expect(copy).toBe('outbox/M000005/ar.tar.gz');
    expect((await readFile(path.join(dataDir, copy))).toString()).toBe('octets');
  });
});
