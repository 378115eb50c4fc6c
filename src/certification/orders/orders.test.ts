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
import { insertUserCertificate } from '../../auth/accounts/certificate-store.ts';
import { parseCertificate } from '../../auth/certificates/certificate-info.ts';
import { createCa, issueCertificate } from '../../auth/pki/issue.ts';
import { personPrincipal } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { AppError } from '../../kernel/errors.ts';
import { findCollectiviteBySiren } from '../../tenants/collectivite-store.ts';
import { demoCollectivites } from '../../tenants/demo-data.ts';
import { addUser, seedDemo } from '../../tenants/index.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import { createManualConnector } from '../ca/manual-connector.ts';
import { saveAuthority, saveProduct } from '../catalogue.ts';
import { parseParisDateTime } from '../handover/schedule-appointment.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { placeOrder } from './place-order.ts';
import { holderMismatch, receiveCertificate } from './receive-certificate.ts';

describe(`group orders (${backend})`, () => {
  let db: Db;
  let fixture: CertificationFixture;
  let cid: string;
  let collects = 0;
  let ordersReachingCa = 0;
  let demoProductId: string;

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
          collect: async () => {
            collects++;
            return null;
          },
        },
        // Stands for a CA that answers slowly: a second order of the same requests would overlap it.
        demo: {
          ...createManualConnector(),
          kind: 'demo',
          placeOrder: async () => {
            ordersReachingCa++;
            await new Promise((r) => setTimeout(r, 50));
            return { caReference: `CA-${ordersReachingCa}` };
          },
        },
      },
    });
    await saveAuthority(db, {
      code: 'ca-lente',
      name: 'AC lente',
      connector: 'demo',
      requiredDocuments: [],
      active: true,
    });
    demoProductId = await saveProduct(db, {
      authorityCode: 'ca-lente',
      code: 'rgs-lent',
      label: 'Certificat lent',
      purposes: ['actes'],
      priceCents: 10_000,
      validityMonths: 36,
      active: true,
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

  it('asks the CA once when two officers order the same requests at the same time', async () => {
    const ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    const rids = [
      await insertRequestInState(db, { collectiviteId: cid, productId: demoProductId, state: 'checked' }),
      await insertRequestInState(db, { collectiviteId: cid, productId: demoProductId, state: 'checked' }),
    ];
    const outcomes = await Promise.allSettled([
      placeOrder(fixture.deps, { principal: ra, requestIds: rids }),
      placeOrder(fixture.deps, { principal: ra, requestIds: [...rids].reverse() }),
    ]);
    expect(ordersReachingCa).toBe(1);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(String(refused?.reason?.message)).toMatch(/étape « /);
    for (const rid of rids) {
      const r = await unsafeGetRequest(db, rid);
      expect(r.state).toBe('sent_to_ca');
      expect(r.caReference).toBe('CA-1');
    }
  });

  it('never asks the CA for the certificate of a request not yet sent to it', async () => {
    const ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    for (const state of ['draft', 'checked'] as const) {
      const rid = await insertRequestInState(db, {
        collectiviteId: cid,
        productId: fixture.manualProductId,
        state,
      });
      await expect(receiveCertificate(fixture.deps, { principal: ra, requestId: rid })).rejects.toMatchObject(
        {
          code: 'CERT_REQUEST_STATE',
        },
      );
    }
    expect(collects).toBe(0);
  });

  it('refuses a certificate already attached to another person’s account, even with the mismatch confirmed', async () => {
    const ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    const ca = await createCa('CN=AC de test des commandes, C=FR');
    const cert = await issueCertificate(ca, 'CN=Lucie Fabre, C=FR', {
      email: 'lucie.fabre@orders.example.fr',
    });
    await addUser(
      { db },
      {
        name: 'Paul Autre',
        email: 'paul.autre@orders.example.fr',
        collectiviteSiren: demoCollectivites()[1]!.siren!,
        roles: 'transmitter',
      },
    );
    const paul = (await findUserByEmail(db, 'paul.autre@orders.example.fr'))!;
    await insertUserCertificate(db, paul.id, parseCertificate(cert.pem)!, null);
    const rid = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fixture.manualProductId,
      state: 'sent_to_ca',
      holderName: 'Lucie Fabre',
      holderEmail: 'lucie.fabre@orders.example.fr',
    });
    const attempt = receiveCertificate(fixture.deps, {
      principal: ra,
      requestId: rid,
      certificate: cert.pem,
      confirmMismatch: true,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attempt).rejects.toThrow(/déjà attaché au compte de Paul Autre/);
    expect((await unsafeGetRequest(db, rid)).state).toBe('sent_to_ca');
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
