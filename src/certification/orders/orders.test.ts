// Orders and receipt as services: a CA connector that fails leaves nothing ordered; only RA officers
// order; the holder match tolerates accents and word order but not another e-mail; appointments typed
// in Paris time whatever the season.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { personPrincipal } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../kernel/errors.ts';
import { findCollectiviteBySiren } from '../../tenants/collectivite-store.ts';
import { demoCollectivites } from '../../tenants/demo-data.ts';
import { addUser, seedDemo } from '../../tenants/index.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import { createManualConnector } from '../ca/manual-connector.ts';
import { parseParisDateTime } from '../handover/schedule-appointment.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { placeOrder } from './place-order.ts';
import { holderMismatch } from './receive-certificate.ts';

describe(`group orders (${backend})`, () => {
  let db: Db;
  let fixture: CertificationFixture;
  let cid: string;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fixture = await createCertificationFixture(db, {
      connectors: {
        manual: {
          ...createManualConnector(),
          placeOrder: async () => {
            throw new AppError('CA_UNAVAILABLE', 'Le portail de l’autorité ne répond pas.');
          },
        },
      },
    });
    cid = (await findCollectiviteBySiren(db, demoCollectivites()[1]!.siren!))!.id;
  });
  afterAll(async () => {
    await db.close();
    fixture.cleanup();
  });

  const principalOf = async (email: string) =>
    personPrincipal({ user: (await findUserByEmail(db, email))!, via: 'demo', assurance: 'demo' });

  it('orders nothing when the CA connector fails, and only for RA officers', async () => {
    const rid = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fixture.manualProductId,
      state: 'checked',
    });
    const ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    await expect(placeOrder(fixture.deps, { principal: ra, requestIds: [rid] })).rejects.toMatchObject({
      code: 'CA_UNAVAILABLE',
    });
    expect((await unsafeGetRequest(db, rid)).state).toBe('checked');
    expect((await db.query('select * from ra_orders')).rows).toEqual([]);
    await addUser(
      { db },
      {
        name: 'Ada',
        email: 'ada@orders.example.fr',
        collectiviteSiren: demoCollectivites()[1]!.siren!,
        roles: 'admin',
      },
    );
    await expect(
      placeOrder(fixture.deps, { principal: await principalOf('ada@orders.example.fr'), requestIds: [rid] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(placeOrder(fixture.deps, { principal: ra, requestIds: [] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('holder match and appointment time', () => {
  const holder = {
    name: 'Jean-Pierre Dupré',
    function: 'Maire',
    email: 'jp.dupre@example.fr',
    phone: null,
    isElected: true,
    roles: ['admin' as const],
  };
  it('accepts the holder’s e-mail, or every word of the name in any order without accents', () => {
    expect(
      holderMismatch({ email: 'JP.Dupre@example.fr', commonName: 'X', subject: 'CN=X' }, holder),
    ).toBeNull();
    expect(holderMismatch({ email: null, commonName: 'DUPRE Jean Pierre', subject: '' }, holder)).toBeNull();
    expect(holderMismatch({ email: null, commonName: 'Jean Dupré', subject: '' }, holder)).toContain(
      'au nom de',
    );
    expect(
      holderMismatch({ email: 'autre@example.fr', commonName: 'Jean-Pierre Dupré', subject: '' }, holder),
    ).toContain('porte l’adresse autre@example.fr');
  });
  it('reads a typed date and time as Paris time, in winter and in summer', () => {
    expect(parseParisDateTime('2030-01-10T14:30')?.toISOString()).toBe('2030-01-10T13:30:00.000Z');
    expect(parseParisDateTime('2030-07-10T14:30')?.toISOString()).toBe('2030-07-10T12:30:00.000Z');
    expect(parseParisDateTime('10/01/2030 14h30')).toBeNull();
  });
});
