// A file the CA refused after it was ordered goes back to the collectivité and leaves its order: the
// order's lines and totals then match what is billed; the history still shows the order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { personPrincipal } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../tenants/user-store.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { returnRequest } from './file-actions.ts';

describe(`a request returned after its order (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db);
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  it('leaves the order and its frozen price', async () => {
    const claire = (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!;
    await setRaOfficer(db, claire.id, true);
    const ra = personPrincipal({ user: { ...claire, isRaOfficer: true }, via: 'session', assurance: 'demo' });
    const cid = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!.memberships[0]!.collectiviteId;
    const order = await db.query<{ id: string }>(
      `insert into ra_orders (authority_code, created_at) values ('cci-test', now()) returning id`,
    );
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'sent_to_ca',
      orderId: order.rows[0]!.id,
      priceCents: 14_900,
    });
    const before = await unsafeGetRequest(db, id);
    expect(before).toMatchObject({ orderId: order.rows[0]!.id, priceCents: 14_900 });
    const returned = await returnRequest(
      fx.deps,
      ra,
      id,
      before.version,
      'Pièce d’identité expirée selon la CCI.',
    );
    expect(returned).toMatchObject({ state: 'returned', orderId: null, priceCents: null });
    expect(returned.returnReasons).toBe('Pièce d’identité expirée selon la CCI.');
  });
});
