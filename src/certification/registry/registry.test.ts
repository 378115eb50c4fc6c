// The registry (certificates from requests and from accounts, their derived states, use and filters),
// the board's figures (adoption, states, expiring, costs per year and collectivité) and the elections
// campaign's listings and bulk "fin de mandat".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { attachCertificate } from '../../auth/accounts/attach-certificate.ts';
import { detachUserCertificate } from '../../auth/accounts/certificate-store.ts';
import { recordSecurityEvent } from '../../auth/journal/security-journal.ts';
import { createCa, issueCertificate } from '../../auth/pki/issue.ts';
import { personPrincipal } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { fixedClock } from '../../kernel/clock.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../tenants/user-store.ts';
import {
  revokeForEndOfMandate,
  unsafeListElectedCertificates,
  unsafeListMembersToEquip,
} from '../lifecycle/elections.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { unsafeBoardFigures } from './board-figures.ts';
import { unsafeListRegistry } from './list-registry.ts';

const DAY = 86_400_000;
const now = new Date('2026-05-15T08:00:00Z');

describe(`registry, board figures and elections campaign (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  const clock = fixedClock(now);
  let cidA: string;
  let cidB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db, { clock });
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    cidA = jean.memberships[0]!.collectiviteId;
    cidB = (await findUserByEmail(db, 'thierry.boyer@example.fr'))!.memberships[0]!.collectiviteId;
    const order = await db.query<{ id: string }>(
      `insert into ra_orders (authority_code, created_at) values ('cci-test', '2025-12-31T23:30:00Z') returning id`,
    );
    const order2026 = await db.query<{ id: string }>(
      `insert into ra_orders (authority_code, created_at) values ('cci-test', '2026-02-01T10:00:00Z') returning id`,
    );
    const base = { productId: fx.manualProductId, priceCents: 14_900 };
    ids.mayor = await insertRequestInState(db, {
      ...base,
      collectiviteId: cidA,
      state: 'active',
      holderName: 'Maire Sortant',
      isElected: true,
      purposes: ['actes', 'helios'],
      orderId: order.rows[0]!.id, // 31 Dec 23:30 UTC = 1 Jan 2026 in Paris
      notAfter: new Date(now.getTime() + 400 * DAY),
    });
    ids.agentB = await insertRequestInState(db, {
      ...base,
      collectiviteId: cidB,
      state: 'active',
      holderName: 'Agent de B',
      orderId: order2026.rows[0]!.id,
      notAfter: new Date(now.getTime() + 60 * DAY),
    });
    ids.revokedB = await insertRequestInState(db, {
      ...base,
      collectiviteId: cidB,
      state: 'revoked',
      holderName: 'Ancien agent de B',
      orderId: order2026.rows[0]!.id,
    });
    ids.draftA = await insertRequestInState(db, {
      ...base,
      collectiviteId: cidA,
      state: 'draft',
      priceCents: null,
    });
    const ca = await createCa('CN=AC externe, C=FR');
    const henri = (await findUserByEmail(db, 'henri.castan@example.fr'))!;
    const cert = await issueCertificate(ca, 'CN=Henri Castan, C=FR', {
      notBefore: new Date(now.getTime() - 300 * DAY),
      notAfter: new Date(now.getTime() + 20 * DAY),
    });
    const attached = await attachCertificate(
      { db, clock },
      { actor: null, userId: henri.id, certificate: cert.pem },
    );
    ids.henriCert = attached.certificate.id;
    await recordSecurityEvent(db, {
      kind: 'signin.success',
      at: new Date(now.getTime() - DAY),
      userId: henri.id,
      certificateFingerprint: attached.certificate.fingerprint,
    });
    const old = await issueCertificate(ca, 'CN=Henri Castan ancien, C=FR', {
      notBefore: new Date(now.getTime() - 900 * DAY),
      notAfter: new Date(now.getTime() + 200 * DAY),
    });
    const oldAttached = await attachCertificate(
      { db, clock },
      { actor: null, userId: henri.id, certificate: old.pem },
    );
    await detachUserCertificate(db, oldAttached.certificate.id, null, now);
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  it('lists certificates from requests and from accounts, with derived states, use and filters', async () => {
    const all = await unsafeListRegistry(db, now);
    const byHolder = (name: string) => all.filter((e) => e.holderName === name);
    expect(byHolder('Maire Sortant')[0]).toMatchObject({
      source: 'request',
      state: 'active',
      authority: 'CCI de test (manuelle)',
    });
    expect(byHolder('Ancien agent de B')[0]!.state).toBe('revoked');
    expect(all.some((e) => e.requestId === ids.draftA)).toBe(false); // no certificate yet
    const henri = byHolder('Henri Castan');
    expect(henri.map((e) => e.state).sort()).toEqual(['account-detached', 'account-expiring']);
    expect(henri.find((e) => e.state === 'account-expiring')).toMatchObject({
      source: 'account',
      signIns: 1,
      authority: 'CN=AC externe, C=FR',
    });
    expect(henri[0]!.collectivites.map((c) => c.id)).toContain(cidA);

    const ofB = await unsafeListRegistry(db, now, { collectiviteId: cidB });
    expect(ofB.map((e) => e.holderName).sort()).toEqual(['Agent de B', 'Ancien agent de B']);
    const soon = await unsafeListRegistry(db, now, { expiringWithinDays: 90 });
    expect(soon.map((e) => e.holderName).sort()).toEqual(['Agent de B', 'Henri Castan']);
    const detached = await unsafeListRegistry(db, now, { state: 'account-detached' });
    expect(detached.map((e) => e.holderName)).toEqual(['Henri Castan']);
  });

  it('gives the board adoption, states, expiring certificates and costs per year in Paris time', async () => {
    const f = await unsafeBoardFigures(db, now);
    const members = (await db.query<{ n: number }>('select count(*)::int as n from collectivites')).rows[0]!
      .n;
    expect(f.members).toBe(members);
    expect(f.equippedByPurpose).toEqual({ actes: 2, helios: 1 });
    expect(f.equipped).toBeGreaterThanOrEqual(2);
    expect(f.requestsByState).toEqual(
      expect.arrayContaining([
        { state: 'active', count: 2 },
        { state: 'revoked', count: 1 },
        { state: 'draft', count: 1 },
      ]),
    );
    expect(f.expiringSoon).toBe(2); // agent of B (60 days) and Henri's account certificate (20 days)
    expect(f.costsByYear).toEqual([{ year: 2026, requests: 3, cents: 44_700 }]);
    expect(f.costsByCollectivite.map((c) => [c.collectiviteId, c.requests, c.cents]).sort()).toEqual(
      [
        [cidA, 1, 14_900],
        [cidB, 2, 29_800],
      ].sort(),
    );
  });

  it('lists outgoing office-holders and members left without a non-elected agent for acts, and revokes in bulk', async () => {
    const elected = await unsafeListElectedCertificates(db);
    expect(elected.map((e) => e.requestId)).toEqual([ids.mayor]);
    const toEquip = await unsafeListMembersToEquip(db, now);
    expect(toEquip.some((m) => m.collectiviteId === cidA)).toBe(true); // only the mayor is equipped
    expect(toEquip.some((m) => m.collectiviteId === cidB)).toBe(false);
    const a = toEquip.find((m) => m.collectiviteId === cidA)!;
    expect(a.requestsInProgress).toBe(1);
    expect(a.electedOnly).toBe(true);
    expect(toEquip[0]!.collectiviteId).toBe(cidA); // members equipped only through elected people first
    expect(toEquip.filter((m) => m.electedOnly)).toHaveLength(1);
    expect(a.transmitters.map((t) => t.name)).toContain('Jean Dupuy');

    const claire = (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!;
    await setRaOfficer(db, claire.id, true);
    const ra = personPrincipal({ user: { ...claire, isRaOfficer: true }, via: 'session', assurance: 'demo' });
    const mails: string[] = [];
    const report = await revokeForEndOfMandate(
      {
        ...fx.deps,
        mailer: {
          send: async (m) => {
            mails.push(m.subject);
            return { messageId: 'x' };
          },
        },
      },
      ra,
      [ids.mayor!, ids.revokedB!],
    );
    expect(mails).toEqual([]); // the officer reads the report: no mail per certificate
    expect(report.map((r) => r.ok)).toEqual([true, false]);
    expect(report[0]!.message).toContain('révocation demandée');
    expect(report[1]!.message).toContain('Révoqué');
    const mayor = await unsafeGetRequest(db, ids.mayor!);
    expect(mayor.state).toBe('revocation_requested');
    expect(mayor.revocation?.reason).toBe('end_of_mandate');
    expect(await unsafeListElectedCertificates(db)).toEqual([]);
  });
});
