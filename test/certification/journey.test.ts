// The whole journey of a certificate through the registration authority, on both database backends,
// through the services the pages call: request → documents → submit → return → resubmit → check →
// group order → certificate imported (issued by a test CA) → appointment → handover with the signed
// report → link by the holder → renewal due (clock) → reminders → revocation → CA confirmation →
// revoked. At each step, who may act and who may not: the collectivité's admin, a preparer of the same
// collectivité, another collectivité's admin, the RA officer, the holder.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHoldersOfCertificate } from '../../src/auth/accounts/certificate-store.ts';
import { createCa, issueCertificate } from '../../src/auth/pki/issue.ts';
import { type Principal, personPrincipal } from '../../src/auth/policy.ts';
import { handOver, handoverReportContent } from '../../src/certification/handover/hand-over.ts';
import { renderHandoverReport } from '../../src/certification/handover/handover-report.ts';
import { scheduleAppointment } from '../../src/certification/handover/schedule-appointment.ts';
import {
  confirmRevocation,
  requestRevocation,
  runLifecycle,
} from '../../src/certification/lifecycle/index.ts';
import { confirmLink } from '../../src/certification/linking/link-certificate.ts';
import { placeOrder } from '../../src/certification/orders/place-order.ts';
import { receiveCertificate } from '../../src/certification/orders/receive-certificate.ts';
import { unsafeListRegistry } from '../../src/certification/registry/index.ts';
import { listRequestEvents, unsafeGetRequest } from '../../src/certification/request-store.ts';
import {
  checkRequest,
  createRequest,
  listDocuments,
  type RequestForm,
  renewalForm,
  returnRequest,
  reviewDocument,
  submitRequest,
  uploadDocument,
} from '../../src/certification/requests/index.ts';
import type { Db } from '../../src/db/types.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import type { OutgoingMail } from '../../src/notify/index.ts';
import { seedDemo } from '../../src/tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../src/tenants/user-store.ts';
import { type CertificationFixture, createCertificationFixture } from '../support/certification.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';

