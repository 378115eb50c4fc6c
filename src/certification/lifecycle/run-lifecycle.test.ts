// The daily lifecycle job with a clock moved by hand: renewal due at 90 days, reminders at 90/30/7 days
// (each once, only the most urgent), expiry, "renewed" once the renewal is linked, the purge of the
// evidence after the retention period (shared content kept), and the account warnings that leave the
// certificates of requests to this job.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRequestInState } from '../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { attachCertificate } from '../../auth/accounts/attach-certificate.ts';
import { sendCertificateExpiryWarnings } from '../../auth/accounts/expiry-warnings.ts';
import { createCa, issueCertificate } from '../../auth/pki/issue.ts';
import type { Db } from '../../db/types.ts';
import { fixedClock } from '../../kernel/clock.ts';
import { createLogger } from '../../kernel/logger.ts';
import type { OutgoingMail } from '../../notify/index.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../tenants/user-store.ts';
import { runDailySchedules } from '../../workers/daily-schedules.ts';
import { unsafeGetRequest } from '../request-store.ts';
import { isContentReferenced } from './purge-evidence.ts';
import { runLifecycle } from './run-lifecycle.ts';

const DAY = 86_400_000;
const start = new Date('2026-03-02T07:00:00Z');

describe(`daily lifecycle job (${backend})`, () => {
  let db: Db;
  let fx: CertificationFixture;
  const clock = fixedClock(start);
  const mails: OutgoingMail[] = [];
  let failMail = false;
  let cid: string;
  let jeanId: string;

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    fx = await createCertificationFixture(db, {
      clock,
      retentionDays: 30,
      mailer: {
        send: async (m) => {
          if (failMail) throw new Error('smtp down');
          mails.push(m);
          return { messageId: `m${mails.length}` };
        },
      },
    });
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    jeanId = jean.id;
    cid = jean.memberships.find((m) => m.roles.includes('admin'))!.collectiviteId;
    const claire = (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!;
    await setRaOfficer(db, claire.id, true);
  });
  afterAll(async () => {
    fx.cleanup();
    await db.close();
  });

  const state = async (id: string) => (await unsafeGetRequest(db, id)).state;
  const reminders = async (id: string) =>
    (
      await db.query<{ days: number }>(
        'select days from certificate_request_reminders where request_id = $1 order by days desc',
        [id],
      )
    ).rows.map((r) => Number(r.days));

  it('moves a certificate to renewal due at 90 days, reminds at 90, 30 and 7 days once each, then expires it', async () => {
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      holderName: 'Agathe <Titulaire>',
      holderEmail: 'agathe@mairie.example.fr',
      notAfter: new Date(start.getTime() + 100 * DAY),
    });
    clock.set(start);
    let run = await runLifecycle(fx.deps);
    expect(run).toMatchObject({ renewalDue: 0, expired: 0, reminders: 0 });
    expect(await state(id)).toBe('active');

    clock.set(new Date(start.getTime() + 11 * DAY)); // 89 days left
    mails.length = 0;
    run = await runLifecycle(fx.deps);
    expect(run).toMatchObject({ renewalDue: 1, reminders: 1 });
    expect(await state(id)).toBe('renewal_due');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toContain('agathe@mairie.example.fr');
    expect(mail.to).toContain('jean.dupuy@example.fr'); // admin of the collectivité
    expect(mail.to).toContain('claire.valette@lozere-numerique.example.fr'); // RA officer
    expect(mail.subject).toContain('Agathe <Titulaire>');
    expect(mail.text).toContain('dans 89 jours');
    expect(mail.text).toContain(
      `https://relais.test/collectivites/${cid}/demandes-certificat/nouvelle?renouvelle=${id}`,
    );
    expect(mail.text).toContain('Le laisser expirer');
    expect(mail.html).toContain('Agathe &lt;Titulaire&gt;');
    expect(mail.html).not.toContain('<Titulaire>');

    expect((await runLifecycle(fx.deps)).reminders).toBe(0); // the same day again: nothing twice
    clock.set(new Date(start.getTime() + 50 * DAY)); // 50 days left: between thresholds
    expect((await runLifecycle(fx.deps)).reminders).toBe(0);
    clock.set(new Date(start.getTime() + 71 * DAY)); // 29 days left
    expect((await runLifecycle(fx.deps)).reminders).toBe(1);
    clock.set(new Date(start.getTime() + 94 * DAY)); // 6 days left
    expect((await runLifecycle(fx.deps)).reminders).toBe(1);
    expect(await reminders(id)).toEqual([90, 30, 7]);
    expect(mails.map((m) => m.text.match(/dans (\d+) jours/)?.[1])).toEqual(['89', '29', '6']);

    clock.set(new Date(start.getTime() + 100 * DAY + 1000));
    run = await runLifecycle(fx.deps);
    expect(run).toMatchObject({ expired: 1, reminders: 0 });
    const expired = await unsafeGetRequest(db, id);
    expect(expired.state).toBe('expired');
    expect(expired.closedAt).toEqual(clock.now());
  });

  it('sends only the most urgent reminder when several are due, and retries one whose mail failed', async () => {
    clock.set(start);
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      notAfter: new Date(start.getTime() + 20 * DAY),
    });
    failMail = true;
    expect((await runLifecycle(fx.deps)).reminders).toBe(0);
    expect(await reminders(id)).toEqual([]);
    failMail = false;
    mails.length = 0;
    expect((await runLifecycle(fx.deps)).reminders).toBe(1);
    expect(await reminders(id)).toEqual([30]);
    expect(mails).toHaveLength(1);
  });

  it('sends no reminder when the renewal is under way, and marks the old request renewed once the new one is active', async () => {
    clock.set(start);
    const old = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'renewal_due',
      notAfter: new Date(start.getTime() + 25 * DAY),
    });
    const renewal = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'submitted',
      renewsId: old,
    });
    await runLifecycle(fx.deps);
    expect(await reminders(old)).toEqual([]);
    expect(await state(old)).toBe('renewal_due');
    await db.query("update certificate_requests set state = 'active' where id = $1", [renewal]);
    const run = await runLifecycle(fx.deps);
    expect(run.renewed).toBeGreaterThanOrEqual(1);
    const replaced = await unsafeGetRequest(db, old);
    expect(replaced.state).toBe('renewed');
    expect(replaced.closedAt).not.toBeNull();
    const events = await db.query<{ action: string; note: string }>(
      'select action, note from certificate_request_events where request_id = $1',
      [old],
    );
    expect(events.rows).toEqual([
      { action: 'renewed', note: expect.stringMatching(/Remplacé par .*n° \d+/) },
    ]);
  });

  it('keeps reminding when the renewal is only a forgotten draft', async () => {
    clock.set(start);
    const old = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'renewal_due',
      notAfter: new Date(start.getTime() + 25 * DAY),
    });
    await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'draft',
      renewsId: old,
    });
    await runLifecycle(fx.deps);
    expect(await reminders(old)).toEqual([30]);
  });

  it('runs the reminders and the purge even when moving the states fails, and logs the failure', async () => {
    clock.set(start);
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      notAfter: new Date(start.getTime() + 6 * DAY),
    });
    // The database refuses the first statement of the state step only.
    const failing = new Proxy(db, {
      get(target, p) {
        if (p === 'query')
          return (text: string, params?: unknown[]) =>
            text.includes("n.state = 'active'")
              ? Promise.reject(new Error('statement timeout'))
              : target.query(text, params);
        const v = Reflect.get(target, p);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const logged: string[] = [];
    const logger = createLogger('error', {
      write: (line: string) => logged.push(line),
    } as unknown as NodeJS.WritableStream);
    const run = await runLifecycle({ ...fx.deps, db: failing, logger });
    expect(run.failed).toEqual(['states']);
    expect(await reminders(id)).toEqual([7]);
    expect(run.purge).toBeDefined();
    expect(logged.join('')).toContain('statement timeout');
  });

  it('purges the evidence of requests closed longer than the retention period, keeping content still used elsewhere', async () => {
    clock.set(start);
    const put = (text: string) => fx.deps.documents.put(Readable.from([Buffer.from(text)]));
    const own = await put('pièce d’identité de Bruno');
    const shared = await put('délibération partagée');
    const closed = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'revoked',
      closedAt: new Date(start.getTime() - 40 * DAY),
    });
    const recent = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'expired',
      closedAt: new Date(start.getTime() - 10 * DAY),
    });
    const open = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'submitted',
    });
    const addDoc = (requestId: string, kind: string, sha: string) =>
      db.query(
        `insert into certificate_request_documents (request_id, kind, file_name, media_type, size_bytes, sha256, uploaded_at)
         values ($1, $2, 'piece.pdf', 'application/pdf', 10, $3, $4)`,
        [requestId, kind, sha, start],
      );
    await addDoc(closed, 'id-copy', own.sha256);
    await addDoc(closed, 'election-record', shared.sha256);
    await addDoc(recent, 'id-copy', own.sha256 === shared.sha256 ? '' : (await put('autre pièce')).sha256);
    await addDoc(open, 'election-record', shared.sha256);

    const run = await runLifecycle(fx.deps);
    expect(run.purge).toEqual({ requests: 1, documents: 2, deletedContents: 1 });
    const docs = await db.query<{
      request_id: string;
      sha256: string | null;
      purged_at: Date | null;
      kind: string;
    }>(
      'select request_id, sha256, purged_at, kind from certificate_request_documents where request_id = any($1::uuid[])',
      [[closed, recent, open]],
    );
    for (const d of docs.rows.filter((x) => x.request_id === closed)) {
      expect(d.sha256).toBeNull();
      expect(d.purged_at).toEqual(start);
    }
    for (const d of docs.rows.filter((x) => x.request_id !== closed)) expect(d.sha256).not.toBeNull();
    expect(await fx.deps.documents.has(own.sha256)).toBe(false);
    expect(await fx.deps.documents.has(shared.sha256)).toBe(true); // the open request still needs it
    const journal = await db.query<{ reason: string; details: Record<string, unknown> }>(
      "select reason, details from security_events where kind = 'ra.evidence-purged'",
    );
    expect(journal.rows).toHaveLength(1);
    expect(journal.rows[0]!.details).toEqual({ requests: 1, documents: 2, retentionDays: 30 });
    expect((await runLifecycle(fx.deps)).purge.documents).toBe(0);
  });

  it('counts as used a content named by any other table, in a hash column or a JSON list of attachments', async () => {
    const sha = 'a'.repeat(64);
    const other = 'b'.repeat(64);
    expect(await isContentReferenced(db, sha)).toBe(false);
    await db.query(
      `insert into outbox_mails (message_id, sender, recipients, subject, body_text, raw_sha256, attachments)
       values ('m@relais', 'relais@example.fr', '{}', 'x', 'x', $1, $2::jsonb)`,
      [sha, JSON.stringify([{ filename: 'pv.pdf', sha256: other }])],
    );
    expect(await isContentReferenced(db, sha)).toBe(true);
    expect(await isContentReferenced(db, other)).toBe(true);
    expect(await isContentReferenced(db, 'c'.repeat(64))).toBe(false);
  });

  it('runs once a day from the worker schedules, and the account warnings skip certificates of requests', async () => {
    clock.set(new Date('2026-06-01T06:00:00Z'));
    const ca = await createCa('CN=AC des comptes, C=FR');
    const pem = (
      await issueCertificate(ca, 'CN=Jean Dupuy, C=FR', {
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2026-07-01T00:00:00Z'), // 30 days left
      })
    ).pem;
    const { certificate } = await attachCertificate(
      { db, clock },
      { actor: null, userId: jeanId, certificate: pem },
    );
    const other = (
      await issueCertificate(ca, 'CN=Jean Dupuy 2, C=FR', {
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2026-07-02T00:00:00Z'),
      })
    ).pem;
    const second = await attachCertificate(
      { db, clock },
      { actor: null, userId: jeanId, certificate: other },
    );
    const id = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      holderUserId: jeanId,
      userCertificateId: certificate.id,
      fingerprint: certificate.fingerprint,
      notAfter: certificate.notAfter,
    });
    // A third one, attached by hand, is the certificate of a request not linked yet: the request reminds.
    const third = (
      await issueCertificate(ca, 'CN=Jean Dupuy 3, C=FR', {
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2026-07-03T00:00:00Z'),
      })
    ).pem;
    const handAttached = await attachCertificate(
      { db, clock },
      { actor: null, userId: jeanId, certificate: third },
    );
    await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'handed_over',
      holderUserId: jeanId,
      fingerprint: handAttached.certificate.fingerprint,
      notAfter: handAttached.certificate.notAfter,
    });
    const warned = await sendCertificateExpiryWarnings({ db, clock, notify: async () => undefined });
    expect(warned.map((w) => w.certificateId)).toEqual([second.certificate.id]); // not the requests'

    mails.length = 0;
    const logger = createLogger('silent');
    const ran = await runDailySchedules({ db, clock, logger, certification: fx.deps });
    expect(ran.some((r) => r.startsWith('certificate-lifecycle:'))).toBe(true);
    expect(await reminders(id)).toEqual([30]);
    const again = await runDailySchedules({ db, clock, logger, certification: fx.deps });
    expect(again.some((r) => r.startsWith('certificate-lifecycle'))).toBe(false);
  });
});
