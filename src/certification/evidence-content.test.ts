// The evidence's content is deleted only when no row names it, checked again under the lock that the
// evidence inserts hold shared: an upload of the same bytes committing meanwhile keeps it.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../test/certification/request-in-state.ts';
import { type CertificationFixture, createCertificationFixture } from '../../test/support/certification.ts';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { seedDemo } from '../tenants/seed-demo.ts';
import { findUserByEmail } from '../tenants/user-store.ts';
import { deleteContentIfUnreferenced, holdContentForInsert } from './evidence-content.ts';

describe(`evidence content deletion (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  let requestId: string;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db);
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    requestId = await insertRequestInState(db, {
      collectiviteId: jean.memberships.find((m) => m.roles.includes('admin'))!.collectiviteId,
      productId: fx.manualProductId,
      state: 'draft',
    });
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  const put = (text: string) => fx.deps.documents.put(Readable.from([Buffer.from(`%PDF-1.4\n${text}\n`)]));

  it('keeps a content that an insert holding the lock names before it commits', async () => {
    const { sha256, size } = await put('même pièce envoyée deux fois');
    let deleting: Promise<boolean> | undefined;
    await db.transaction(async (tx) => {
      await holdContentForInsert(tx, fx.deps.documents, sha256);
      // The purge of another row naming these bytes starts now, while this upload is being recorded.
      deleting = deleteContentIfUnreferenced(fx.deps, sha256);
      await new Promise((r) => setTimeout(r, 100));
      await tx.query(
        `insert into certificate_request_documents (request_id, kind, file_name, media_type, size_bytes, sha256,
           uploaded_at) values ($1, 'id-copy', 'cni.pdf', 'application/pdf', $2, $3, now())`,
        [requestId, size, sha256],
      );
    });
    expect(await deleting).toBe(false);
    expect(await fx.deps.documents.has(sha256)).toBe(true);
  });

  it('deletes a content no row names, and refuses to record one deleted since its upload', async () => {
    const { sha256 } = await put('pièce refusée');
    expect(await deleteContentIfUnreferenced(fx.deps, sha256)).toBe(true);
    expect(await fx.deps.documents.has(sha256)).toBe(false);
    await expect(
      db.transaction((tx) => holdContentForInsert(tx, fx.deps.documents, sha256)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
