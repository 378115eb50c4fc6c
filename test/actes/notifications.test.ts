// Notification mails on a real database (both backends): the AR mail carries the stamped PDF, a person
// can turn a kind off, reminders are queued for letters awaiting an answer, daily tasks run once a day.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessage } from '../../src/actes/protocol/index.ts';
import {
  buildActArchive,
  createAct,
  getAct,
  type NotifyDeps,
  processInboundMail,
  queueDeadlineReminders,
  sendActNotification,
  sendTransmission,
  setNotificationPreference,
  storeInboundMail,
  submitAct,
} from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { createOutboxMailer, type OutboxEntry } from '../../src/notify/index.ts';
import { addUser } from '../../src/tenants/index.ts';
import { claimDaily, runDailySchedules } from '../../src/workers/daily-schedules.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { replyArchive, replyMail } from '../support/reply-mail.ts';
import { setUpTransmission, TEST_SIREN } from '../support/transmission.ts';

describe(`notifications (${backend})`, () => {
  let db: Db;
  let deps: NotifyDeps;
  let cid: string;
  const outbox: OutboxEntry[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    cid = t.collectiviteId;
    deps = {
      ...t.deps,
      publicUrl: 'https://relais.example.fr',
      mailer: createOutboxMailer({ from: 'relais@example.fr', save: async (e) => void outbox.push(e) }),
    };
    await addUser(
      { db },
      {
        name: 'Sophie Martin',
        email: 'sophie@example.fr',
        collectiviteSiren: TEST_SIREN,
        roles: 'transmitter',
      },
    );
    await addUser(
      { db },
      { name: 'Henri Castan', email: 'henri@example.fr', collectiviteSiren: TEST_SIREN, roles: 'reader' },
    );
    const paul = await addUser(
      { db },
      { name: 'Paul Vidal', email: 'paul@example.fr', collectiviteSiren: TEST_SIREN, roles: 'admin' },
    );
    await setNotificationPreference(db, paul.user.id, 'ar', false);
  });
  afterAll(async () => {
    await db.close();
  });

  async function jobsOf(kind: string) {
    const r = await db.query<{ id: number; payload: never }>(
      `select id, payload from jobs where kind = $1 and state = 'pending' order by id`,
      [kind],
    );
    await db.query(`update jobs set state = 'done' where kind = $1`, [kind]);
    return r.rows;
  }

  it('sends the AR mail with the stamped PDF to the agents who want it, and not to readers', async () => {
    const act = await createAct(
      deps,
      cid,
      { userId: null, canTransmit: true },
      {
        numeroInterne: 'N_001',
        nature: 'DE',
        decisionDate: '2026-11-20',
        objet: 'Travaux de voirie',
        classification: '1.1',
      },
      [{ typology: '99_DE', originalName: 'd.pdf', content: Readable.from([await makePdf()]) }],
    );
    await submitAct(deps, cid, { userId: null, canTransmit: true }, act.id);
    for (const j of await jobsOf('actes.build')) await buildActArchive(deps, j.payload);
    for (const j of await jobsOf('actes.send')) await sendTransmission(deps, j.payload);
    const sent = (await getAct(db, cid, act.id))!;
    const idActe = '048-214800344-20261120-N_001-DE';
    const ar = buildMessage({
      kind: 'ARActe',
      idActe,
      dateReception: '2026-11-27',
      acteRecu: {
        date: '2026-11-20',
        numeroInterne: 'N_001',
        codeNatureActe: 1,
        codesMatiere: [1, 1],
        objet: sent.objet,
        classificationDateVersion: '2026-01-15',
        document: { nomFichier: 'x.pdf' },
        annexes: [],
      },
      classificationDateVersionEnCours: '2026-01-15',
    });
    await storeInboundMail(
      deps,
      await replyMail(await replyArchive(TEST_SIREN, [{ name: `${idActe}-1-2_1.xml`, bytes: ar }])),
      { source: 'smtp' },
    );
    for (const j of await jobsOf('actes.receive')) await processInboundMail(deps, j.payload);
    for (const j of await jobsOf('notify.act')) await sendActNotification(deps, j.payload);
    expect(outbox).toHaveLength(1);
    const mail = outbox[0]!;
    expect(mail.to).toEqual(['sophie@example.fr']);
    expect(mail.subject).toMatch(/^Accusé de réception de la préfecture : N_001/);
    expect(mail.text).toMatch(/le 27 novembre 2026/);
    expect(mail.attachments[0]!.filename).toBe(`${idActe}-tamponne.pdf`);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('queues reminders for letters awaiting an answer, and runs daily tasks once a day', async () => {
    const act = (await db.query<{ id: string }>(`select id from acts where numero_interne = 'N_001'`))
      .rows[0]!;
    await db.query(
      `insert into prefecture_messages (act_id, collectivite_id, code, date_courrier_pref, answer_deadline) values ($1, $2, '3-1', '2026-11-25', '2026-11-30')`,
      [act.id, cid],
    );
    expect(await queueDeadlineReminders(deps)).toBe(1);
    outbox.length = 0;
    for (const j of await jobsOf('notify.act')) await sendActNotification(deps, j.payload);
    expect(outbox[0]!.subject).toMatch(/^Rappel : réponse attendue avant le 30 novembre 2026/);

    expect(await claimDaily(db, 'test-task', '2026-11-27')).toBe(true);
    expect(await claimDaily(db, 'test-task', '2026-11-27')).toBe(false);
    expect(await claimDaily(db, 'test-task', '2026-11-28')).toBe(true);
    const logger = createLogger('silent');
    expect((await runDailySchedules({ db, clock: deps.clock, logger })).length).toBe(2);
    expect(await runDailySchedules({ db, clock: deps.clock, logger })).toEqual([]);
  });

  it('warns a holder and the admins of their collectivité that a certificate expires soon, once', async () => {
    const sophie = (await db.query<{ id: string }>(`select id from users where email = 'sophie@example.fr'`))
      .rows[0]!;
    const notAfter = new Date(deps.clock.now().getTime() + 20 * 86_400_000);
    await db.query(
      `insert into user_certificates (user_id, fingerprint_sha256, subject, issuer, serial_hex, not_before, not_after, pem)
       values ($1, $2, 'CN=Sophie Martin', 'CN=AC de test', '01', now() - interval '1 year', $3, 'pem')`,
      [sophie.id, 'a'.repeat(64), notAfter],
    );
    outbox.length = 0;
    const logger = createLogger('silent');
    const ran = await runDailySchedules({
      db,
      clock: deps.clock,
      logger,
      mailer: deps.mailer,
      publicUrl: 'https://relais.example.fr',
    });
    expect(ran).toContain('certificate-expiry:1');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject).toMatch(/^Certificat à renouveler : Sophie Martin/);
    expect([...outbox[0]!.to].sort()).toEqual(['paul@example.fr', 'sophie@example.fr']);
    expect(outbox[0]!.text).toMatch(/expire dans 20 jours/);
  });
});
