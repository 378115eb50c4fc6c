import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../test/certification/request-in-state.ts';
import { type CertificationFixture, createCertificationFixture } from '../../test/support/certification.ts';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { seedDemo } from '../tenants/seed-demo.ts';
import { findUserByEmail } from '../tenants/user-store.ts';
import { holderNameIn, transition, unsafeGetRequest } from './request-store.ts';

describe('holderNameIn', () => {
  it('shows the common name of a subject, or the subject when it has none', () => {
    expect(holderNameIn('CN=Lucie Bonnal, O=Mairie de Chanac, C=FR')).toBe('Lucie Bonnal');
    expect(holderNameIn('C=FR, O=Mairie, CN=Jean Dupuy')).toBe('Jean Dupuy');
    expect(holderNameIn('O=Mairie, C=FR')).toBe('O=Mairie, C=FR');
  });
});

describe(`transition (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  let cid: string;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db);
    cid = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!.memberships[0]!.collectiviteId;
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  it('moves only from the state the row is really at, with its version, and writes the history', async () => {
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'draft',
    });
    const draft = await unsafeGetRequest(db, id);
    // A caller that believes the request was submitted (stale or forged state, right version): refused.
    await expect(
      transition(db, {
        request: { id, state: 'submitted', version: draft.version },
        action: 'check',
        actor: 'ra',
        actorUserId: null,
        at: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'CERT_REQUEST_STATE' });
    // A stale version: refused too.
    await expect(
      transition(db, {
        request: { id, state: 'draft', version: draft.version + 1 },
        action: 'submit',
        actor: 'collectivite',
        actorUserId: null,
        at: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'CERT_REQUEST_STATE' });
    expect((await unsafeGetRequest(db, id)).state).toBe('draft');
    await transition(db, {
      request: draft,
      action: 'submit',
      actor: 'collectivite',
      actorUserId: null,
      at: new Date(),
    });
    const after = await unsafeGetRequest(db, id);
    expect(after).toMatchObject({ state: 'submitted', version: draft.version + 1 });
    const events = await db.query<{ action: string; from_state: string; to_state: string }>(
      'select action, from_state, to_state from certificate_request_events where request_id = $1',
      [id],
    );
    expect(events.rows).toEqual([{ action: 'submit', from_state: 'draft', to_state: 'submitted' }]);
  });
});