const DAY = 86_400_000;

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe(`the whole journey of a certificate (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  const clock = fixedClock('2026-11-02T09:00:00Z');
  const mails: OutgoingMail[] = [];
  const who: Record<'admin' | 'preparer' | 'otherAdmin' | 'ra' | 'holder' | 'operator', Principal> =
    {} as never;
  let cid: string;
  let otherCid: string;
  let holderId: string;

  const principalOf = async (email: string) =>
    personPrincipal({ user: (await findUserByEmail(db, email))!, via: 'demo', assurance: 'demo' });
  const pdf = async (text: string) => Readable.from([await makePdf(text)]);

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
    await setRaOfficer(
      db,
      (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!.id,
      true,
    );
    await setRaOfficer(
      db,
      (await findUserByEmail(db, 'marc.roussel@lozere-numerique.example.fr'))!.id,
      false,
    );
    who.ra = await principalOf('claire.valette@lozere-numerique.example.fr');
    who.operator = await principalOf('marc.roussel@lozere-numerique.example.fr'); // operator admin, not RA
    who.admin = await principalOf('jean.dupuy@example.fr');
    who.preparer = await principalOf('sophie.martin@example.fr');
    who.holder = await principalOf('lucie.bonnal@example.fr');
    who.otherAdmin = await principalOf('paul.vidal@example.fr');
    cid = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!.memberships[0]!.collectiviteId;
    otherCid = (await findUserByEmail(db, 'paul.vidal@example.fr'))!.memberships[0]!.collectiviteId;
    holderId = who.holder.user!.id;
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  const form = (over: Partial<RequestForm> = {}): RequestForm => ({
    holderName: 'Lucie Bonnal',
    holderFunction: 'Secrétaire de mairie',
    holderEmail: 'lucie.bonnal@example.fr',
    holderPhone: '04 66 12 34 56',
    holderIsElected: false,
    holderRoles: ['transmitter'],
    holderUserId: holderId,
    legalRepName: 'Jean Dupuy',
    legalRepFunction: 'Maire',
    purposes: ['actes'],
    productId: fx.manualProductId,
    ...over,
  });

  it('goes from the request to the revoked certificate, each step refused to those who may not take it', async () => {
    // 1. The collectivité's admin creates the request; nobody else of or outside the collectivité may.
    expect(await refusal(createRequest(fx.deps, who.preparer, cid, form()))).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(await refusal(createRequest(fx.deps, who.otherAdmin, cid, form()))).toBe('NOT_FOUND');
    let r = await createRequest(fx.deps, who.admin, cid, form());
    expect(r.state).toBe('draft');

    // 2. Documents of the CA's checklist; the file of another collectivité cannot be touched.
    const upload = (p: Principal, kind: string) =>
      pdf(kind).then((content) =>
        uploadDocument(fx.deps, p, r.id, { kind, fileName: `${kind}.pdf`, content }),
      );
    expect(await refusal(upload(who.otherAdmin, 'id-copy'))).toBe('NOT_FOUND');
    expect(await refusal(upload(who.preparer, 'id-copy'))).toBe('NOT_FOUND');
    for (const kind of ['id-copy', 'election-record', 'subscription-contract']) await upload(who.admin, kind);

    // 3. Submitted by the admin only.
    for (const p of [who.holder, who.ra])
      expect(await refusal(submitRequest(fx.deps, p, r.id, r.version))).toBe('FORBIDDEN');
    expect(await refusal(submitRequest(fx.deps, who.preparer, r.id, r.version))).toBe('NOT_FOUND');
    r = await submitRequest(fx.deps, who.admin, r.id, r.version);
    expect(r.state).toBe('submitted');

    // 4. Returned by the RA officer with reasons, then resubmitted.
    expect(await refusal(returnRequest(fx.deps, who.admin, r.id, r.version, 'Non'))).toBe('FORBIDDEN');
    r = await returnRequest(
      fx.deps,
      who.ra,
      r.id,
      r.version,
      'La copie de la pièce d’identité n’est pas signée.',
    );
    expect(r.state).toBe('returned');
    expect(r.returnReasons).toContain('pas signée');
    r = await submitRequest(fx.deps, who.admin, r.id, r.version);
    expect(r.state).toBe('submitted');

    // 5. Documents accepted and the file checked by the RA officer only.
    for (const d of await listDocuments(db, r.id)) {
      expect(
        await refusal(reviewDocument(fx.deps, who.admin, r.id, d.id, { decision: 'accepted', note: '' })),
      ).toBe('FORBIDDEN');
      await reviewDocument(fx.deps, who.ra, r.id, d.id, { decision: 'accepted', note: '' });
    }
    expect(await refusal(checkRequest(fx.deps, who.admin, r.id, r.version))).toBe('FORBIDDEN');
    r = await checkRequest(fx.deps, who.ra, r.id, r.version);
    expect(r.state).toBe('checked');

    // 6. Group order with a request of another collectivité, placed by the RA officer only.
    const paulForm = form({
      holderName: 'Paul Vidal',
      holderEmail: 'paul.vidal@example.fr',
      holderUserId: who.otherAdmin.user!.id,
    });
    let other = await createRequest(fx.deps, who.otherAdmin, otherCid, paulForm);
    for (const kind of ['id-copy', 'election-record', 'subscription-contract'])
      await uploadDocument(fx.deps, who.otherAdmin, other.id, {
        kind,
        fileName: 'p.pdf',
        content: await pdf(kind),
      });
    other = await submitRequest(fx.deps, who.otherAdmin, other.id, other.version);
    for (const d of await listDocuments(db, other.id))
      await reviewDocument(fx.deps, who.ra, other.id, d.id, { decision: 'accepted', note: '' });
    other = await checkRequest(fx.deps, who.ra, other.id, other.version);
    expect(await refusal(placeOrder(fx.deps, { principal: who.admin, requestIds: [r.id] }))).toBe(
      'FORBIDDEN',
    );
    expect(await refusal(placeOrder(fx.deps, { principal: who.operator, requestIds: [r.id] }))).toBe(
      'FORBIDDEN',
    );
    const order = await placeOrder(fx.deps, { principal: who.ra, requestIds: [r.id, other.id] });
    r = await unsafeGetRequest(db, r.id);
    expect(r).toMatchObject({ state: 'sent_to_ca', orderId: order.orderId, priceCents: 14_900 });
    expect((await unsafeGetRequest(db, other.id)).state).toBe('sent_to_ca');

    // 7. The certificate issued by the CA (a test CA here), imported by the RA officer only.
    const ca = await createCa('CN=AC qualifiée de test, O=CCI de test, C=FR');
    const notAfter = new Date(clock.now().getTime() + 3 * 365 * DAY);
    const issued = await issueCertificate(ca, 'CN=Lucie Bonnal, O=Commune, C=FR', {
      email: 'lucie.bonnal@example.fr',
      notBefore: new Date(clock.now().getTime() - DAY),
      notAfter,
    });
    expect(
      await refusal(
        receiveCertificate(fx.deps, { principal: who.admin, requestId: r.id, certificate: issued.pem }),
      ),
    ).toBe('FORBIDDEN');
    await receiveCertificate(fx.deps, { principal: who.ra, requestId: r.id, certificate: issued.pem });
    r = await unsafeGetRequest(db, r.id);
    expect(r.state).toBe('token_received');
    expect(r.certificate?.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // 8. The handover appointment, set by the RA officer.
    clock.advance(DAY);
    const appointment = { requestId: r.id, at: '2026-11-10T14:30', place: 'Siège du syndicat, Mende' };
    expect(await refusal(scheduleAppointment(fx.deps, { principal: who.admin, ...appointment }))).toBe(
      'FORBIDDEN',
    );
    await scheduleAppointment(fx.deps, { principal: who.ra, ...appointment });
    expect((await unsafeGetRequest(db, r.id)).state).toBe('appointment_set');

    // 9. Face-to-face handover: the report generated, signed (here: as generated) and stored.
    clock.set('2026-11-10T14:45:00Z');
    const { content } = await handoverReportContent(fx.deps, who.ra, r.id);
    expect(content).toMatchObject({ requestNumber: r.number });
    const signed = await fx.deps.documents.put(
      Readable.from([Buffer.from(await renderHandoverReport(content))]),
    );
    const handover = {
      requestId: r.id,
      report: { stored: signed, fileName: 'pv-signe.pdf' },
      identityDocument: 'cni',
      identityChecked: true,
    };
    expect(await refusal(handOver(fx.deps, { principal: who.holder, ...handover }))).toBe('FORBIDDEN');
    await handOver(fx.deps, { principal: who.ra, ...handover });
    expect((await unsafeGetRequest(db, r.id)).state).toBe('handed_over');
    expect((await listDocuments(db, r.id)).some((d) => d.kind === 'handover-report')).toBe(true);

    // 10. The holder confirms it is theirs: attached to their account, the request is active.
    expect(await refusal(confirmLink(fx.deps, { kind: 'person', principal: who.admin }, r.id))).toBe(
      'NOT_FOUND',
    );
    await confirmLink(fx.deps, { kind: 'person', principal: who.holder }, r.id);
    r = await unsafeGetRequest(db, r.id);
    expect(r.state).toBe('active');
    const fingerprint = r.certificate!.fingerprint;
    expect((await findHoldersOfCertificate(db, fingerprint)).map((h) => h.userId)).toEqual([holderId]);

    // 11. 89 days before the end: renewal due, and the first reminder to holder, admin and RA officer.
    clock.set(new Date(notAfter.getTime() - 89 * DAY));
    mails.length = 0;
    let run = await runLifecycle(fx.deps);
    expect(run).toMatchObject({ renewalDue: 1, reminders: 1 });
    r = await unsafeGetRequest(db, r.id);
    expect(r.state).toBe('renewal_due');
    const reminder = mails.find((m) => m.subject.includes('Lucie Bonnal'))!;
    expect(reminder.to).toEqual(
      expect.arrayContaining([
        'lucie.bonnal@example.fr',
        'jean.dupuy@example.fr',
        'claire.valette@lozere-numerique.example.fr',
      ]),
    );
    expect(reminder.text).toContain(`demandes-certificat/nouvelle?renouvelle=${r.id}`);
    // The renewal form is prefilled from this request — for its collectivité's admin only.
    const prefilled = await renewalForm(fx.deps, who.admin, cid, r.id);
    expect(prefilled.form).toMatchObject({
      holderName: 'Lucie Bonnal',
      holderEmail: 'lucie.bonnal@example.fr',
    });
    expect(await refusal(renewalForm(fx.deps, who.otherAdmin, cid, r.id))).toBe('NOT_FOUND');

    // 12. 30 and 7 days: one reminder each, never twice.
    clock.set(new Date(notAfter.getTime() - 29 * DAY));
    expect((await runLifecycle(fx.deps)).reminders).toBe(1);
    expect((await runLifecycle(fx.deps)).reminders).toBe(0);
    clock.set(new Date(notAfter.getTime() - 6 * DAY));
    run = await runLifecycle(fx.deps);
    expect(run.reminders).toBe(1);
    const sent = await db.query<{ days: number }>(
      'select days from certificate_request_reminders where request_id = $1 order by days desc',
      [r.id],
    );
    expect(sent.rows.map((x) => Number(x.days))).toEqual([90, 30, 7]);

    // 13. The holder loses the token: revocation asked; the certificate no longer signs in at once.
    for (const p of [who.preparer, who.otherAdmin, who.operator])
      expect(
        await refusal(requestRevocation(fx.deps, { principal: p, requestId: r.id, reason: 'loss' })),
      ).toBe('NOT_FOUND');
    mails.length = 0;
    const revoked = await requestRevocation(fx.deps, {
      principal: who.holder,
      requestId: r.id,
      reason: 'loss',
    });
    expect(revoked).toMatchObject({ confirmed: false, detached: 1 });
    expect(revoked.request.state).toBe('revocation_requested');
    expect(await findHoldersOfCertificate(db, fingerprint)).toEqual([]);
    expect(mails.map((m) => m.to)).toEqual([['claire.valette@lozere-numerique.example.fr']]);

    // 14. The CA's confirmation, recorded by the RA officer only: revoked, closed.
    const today = clock.now().toISOString().slice(0, 10);
    for (const p of [who.holder, who.admin])
      expect(
        await refusal(
          confirmRevocation(fx.deps, { principal: p, requestId: r.id, reference: 'X', confirmedOn: today }),
        ),
      ).toBe('FORBIDDEN');
    const closed = await confirmRevocation(fx.deps, {
      principal: who.ra,
      requestId: r.id,
      reference: 'CCI-REV-0001',
      confirmedOn: today,
    });
    expect(closed.state).toBe('revoked');
    expect(closed.closedAt).toEqual(clock.now());

    // The history tells the whole story, and the registry shows the certificate as revoked.
    const events = await listRequestEvents(db, r.id);
    expect(events.map((e) => e.action)).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'check',
      'order',
      'receive-token',
      'schedule',
      'hand-over',
      'link',
      'renewal-due',
      'request-revocation',
      'confirm-revocation',
    ]);
    const registry = await unsafeListRegistry(db, clock.now(), { collectiviteId: cid });
    expect(registry.find((e) => e.requestId === r.id)).toMatchObject({ state: 'revoked', fingerprint });
  });
});
