// The transmission service on a real database (both backends): an act from draft to AR, refusals,
// préfecture letters with automatic acknowledgements, answers, cancellation, duplicates and retries.
// The ministry is a recording double here; the end-to-end suite talks to the real simulator.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActeData,
  buildMessage,
  parseMessage,
  readArchiveFiles,
} from '../../src/actes/protocol/index.ts';
import {
  answerPrefectureMessage,
  buildActArchive,
  buildOutboundArchive,
  cancelAct,
  confirmAct,
  createAct,
  downloadPrefectureDocument,
  getAct,
  listActEvents,
  listActs,
  listPrefectureMessagesOfAct,
  processInboundMail,
  receiveInboundMail,
  reopenRefusedAct,
  type SendOutcome,
  sendTransmission,
  storeInboundMail,
  submitAct,
  type TransmissionDeps,
} from '../../src/actes/transmission/index.ts';
import type { Db, Queryable, Tx } from '../../src/db/types.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { replyArchive, replyMail } from '../support/reply-mail.ts';
import { setUpTransmission, TEST_SIREN } from '../support/transmission.ts';

const preparer = { userId: null, canTransmit: false };

/** `db` recording the text of every statement run through it, in or out of a transaction. */
function recording(db: Db, statements: string[]): Db {
  const wrap = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, key) {
        if (key === 'query')
          return (sql: string, params?: readonly unknown[]) => {
            statements.push(sql);
            return target.query(sql, params);
          };
        if (key === 'transaction')
          return <T>(fn: (tx: Tx) => Promise<T>) => db.transaction((tx) => fn(wrap(tx)));
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  return wrap(db);
}
const transmitter = { userId: null, canTransmit: true };

