// Expiry warnings at 90, 30 and 7 days: which one is due (pure), and sending each once (database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../../test/support/db.ts';
import type { Db } from '../../db/types.ts';
import { fixedClock, systemClock } from '../../kernel/clock.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import { createCa, issueCertificate } from '../pki/issue.ts';
import { attachCertificate } from './attach-certificate.ts';
import { dueExpiryWarnings, type ExpiryWarning, sendCertificateExpiryWarnings } from './expiry-warnings.ts';

const DAY = 86_400_000;
const now = new Date('2026-03-01T08:00:00Z');
const inDays = (d: number) => new Date(now.getTime() + d * DAY);

describe('dueExpiryWarnings', () => {
  it('gives the most urgent threshold reached and not yet sent, and nothing for expired certificates', () => {
    const due = dueExpiryWarnings(
      [
        { certificateId: 'far', notAfter: inDays(120), sent: [] },
        { certificateId: 'd89', notAfter: inDays(89.5), sent: [] },
        { certificateId: 'd89-sent', notAfter: inDays(89.5), sent: [90] },
        { certificateId: 'd20', notAfter: inDays(20), sent: [90] },
        { certificateId: 'd20-late', notAfter: inDays(20), sent: [] },
        { certificateId: 'd5', notAfter: inDays(5), sent: [90, 30] },
        { certificateId: 'd5-done', notAfter: inDays(5), sent: [90, 30, 7] },
        { certificateId: 'gone', notAfter: inDays(-1), sent: [] },
      ],
      now,
    );
    expect(due).toEqual([
      { certificateId: 'd89', days: 90, daysLeft: 89 },
      { certificateId: 'd20', days: 30, daysLeft: 20 },
      { certificateId: 'd20-late', days: 30, daysLeft: 20 },
      { certificateId: 'd5', days: 7, daysLeft: 5 },
    ]);
  });
});

describe(`sendCertificateExpiryWarnings (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
  });
  afterAll(async () => {
    await db.close();
  });

  it('notifies each threshold once, records it, and retries a warning whose notification failed', async () => {
    const ca = await createCa('CN=AC, C=FR');
    const cert = await issueCertificate(ca, 'CN=Jean Dupuy, C=FR', {
      notBefore: inDays(-300),
      notAfter: inDays(60),
    });
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    await attachCertificate(
      { db, clock: systemClock },
      { actor: null, userId: jean.id, certificate: cert.pem },
    );
    const clock = fixedClock(now);
    const sent: ExpiryWarning[] = [];
    const notify = async (w: ExpiryWarning) => {
      sent.push(w);
    };
    expect((await sendCertificateExpiryWarnings({ db, clock, notify })).map((w) => w.days)).toEqual([90]);
    expect(await sendCertificateExpiryWarnings({ db, clock, notify })).toEqual([]);
    clock.set(inDays(31));
    await expect(
      sendCertificateExpiryWarnings({
        db,
        clock,
        notify: async () => Promise.reject(new Error('SMTP en panne')),
      }),
    ).rejects.toThrow(/SMTP/);
    expect((await sendCertificateExpiryWarnings({ db, clock, notify })).map((w) => w.days)).toEqual([30]);
    clock.set(inDays(55));
    const last = await sendCertificateExpiryWarnings({ db, clock, notify });
    expect(last).toMatchObject([{ days: 7, daysLeft: 5, user: { email: 'jean.dupuy@example.fr' } }]);
    expect(last[0]!.collectiviteIds).toEqual(jean.memberships.map((m) => m.collectiviteId));
    expect(sent.map((w) => w.days)).toEqual([90, 30, 7]);
    const journal = await db.query(
      "select count(*)::int as n from security_events where kind = 'certificate.expiry-warning'",
    );
    expect(journal.rows[0]).toEqual({ n: 3 });
  });
});
