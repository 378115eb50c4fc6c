// Revocation: who may ask for it and who may not, the certificate detached at once (it no longer signs
// in), the RA officers mailed, the CA's confirmation recorded by an RA officer (manual CA) or given at
// once by a connector that confirms (demo).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { attachCertificate } from '../../auth/accounts/attach-certificate.ts';
import { listCertificatesOfUser } from '../../auth/accounts/certificate-store.ts';
import { createCa, issueCertificate } from '../../auth/pki/issue.ts';
import { type Principal, personPrincipal } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { fixedClock } from '../../kernel/clock.ts';
import type { OutgoingMail } from '../../notify/index.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../tenants/user-store.ts';
import { connectorRegistry } from '../ca/manual-connector.ts';
import { saveAuthority, saveProduct } from '../catalogue.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { advanceRequestStates } from './advance-states.ts';
import { confirmRevocation, listRevocationsAwaitingConfirmation } from './confirm-revocation.ts';
import { requestRevocation } from './request-revocation.ts';

const now = new Date('2026-04-10T08:00:00Z');

describe(`revocation of a certificate (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  const clock = fixedClock(now);
  const mails: OutgoingMail[] = [];
  let cid: string;
  const who: Record<string, Principal> = {};
  let holderId: string;

  const principalOf = async (email: string) => {
    const u = (await findUserByEmail(db, email))!;
    return personPrincipal({ user: u, via: 'session', assurance: 'demo' });
  };

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db, {
      clock,
      mailer: {
        send: async (m) => {
          mails.push(m);
          return { messageId: `m${mails.length}` };
        },
      },
    });
    const claire = (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!;
    await setRaOfficer(db, claire.id, true);
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    cid = jean.memberships[0]!.collectiviteId;
    holderId = (await findUserByEmail(db, 'lucie.bonnal@example.fr'))!.id;
    who.ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    who.admin = await principalOf('jean.dupuy@example.fr');
    who.holder = await principalOf('lucie.bonnal@example.fr');
    who.reader = await principalOf('henri.castan@example.fr');
    who.otherAdmin = await principalOf('paul.vidal@example.fr');
    who.operator = await principalOf('marc.roussel@lozere-numerique.example.fr');
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  async function activeRequestWithCertificate(productId = fx.manualProductId) {
    const ca = await createCa('CN=AC qualifiée de test, C=FR');
    const pem = (await issueCertificate(ca, 'CN=Lucie Bonnal, C=FR', { notAfter: new Date('2028-01-01') }))
      .pem;
    const { certificate } = await attachCertificate(
      { db, clock },
      { actor: null, userId: holderId, certificate: pem },
    );
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId,
      state: 'active',
      holderUserId: holderId,
      holderName: 'Lucie Bonnal',
      userCertificateId: certificate.id,
      fingerprint: certificate.fingerprint,
    });
    return { id, certificateId: certificate.id };
  }

  it('refuses people unrelated to the request as if it did not exist, and a reason outside the list', async () => {
    const { id } = await activeRequestWithCertificate();
    for (const p of [who.reader!, who.otherAdmin!, who.operator!])
      await expect(
        requestRevocation(fx.deps, { principal: p, requestId: id, reason: 'loss' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      requestRevocation(fx.deps, { principal: who.holder!, requestId: id, reason: 'boredom' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await unsafeGetRequest(db, id)).state).toBe('active');
  });

  it('lets the holder ask: the certificate is detached at once, the RA officers are mailed, an RA officer records the CA confirmation', async () => {
    const { id, certificateId } = await activeRequestWithCertificate();
    mails.length = 0;
    const result = await requestRevocation(fx.deps, {
      principal: who.holder!,
      requestId: id,
      reason: 'loss',
      note: 'Clé perdue dans le train',
    });
    expect(result).toMatchObject({ confirmed: false, detached: 1 });
    expect(result.request.state).toBe('revocation_requested');
    expect(result.request.revocation).toMatchObject({
      reason: 'loss',
      note: 'Clé perdue dans le train',
      requestedAt: now,
      requestedBy: holderId,
      confirmedAt: null,
    });
    const live = await listCertificatesOfUser(db, holderId);
    expect(live.map((c) => c.id)).not.toContain(certificateId);
    const journal = await db.query<{ reason: string }>(
      "select reason from security_events where kind = 'certificate.detached' and user_id = $1",
      [holderId],
    );
    expect(journal.rows.at(-1)!.reason).toContain('révocation demandée');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['claire.valette@lozere-numerique.example.fr']);
    expect(mails[0]!.text).toContain('Perte ou vol du support');
    expect(mails[0]!.text).toContain('enregistrer sa confirmation');
    expect((await listRevocationsAwaitingConfirmation(db)).map((r) => r.id)).toContain(id);

    // Asking twice is refused with the step it is at.
    await expect(
      requestRevocation(fx.deps, { principal: who.admin!, requestId: id, reason: 'loss' }),
    ).rejects.toMatchObject({ code: 'CERT_REQUEST_STATE' });
    // Only an RA officer records the confirmation.
    for (const p of [who.holder!, who.admin!])
      await expect(
        confirmRevocation(fx.deps, {
          principal: p,
          requestId: id,
          reference: 'REV-1',
          confirmedOn: '2026-04-10',
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      confirmRevocation(fx.deps, {
        principal: who.ra!,
        requestId: id,
        reference: ' ',
        confirmedOn: '2026-05-10',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: [{ field: 'reference' }, { field: 'confirmedOn' }],
    });
    await expect(
      confirmRevocation(fx.deps, {
        principal: who.ra!,
        requestId: id,
        reference: 'R',
        confirmedOn: '2026-04-01',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const done = await confirmRevocation(fx.deps, {
      principal: who.ra!,
      requestId: id,
      reference: 'CCI-REV-2026-0042',
      confirmedOn: '10/04/2026', // typed by hand, as the field's hint says
    });
    expect(done.state).toBe('revoked');
    expect(done.revocation!.confirmedAt!.toISOString().slice(0, 10)).toBe('2026-04-10');
    expect(done.closedAt).toEqual(now);
    expect(done.revocation).toMatchObject({ reference: 'CCI-REV-2026-0042' });
    expect((await listRevocationsAwaitingConfirmation(db)).map((r) => r.id)).not.toContain(id);
  });

  it('lets the collectivité admin ask too', async () => {
    const { id } = await activeRequestWithCertificate();
    const r = await requestRevocation(fx.deps, { principal: who.admin!, requestId: id, reason: 'departure' });
    expect(r.request.state).toBe('revocation_requested');
  });

  it('closes the revocation at once when the CA connector confirms it', async () => {
    const asked: string[] = [];
    fx.deps.connector = connectorRegistry({
      demo: {
        kind: 'demo',
        placeOrder: async () => ({ caReference: null }),
        collect: async () => null,
        revoke: async (request, reason) => {
          asked.push(`${request.number}:${reason}`);
          return { confirmed: true, reference: `DEMO-${request.number}` };
        },
      },
    });
    await saveAuthority(db, {
      code: 'demo-ca',
      name: 'AC de démonstration',
      connector: 'demo',
      requiredDocuments: ['id-copy'],
      active: true,
    });
    const product = await saveProduct(db, {
      authorityCode: 'demo-ca',
      code: 'demo-1an',
      label: 'Démo 1 an',
      purposes: ['actes'],
      priceCents: 0,
      validityMonths: 12,
      active: true,
    });
    const { id } = await activeRequestWithCertificate(product);
    const r = await requestRevocation(fx.deps, { principal: who.ra!, requestId: id, reason: 'compromise' });
    expect(r.confirmed).toBe(true);
    expect(r.request.state).toBe('revoked');
    expect(r.request.revocation).toMatchObject({ reference: `DEMO-${r.request.number}`, confirmedAt: now });
    expect(asked).toEqual([`${r.request.number}:compromise`]);
    const events = await db.query<{ action: string; actor_user_id: string | null }>(
      'select action, actor_user_id from certificate_request_events where request_id = $1 order by id',
      [id],
    );
    expect(events.rows).toEqual([
      { action: 'request-revocation', actor_user_id: who.ra!.user!.id },
      { action: 'confirm-revocation', actor_user_id: null },
    ]);
  });

  it('replaces a renewed certificate: it no longer signs in, and can still be revoked until it expires', async () => {
    const { id: old, certificateId } = await activeRequestWithCertificate();
    const renewal = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      holderUserId: holderId,
      renewsId: old,
    });
    const moves = await advanceRequestStates({ db, clock });
    expect(moves.renewed).toBe(1);
    expect((await unsafeGetRequest(db, old)).state).toBe('renewed');
    expect((await listCertificatesOfUser(db, holderId)).map((c) => c.id)).not.toContain(certificateId);
    const journal = await db.query<{ reason: string }>(
      "select reason from security_events where kind = 'certificate.detached' and user_id = $1",
      [holderId],
    );
    expect(journal.rows.at(-1)!.reason).toContain('remplacé par le certificat renouvelé');
    expect((await unsafeGetRequest(db, renewal)).state).toBe('active');

    // The old token is lost: its revocation is still tracked.
    const lost = await requestRevocation(fx.deps, { principal: who.holder!, requestId: old, reason: 'loss' });
    expect(lost.request.state).toBe('revocation_requested');

    // Once expired, there is nothing left to revoke.
    const { id: gone } = await activeRequestWithCertificate();
    await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      holderUserId: holderId,
      renewsId: gone,
    });
    await advanceRequestStates({ db, clock });
    clock.set(new Date('2029-02-01T08:00:00Z')); // after the request's certificate end (2029-01-04)
    try {
      await expect(
        requestRevocation(fx.deps, { principal: who.holder!, requestId: gone, reason: 'loss' }),
      ).rejects.toMatchObject({
        code: 'CERT_REQUEST_STATE',
        message: expect.stringContaining('déjà expiré'),
      });
    } finally {
      clock.set(now);
    }
  });
});