describe(`transmission service (${backend})`, () => {
  let db: Db;
  let deps: TransmissionDeps;
  let collectiviteId: string;
  let clock: Awaited<ReturnType<typeof setUpTransmission>>['clock'];
  const sent: { fileName: string; bytes: Buffer }[] = [];
  /** 'crash': the send throws (the process stopping mid-send, a bug in the gateway) before any outcome. */
  let nextOutcomes: (SendOutcome | 'crash')[] = [];

  beforeAll(async () => {
    db = await createTestDb();
    ({ deps, collectiviteId, clock } = await setUpTransmission(db, {
      async sendArchive(a) {
        const bytes = Buffer.concat(await a.open().toArray());
        expect(bytes.length).toBe(a.size);
        sent.push({ fileName: a.fileName, bytes });
        const next = nextOutcomes.shift() ?? { outcome: 'accepted', status: 201 };
        if (next === 'crash') throw new Error('send interrupted');
        return next;
      },
    }));
  });
  afterAll(async () => {
    await db.close();
  });

  async function runJobs(): Promise<void> {
    // Drives the queue by hand: the worker loop itself is tested in src/jobs.
    for (let i = 0; i < 20; i++) {
      const r = await db.query<{ id: number; kind: string; payload: Record<string, string> }>(
        `update jobs set state = 'done' where id = (select id from jobs where state = 'pending' order by id limit 1)
         returning id, kind, payload`,
      );
      const job = r.rows[0];
      if (!job) return;
      const handlers: Record<string, (p: never) => Promise<unknown>> = {
        'actes.build': (p) => buildActArchive(deps, p),
        'actes.outbound': (p) => buildOutboundArchive(deps, p),
        'actes.send': (p) => sendTransmission(deps, p),
        'actes.receive': (p) => processInboundMail(deps, p),
      };
      const h = handlers[job.kind];
      if (!h) continue;
      try {
        await h(job.payload as never);
      } catch {
        await db.query(`update jobs set state = 'pending' where id = $1`, [job.id]);
        return;
      }
    }
  }

  /**
   * The build job's next run (after its back-off, or a restart) hands the built archive to a send job, and
   * only that; the send job then takes the act to sent.
   */
  async function rerunBuildThenSend(actId: string): Promise<void> {
    await rerunBuildThenSendKeeping(actId, 'sent');
  }

  async function rerunBuildThenSendKeeping(actId: string, finalState: string): Promise<void> {
    expect(await buildActArchive(deps, { actId, collectiviteId })).toBeUndefined();
    const jobs = await db.query<{ kind: string }>(
      `select kind from jobs where state = 'pending' and payload->>'transmissionId' = $1`,
      [(await getAct(db, collectiviteId, actId))!.transmissionId],
    );
    expect(jobs.rows.map((j) => j.kind)).toEqual(['actes.send']);
    await db.query(`update jobs set state = 'done' where kind = 'actes.build'`);
    await runJobs();
    expect((await getAct(db, collectiviteId, actId))!.state).toBe(finalState);
  }

  async function newAct(numero: string, objet = 'Vote du budget primitif 2027') {
    return createAct(
      deps,
      collectiviteId,
      preparer,
      { numeroInterne: numero, nature: 'DE', decisionDate: '2026-11-20', objet, classification: '7.1' },
      [
        { typology: '99_DE', originalName: 'deliberation.pdf', content: Readable.from([await makePdf()]) },
        { typology: '99_AU', originalName: 'annexe.pdf', content: Readable.from([await makePdf('Annexe')]) },
      ],
    );
  }

  /** The préfecture's AR of an act (received on 27/11/2026, classification of 15/01/2026 current). */
  const arOf = (idActe: string, acte: ActeData) =>
    buildMessage({
      kind: 'ARActe',
      idActe,
      dateReception: '2026-11-27',
      acteRecu: acte,
      classificationDateVersionEnCours: '2026-01-15',
    });

  async function lastSentActe(): Promise<{ acte: ActeData; names: string[] }> {
    const archive = await readArchiveFiles(sent[sent.length - 1]!.bytes);
    if (!archive.ok) throw archive.error;
    for (const f of archive.files) {
      const m = parseMessage(f.bytes);
      if (m.ok && m.message.kind === 'Acte')
        return { acte: m.message, names: archive.files.map((x) => x.name) };
    }
    throw new Error('no Acte in the archive');
  }

  async function deliver(files: { name: string; bytes: Buffer }[], counter = 1): Promise<string> {
    const mail = await replyMail(await replyArchive(TEST_SIREN, files, counter));
    const id = await storeInboundMail(deps, mail, { source: 'smtp' });
    await runJobs();
    return id;
  }

  it('refuses a draft with every problem at once, in French', async () => {
    await expect(
      createAct(
        deps,
        collectiviteId,
        preparer,
        { numeroInterne: '_x', nature: 'ZZ', decisionDate: '2099-01-01', objet: '', classification: '7' },
        [{ typology: '99_DE', originalName: 'scan.pdf', content: Readable.from([Buffer.from('not a pdf')]) }],
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: expect.arrayContaining([
        expect.objectContaining({ field: 'numeroInterne' }),
        expect.objectContaining({ field: 'nature' }),
        expect.objectContaining({ field: 'decisionDate' }),
        expect.objectContaining({ field: 'objet' }),
        expect.objectContaining({ field: 'mainDocument', message: expect.stringMatching(/PDF/) }),
      ]),
    });
  });

  it('takes an act from a preparer’s draft through confirmation, build and send, to the AR', async () => {
    const act = await newAct('DEL2026_001');
    expect(act.state).toBe('draft');
    expect((await submitAct(deps, collectiviteId, preparer, act.id)).state).toBe('awaiting_confirmation');
    await expect(confirmAct(deps, collectiviteId, preparer, act.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await confirmAct(deps, collectiviteId, transmitter, act.id)).state).toBe('queued');
    await runJobs();
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('sent');

    const { acte, names } = await lastSentActe();
    expect(sent[sent.length - 1]!.fileName).toMatch(/^TST-TACT--214800344--20261127-\d+\.tar\.gz$/);
    expect(names).toEqual([
      expect.stringMatching(/^TACT--214800344--20261127-\d+\.xml$/),
      '048-214800344-20261120-DEL2026_001-DE-1-1_0.xml',
      '99_DE-048-214800344-20261120-DEL2026_001-DE-1-1_1.pdf',
      '99_AU-048-214800344-20261120-DEL2026_001-DE-1-1_2.pdf',
    ]);
    expect(acte.classificationDateVersion).toBe('2026-01-15');

    const idActe = '048-214800344-20261120-DEL2026_001-DE';
    const ar = arOf(idActe, acte);
    const mailId = await deliver([{ name: `${idActe}-1-2_1.xml`, bytes: ar }]);
    const done = (await getAct(db, collectiviteId, act.id))!;
    expect(done).toMatchObject({
      state: 'acknowledged',
      idActe,
      receivedDate: '2026-11-27',
      deferralDeadline: '2027-01-28',
    });
    const mail = await db.query<{ state: string }>('select state from inbound_mails where id = $1', [mailId]);
    expect(mail.rows[0]!.state).toBe('processed');

    // The same reply twice changes nothing the second time.
    await deliver([{ name: `${idActe}-1-2_1.xml`, bytes: ar }]);
    const events = (await listActEvents(db, collectiviteId, act.id)).map((e) => e.kind);
    expect(events.filter((k) => k === 'acknowledged')).toHaveLength(1);
    expect(events).toEqual([
      'created',
      'confirmation_requested',
      'confirmed',
      'built',
      'sent',
      'acknowledged',
    ]);
  });

  it('answers a created, submitted or confirmed act exactly as it is stored (no read back)', async () => {
    const act = await newAct('DEL2026_081');
    expect(act).toEqual(await getAct(db, collectiviteId, act.id));
    const awaiting = await submitAct(deps, collectiviteId, preparer, act.id);
    expect(awaiting.state).toBe('awaiting_confirmation');
    expect(awaiting).toEqual(await getAct(db, collectiviteId, act.id));
    const confirmed = await confirmAct(deps, collectiviteId, transmitter, act.id);
    expect(confirmed.state).toBe('queued');
    expect(confirmed).toEqual(await getAct(db, collectiviteId, act.id));
    const sent = await createAct(
      deps,
      collectiviteId,
      transmitter,
      {
        numeroInterne: 'DEL2026_082',
        nature: 'DE',
        decisionDate: '2026-11-20',
        objet: 'Tarifs',
        classification: '7.1',
      },
      [{ typology: '99_DE', originalName: 'deliberation.pdf', content: Readable.from([await makePdf()]) }],
      { submit: true },
    );
    expect(sent.state).toBe('queued');
    expect(sent).toEqual(await getAct(db, collectiviteId, sent.id));
    await runJobs();
  });

  it('applies a reply as soon as it is received, without a job; queues it for one when applying fails', async () => {
    async function sentAct(numero: string) {
      const act = await newAct(numero);
      await submitAct(deps, collectiviteId, transmitter, act.id);
      await runJobs();
      expect((await getAct(db, collectiviteId, act.id))!.state).toBe('sent');
      const { acte } = await lastSentActe();
      const idActe = `048-214800344-20261120-${numero}-DE`;
      const ar = arOf(idActe, acte);
      return {
        act,
        mail: await replyMail(await replyArchive(TEST_SIREN, [{ name: `${idActe}-1-2_1.xml`, bytes: ar }])),
      };
    }
    const receiveJobs = async () =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from jobs where kind = 'actes.receive' and state = 'pending'`,
        )
      ).rows[0]!.n;
    const mailState = async (id: string) =>
      (await db.query<{ state: string }>('select state from inbound_mails where id = $1', [id])).rows[0]!
        .state;

    const first = await sentAct('DEL2026_071');
    const mailId = await receiveInboundMail(deps, first.mail, { source: 'smtp' });
    expect((await getAct(db, collectiviteId, first.act.id))!.state).toBe('acknowledged');
    expect(await mailState(mailId)).toBe('processed');
    expect(await receiveJobs()).toBe(0);
    // The same mail again (the sender never saw our answer): recorded, changes nothing.
    const again = await receiveInboundMail(deps, first.mail, { source: 'smtp' });
    expect(again).not.toBe(mailId);
    expect(await mailState(again)).toBe('processed');
    const events = (await listActEvents(db, collectiviteId, first.act.id)).map((e) => e.kind);
    expect(events.filter((k) => k === 'acknowledged')).toHaveLength(1);
    // A reply that matches no act waits in the operator's inbox.
    const stray = await receiveInboundMail(
      deps,
      await replyMail(
        await replyArchive(TEST_SIREN, [{ name: 'inconnu.xml', bytes: Buffer.from('<pas-un-message/>') }]),
      ),
      { source: 'smtp' },
    );
    expect(await mailState(stray)).toBe('unmatched');

    // Applying fails (here the database refuses the first transaction): the mail, stored, waits for a job.
    const second = await sentAct('DEL2026_072');
    let failures = 1;
    const flaky: Db = new Proxy(db, {
      get(target, key) {
        if (key === 'transaction' && failures > 0) {
          failures--;
          return () => Promise.reject(new Error('connexion perdue'));
        }
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const queued = await receiveInboundMail({ ...deps, db: flaky }, second.mail, { source: 'smtp' });
    expect(await mailState(queued)).toBe('stored');
    expect((await getAct(db, collectiviteId, second.act.id))!.state).toBe('sent');
    expect(await receiveJobs()).toBe(1);
    await runJobs();
    expect((await getAct(db, collectiviteId, second.act.id))!.state).toBe('acknowledged');
    expect(await mailState(queued)).toBe('processed');
  });

  it('creates, builds and sends an act in one job, without statements that read back or clear what it just wrote', async () => {
    const statements: string[] = [];
    const d = { ...deps, db: recording(db, statements) };
    const act = await createAct(
      d,
      collectiviteId,
      transmitter,
      {
        numeroInterne: 'DEL2026_RT',
        nature: 'DE',
        decisionDate: '2026-11-20',
        objet: 'Tarifs',
        classification: '7.1',
      },
      [
        { typology: '99_DE', originalName: 'deliberation.pdf', content: Readable.from([await makePdf()]) },
        { typology: '99_AU', originalName: 'annexe.pdf', content: Readable.from([await makePdf('Annexe')]) },
      ],
    );
    expect(act.documents.map((x) => x.typology)).toEqual(['99_DE', '99_AU']);
    expect((await submitAct(d, collectiviteId, transmitter, act.id)).state).toBe('queued');
    const before = sent.length;
    expect(await buildActArchive(d, { actId: act.id, collectiviteId })).toBeUndefined();
    const built = (await getAct(db, collectiviteId, act.id))!;
    expect(built.state).toBe('sent');
    expect(sent.length).toBe(before + 1);
    const t = await db.query<{ state: string; envelope_name: string }>(
      'select state, envelope_name from transmissions where id = $1',
      [built.transmissionId],
    );
    expect(t.rows[0]).toMatchObject({ state: 'sent', envelope_name: expect.stringMatching(/^TACT--/) });
    // A new act has no documents to delete; the transmission just inserted comes back from its insert,
    // and the send that follows in the same job uses it as built; no send job is queued.
    expect(statements.filter((q) => /delete from act_documents/.test(q))).toEqual([]);
    expect(statements.filter((q) => /select \* from transmissions where id/.test(q))).toEqual([]);
    expect(statements.filter((q) => /insert into jobs/.test(q))).toHaveLength(1);
    await runJobs();
  });

  it('holds archives outside the sending window and under the hourly ceiling, then sends them', async () => {
    const act = await newAct('DEL2026_020');
    await submitAct(deps, collectiviteId, transmitter, act.id);
    const saved = deps.settings;
    // 10:00 UTC is 11:00 in Paris: outside a 20:00-06:00 window.
    deps.settings = { ...saved, window: { from: 20 * 60, to: 6 * 60 } };
    const built = await db.query<{ id: string; payload: { actId: string; collectiviteId: string } }>(
      `select id, payload from jobs where kind = 'actes.build' and state = 'pending'`,
    );
    for (const j of built.rows) await buildActArchive(deps, j.payload);
    await db.query(`update jobs set state = 'done' where kind = 'actes.build'`);
    const send = await db.query<{ payload: { transmissionId: string } }>(
      `select payload from jobs where kind = 'actes.send' and state = 'pending'`,
    );
    const held = await sendTransmission(deps, send.rows[0]!.payload);
    expect(held).toMatchObject({ outcome: 'retry-at', at: new Date('2026-11-27T19:00:00Z') });
    deps.settings = { ...saved, maxBytesPerHour: 1 };
    expect(await sendTransmission(deps, send.rows[0]!.payload)).toMatchObject({ outcome: 'retry-at' });
    deps.settings = saved;
    await runJobs();
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('sent');
  });

  it('refuses to reuse a NumeroInterne, for ever', async () => {
    await expect(newAct('DEL2026_001')).rejects.toMatchObject({
      problems: [
        expect.objectContaining({ field: 'numeroInterne', message: expect.stringMatching(/déjà utilisé/) }),
      ],
    });
  });

  it('resends the same archive after an ambiguous failure, never a new envelope', async () => {
    const act = await newAct('DEL2026_002');
    nextOutcomes = [{ outcome: 'unknown', reason: 'timeout after the body' }];
    await submitAct(deps, collectiviteId, transmitter, act.id);
    const before = sent.length;
    await runJobs();
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('error');
    // The préfecture may hold it already: no new envelope while the same archive is being resent.
    await expect(reopenRefusedAct(deps, collectiviteId, transmitter, act.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/renvoie automatiquement/),
    });
    await runJobs();
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('sent');
    expect(sent.length).toBe(before + 2);
    expect(sent[before]!.fileName).toBe(sent[before + 1]!.fileName);
    expect(sent[before]!.bytes.equals(sent[before + 1]!.bytes)).toBe(true);
  });

  it('after a failed send in the build job, sends the same archive even if the act would no longer pass our checks', async () => {
    const act = await newAct('DEL2026_002B');
    nextOutcomes = [{ outcome: 'not-sent', reason: 'connection refused' }];
    await submitAct(deps, collectiviteId, transmitter, act.id);
    const before = sent.length;
    await expect(buildActArchive(deps, { actId: act.id, collectiviteId })).rejects.toThrow(/not-sent/);
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('error');
    // Our check would now refuse it (a matière the classification does not have): the préfecture may
    // already hold the archive, so the next run hands it to the send job instead of refusing it.
    await db.query('update acts set matiere_codes = $2 where id = $1', [act.id, [9, 9]]);
    await rerunBuildThenSend(act.id);
    expect(sent.length).toBe(before + 2);
    expect(sent[before]!.bytes.equals(sent[before + 1]!.bytes)).toBe(true);
  });

  it('hands an act left built by a send that never recorded its outcome to the send job, with the same archive', async () => {
    const act = await newAct('DEL2026_002C');
    nextOutcomes = ['crash'];
    await submitAct(deps, collectiviteId, transmitter, act.id);
    const before = sent.length;
    await expect(buildActArchive(deps, { actId: act.id, collectiviteId })).rejects.toThrow(/interrupted/);
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('built');
    await rerunBuildThenSend(act.id);
    // The interrupted post and the send job's carry the archive built the first time, byte for byte.
    expect(sent.length).toBe(before + 2);
    const t = await db.query<{ archive_sha256: string }>(
      'select archive_sha256 from transmissions where act_id = $1',
      [act.id],
    );
    expect(t.rows).toHaveLength(1);
    for (const post of sent.slice(before))
      expect(createHash('sha256').update(post.bytes).digest('hex')).toBe(t.rows[0]!.archive_sha256);
  });

  it('records the sending date of an act whose AR was applied before its send was recorded', async () => {
    const act = await newAct('DEL2026_002D');
    nextOutcomes = ['crash'];
    await submitAct(deps, collectiviteId, transmitter, act.id);
    await expect(buildActArchive(deps, { actId: act.id, collectiviteId })).rejects.toThrow(/interrupted/);
    // The préfecture got the interrupted post and answered before the send was recorded.
    const { acte } = await lastSentActe();
    const idActe = '048-214800344-20261120-DEL2026_002D-DE';
    const ar = arOf(idActe, acte);
    await receiveInboundMail(
      deps,
      await replyMail(await replyArchive(TEST_SIREN, [{ name: `${idActe}-1-2_1.xml`, bytes: ar }], 9)),
      { source: 'smtp' },
    );
    expect(await getAct(db, collectiviteId, act.id)).toMatchObject({ state: 'acknowledged', sentAt: null });
    await rerunBuildThenSendKeeping(act.id, 'acknowledged');
    const done = (await getAct(db, collectiviteId, act.id))!;
    expect(done.state).toBe('acknowledged');
    expect(done.sentAt).toBeInstanceOf(Date);
    const events = (await listActEvents(db, collectiviteId, act.id)).map((e) => e.kind);
    expect(events.filter((k) => k === 'sent')).toHaveLength(1);
  });

  it('shows the préfecture’s words when it refuses an act, then lets it be fixed and resent', async () => {
    const act = await newAct('DEL2026_003');
    await submitAct(deps, collectiviteId, transmitter, act.id);
    await runJobs();
    const { acte } = await lastSentActe();
    const detail = "ODT-VERIF-01 : la classification utilisée n'est pas la version en cours.";
    const anomaly = buildMessage({
      kind: 'AnomalieActe',
      date: '2026-11-27',
      nature: '005',
      detail,
      acteRecu: acte,
      classificationDateVersionEnCours: '2026-11-01',
    });
    await deliver([{ name: '048-214800344-20261120-DEL2026_003-DE-1-3_1.xml', bytes: anomaly }], 2);
    const refused = (await getAct(db, collectiviteId, act.id))!;
    expect(refused).toMatchObject({ state: 'refused', refusalNature: '005', refusalDetail: detail });
    // A newer classification was announced: a 7-1 is queued.
    const jobs = await db.query<{ n: number }>(
      `select count(*)::int as n from jobs where kind = 'actes.classify'`,
    );
    expect(jobs.rows[0]!.n).toBe(1);
    expect((await reopenRefusedAct(deps, collectiviteId, transmitter, act.id)).state).toBe('draft');
  });

  it('marks every act of an envelope refused as a whole (ANO_ file)', async () => {
    const act = await newAct('DEL2026_004');
    await submitAct(deps, collectiviteId, transmitter, act.id);
    await runJobs();
    const archiveName = sent[sent.length - 1]!.fileName;
    const envelopeName = `${archiveName.replace(/^TST-/, '').replace(/\.tar\.gz$/, '')}.xml`;
    const archive = await readArchiveFiles(sent[sent.length - 1]!.bytes);
    if (!archive.ok) throw archive.error;
    const env = parseMessage(archive.files.find((f) => f.name === envelopeName)!.bytes);
    if (!env.ok || env.message.kind !== 'EnveloppeCLMISILL') throw new Error('no envelope');
    const { kind: _k, ...enveloppeRecue } = env.message;
    const ano = buildMessage({
      kind: 'AnomalieEnveloppe',
      date: '2026-11-27',
      nature: '002',
      detail: 'PREF-VERIF-02 : SIREN non référencé',
      enveloppeRecue,
    });
    const mail = await replyMail({ name: `ANO_${envelopeName}`, bytes: ano });
    await storeInboundMail(deps, mail, { source: 'smtp' });
    await runJobs();
    expect(await getAct(db, collectiviteId, act.id)).toMatchObject({
      state: 'refused',
      refusalDetail: 'PREF-VERIF-02 : SIREN non référencé',
    });
  });

  it('records a request for documents, acknowledges it automatically (3-2) and sends the answer (3-4)', async () => {
    const act = (await listActs(db, [collectiviteId], { state: 'acknowledged' })).items[0]!;
    const letterPdf = await makePdf('Demande de pièces');
    const request = buildMessage({
      kind: 'DemandePieceComplementaire',
      idActe: act.idActe!,
      dateCourrierPref: '2026-12-01',
      descriptionPieces: 'Le rapport de présentation du budget.',
      document: { nomFichier: `${act.idActe}-3-1_2.pdf` },
    });
    const before = sent.length;
    await deliver(
      [
        { name: `${act.idActe}-3-1_1.xml`, bytes: request },
        { name: `${act.idActe}-3-1_2.pdf`, bytes: letterPdf },
      ],
      3,
    );
    const [pm] = await listPrefectureMessagesOfAct(db, collectiviteId, act.id);
    expect(pm).toMatchObject({
      code: '3-1',
      state: 'acknowledged',
      description: 'Le rapport de présentation du budget.',
    });
    expect(pm!.documents).toHaveLength(1);
    const letter = await downloadPrefectureDocument(deps, collectiviteId, pm!.id, 1);
    expect(letter).toMatchObject({ fileName: `${act.idActe}-3-1_2.pdf`, contentType: 'application/pdf' });
    expect(Buffer.concat(await letter.stream.toArray()).equals(letterPdf)).toBe(true);
    await expect(
      downloadPrefectureDocument(deps, '00000000-0000-4000-8000-000000000000', pm!.id, 1),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(sent.length).toBe(before + 1);
    expect(sent[before]!.fileName).toMatch(/^TST-TACT--214800344--/);
    expect((await getAct(db, collectiviteId, act.id))!.deferralDeadline).toBeNull(); // suspended

    clock.set('2026-12-03T10:00:00Z');
    await answerPrefectureMessage(deps, collectiviteId, transmitter, pm!.id, '3-4', [
      { typology: '99_AU', originalName: 'rapport.pdf', content: Readable.from([await makePdf('Rapport')]) },
    ]);
    await runJobs();
    const [answered] = await listPrefectureMessagesOfAct(db, collectiviteId, act.id);
    expect(answered).toMatchObject({ state: 'answered', answerCode: '3-4' });
    // Two months (délai franc) from the answer sent on 3 December.
    expect((await getAct(db, collectiviteId, act.id))!.deferralDeadline).toBe('2027-02-04');
  });

  it('cancels an acknowledged act with a 6-1 and closes it on the 6-2', async () => {
    const act = (await listActs(db, [collectiviteId], { state: 'acknowledged' })).items[0]!;
    expect((await cancelAct(deps, collectiviteId, transmitter, act.id)).state).toBe('cancelling');
    await runJobs();
    const ack = buildMessage({ kind: 'ARAnnulation', idActe: act.idActe!, dateReception: '2026-11-28' });
    await deliver([{ name: `${act.idActe}-6-2_1.xml`, bytes: ack }], 4);
    expect((await getAct(db, collectiviteId, act.id))!.state).toBe('cancelled');
  });

  it('puts a reply that matches no act in the error inbox', async () => {
    const stray = buildMessage({
      kind: 'ARAnnulation',
      idActe: '048-214800344-20261120-INCONNU-DE',
      dateReception: '2026-11-28',
    });
    const id = await deliver([{ name: 'x-6-2_1.xml', bytes: stray }], 5);
    const r = await db.query<{ state: string; error: string }>(
      'select state, error from inbound_mails where id = $1',
      [id],
    );
    expect(r.rows[0]).toMatchObject({
      state: 'unmatched',
      error: expect.stringMatching(/aucun acte correspondant/),
    });
  });

  it('never shows an act to another collectivité', async () => {
    const act = (await listActs(db, [collectiviteId], {})).items[0]!;
    const other = '00000000-0000-4000-8000-000000000000';
    expect(await getAct(db, other, act.id)).toBeNull();
    expect((await listActs(db, [other], {})).items).toEqual([]);
  });

  it('searches acts by words of the objet, matière and state, page by page', async () => {
    await newAct('DEL2026_010', 'Tarifs de la cantine scolaire');
    const byWords = await listActs(db, [collectiviteId], { q: 'cantine' });
    expect(byWords.items.map((a) => a.numeroInterne)).toEqual(['DEL2026_010']);
    const page1 = await listActs(db, [collectiviteId], { matiere: '7.1', limit: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await listActs(db, [collectiviteId], {
      matiere: '7.1',
      limit: 2,
      cursor: page1.nextCursor!,
    });
    expect(page2.items.map((a) => a.id)).not.toContain(page1.items[0]!.id);
    await expect(listActs(db, [collectiviteId], { state: 'perdu' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
