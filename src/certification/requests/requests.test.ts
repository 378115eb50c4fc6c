// The request and its file on the database: who may create, correct, complete, submit, check, return,
// cancel and read at each step; the CA's checklist blocking submit and check; reasons of a return; a
// stale version refused; mails to the other side; renewals prefilled from the holder's last request.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCertificationFixture } from '../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../test/support/db.ts';
import { makePdf } from '../../../test/support/pdf.ts';
import { type Principal, personPrincipal, type ScopedCollectiviteId } from '../../auth/policy.ts';
import type { Db } from '../../db/types.ts';
import { fixedClock } from '../../kernel/clock.ts';
import type { AppError } from '../../kernel/errors.ts';
import type { OutgoingMail } from '../../notify/index.ts';
import { demoCollectivites } from '../../tenants/demo-data.ts';
import { findCollectiviteBySiren, getUser, insertUser, seedDemo, setRaOfficer } from '../../tenants/index.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import type { CertificationDeps } from '../deps.ts';
import { unsafeGetRequest } from '../request-store.ts';
import {
  cancelRequest,
  checkRequest,
  createRequest,
  detectMediaType,
  editRequest,
  fileChecklist,
  listRequestsOfCollectivite,
  MAX_DOCUMENT_BYTES,
  openDocument,
  type RequestForm,
  renewalForm,
  returnRequest,
  reviewDocument,
  submitRequest,
  unsafeListRequestsInStates,
  uploadDocument,
} from './index.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe(`certificate requests and their file (${backend})`, () => {
  let db: Db;
  let deps: CertificationDeps;
  let productId: string;
  let cid: string;
  let otherCid: string;
  const mails: OutgoingMail[] = [];
  const clock = fixedClock('2026-11-02T09:00:00Z');
  const who: Record<string, Principal> = {};
  let cleanup: () => void;

  const principalOf = async (email: string) =>
    personPrincipal({ user: (await findUserByEmail(db, email))!, via: 'demo', assurance: 'demo' });
  const form = (over: Partial<RequestForm> = {}): RequestForm => ({
    holderName: 'Lucie Bonnal',
    holderFunction: 'Secrétaire de mairie',
    holderEmail: 'Lucie.Bonnal@example.fr',
    holderPhone: '04 66 12 34 56',
    holderIsElected: false,
    holderRoles: ['transmitter'],
    holderUserId: '',
    legalRepName: 'Jean Dupuy',
    legalRepFunction: 'Maire',
    purposes: ['actes'],
    productId,
    ...over,
  });
  const pdf = async () => Readable.from([await makePdf()]);
  const upload = async (p: Principal, rid: string, kind: string) =>
    uploadDocument(deps, p, rid, { kind, fileName: `${kind}.pdf`, content: await pdf() });
  const draft = () => createRequest(deps, who.admin!, cid, form());
  const complete = async () => {
    const r = await draft();
    for (const k of ['id-copy', 'election-record', 'subscription-contract'])
      await upload(who.admin!, r.id, k);
    return r;
  };
  const submitted = async () => {
    const r = await complete();
    return submitRequest(deps, who.admin!, r.id, r.version);
  };

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    const fixture = await createCertificationFixture(db, {
      clock,
      mailer: {
        send: async (m) => {
          mails.push(m);
          return { messageId: `m${mails.length}` };
        },
      },
    });
    deps = fixture.deps;
    productId = fixture.manualProductId;
    cleanup = fixture.cleanup;
    cid = (await findCollectiviteBySiren(db, demoCollectivites()[4]!.siren!))!.id;
    otherCid = (await findCollectiviteBySiren(db, demoCollectivites()[0]!.siren!))!.id;
    const officer = await insertUser(db, {
      name: 'Rémi Officier',
      email: 'remi.officier@syndicat.example.fr',
      phone: null,
      function: null,
      isOperatorAdmin: false,
    });
    await setRaOfficer(db, officer, true);
    // The demo makes the operator admin an RA officer too: here she is only the operator admin.
    await setRaOfficer(
      db,
      (await findUserByEmail(db, 'claire.valette@lozere-numerique.example.fr'))!.id,
      false,
    );
    who.admin = await principalOf('jean.dupuy@example.fr');
    who.preparer = await principalOf('lucie.bonnal@example.fr'); // also the holder of the requests below
    who.reader = await principalOf('henri.castan@example.fr');
    who.otherAdmin = await principalOf('paul.vidal@example.fr');
    who.operator = await principalOf('claire.valette@lozere-numerique.example.fr');
    who.ra = personPrincipal({ user: (await getUser(db, officer))!, via: 'demo', assurance: 'demo' });
  });
  beforeEach(() => {
    mails.length = 0;
    clock.advance(60_000);
  });
  afterAll(async () => {
    await db.close();
    cleanup();
  });

  it('creates a draft for an admin of the collectivité, with its creation in the history, the holder found by e-mail', async () => {
    const r = await draft();
    expect(r).toMatchObject({
      state: 'draft',
      kind: 'new',
      collectiviteId: cid,
      holderUserId: who.preparer!.user!.id,
      holder: { email: 'lucie.bonnal@example.fr', roles: ['transmitter'], isElected: false },
      legalRep: { name: 'Jean Dupuy', function: 'Maire' },
      authorityCode: 'cci-test',
      version: 1,
    });
    const events = await db.query(
      'select action, from_state, to_state, actor_user_id from certificate_request_events where request_id = $1',
      [r.id],
    );
    expect(events.rows).toEqual([
      { action: 'create', from_state: null, to_state: 'draft', actor_user_id: who.admin!.user!.id },
    ]);
    const byRa = await createRequest(deps, who.ra!, cid, form({ holderEmail: 'nouvel.agent@example.fr' }));
    expect(byRa.holderUserId).toBeNull();
  });

  it('refuses creation to a preparer, a reader, the operator admin (not found for another collectivité’s admin)', async () => {
    for (const p of [who.preparer!, who.reader!, who.operator!]) {
      const e = await caught(createRequest(deps, p, cid, form()));
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toContain('administrateurs de la collectivité');
    }
    expect((await caught(createRequest(deps, who.otherAdmin!, cid, form()))).code).toBe('NOT_FOUND');
    expect((await caught(createRequest(deps, who.admin!, 'pas-un-id', form()))).code).toBe('NOT_FOUND');
  });

  it('lists every problem of the form in French, beside its field', async () => {
    const e = await caught(
      createRequest(deps, who.admin!, cid, {
        ...form(),
        holderName: ' ',
        holderFunction: '',
        holderEmail: 'pas une adresse',
        holderPhone: 'abc',
        holderRoles: [],
        legalRepName: '',
        legalRepFunction: '',
        purposes: [],
        productId: '',
      }),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.problems.map((p) => p.field).sort()).toEqual(
      [
        'holderEmail',
        'holderFunction',
        'holderName',
        'holderPhone',
        'holderRoles',
        'legalRepFunction',
        'legalRepName',
        'productId',
        'purposes',
      ].sort(),
    );
    expect(e.problems.find((p) => p.field === 'productId')!.message).toContain('Choisissez le certificat');
    const stranger = await findUserByEmail(db, 'paul.vidal@example.fr');
    const e2 = await caught(createRequest(deps, who.admin!, cid, form({ holderUserId: stranger!.id })));
    expect(e2.problems).toEqual([
      expect.objectContaining({
        field: 'holderUserId',
        message: expect.stringContaining('ne fait pas partie'),
      }),
    ]);
  });

  it('accepts PDF, JPEG and PNG by their first bytes only, up to 10 MB, and keeps nothing refused', async () => {
    expect(detectMediaType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(detectMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectMediaType(PNG)).toBe('image/png');
    expect(detectMediaType(Buffer.from('MZ\x90\x00'))).toBeNull();
    const r = await draft();
    const fake = await caught(
      uploadDocument(deps, who.admin!, r.id, {
        kind: 'id-copy',
        fileName: 'identite.pdf',
        content: Readable.from([Buffer.from('<html>pas un pdf</html>')]),
      }),
    );
    expect(fake.code).toBe('VALIDATION_FAILED');
    expect(fake.message).toContain('ni un PDF, ni une image JPEG ou PNG');
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    big.write('%PDF-1.4');
    const tooBig = await caught(
      uploadDocument(deps, who.admin!, r.id, {
        kind: 'id-copy',
        fileName: 'gros.pdf',
        content: Readable.from([big.subarray(0, 4_000_000), big.subarray(4_000_000)]),
      }),
    );
    expect(tooBig.code).toBe('DOCUMENT_TOO_LARGE');
    const png = await uploadDocument(deps, who.ra!, r.id, {
      kind: 'id-copy',
      fileName: 'C:\\scans\\identite.png',
      content: Readable.from([PNG]),
    });
    expect(png).toMatchObject({
      mediaType: 'image/png',
      fileName: 'identite.png',
      sizeBytes: PNG.length,
      review: 'pending',
    });
    const rows = await db.query(
      'select count(*)::int as n from certificate_request_documents where request_id = $1',
      [r.id],
    );
    expect(rows.rows[0]).toEqual({ n: 1 });
    expect((await caught(upload(who.preparer!, r.id, 'id-copy'))).code).toBe('FORBIDDEN');
    expect((await caught(upload(who.otherAdmin!, r.id, 'id-copy'))).code).toBe('NOT_FOUND');
    expect((await caught(upload(who.admin!, r.id, 'handover-report'))).code).toBe('VALIDATION_FAILED');
  });

  it('refuses to submit while a document of the CA’s checklist is missing, saying which ones', async () => {
    const r = await draft();
    await upload(who.admin!, r.id, 'id-copy');
    const e = await caught(submitRequest(deps, who.admin!, r.id, r.version));
    expect(e.code).toBe('CERT_REQUEST_STATE');
    expect(e.message).toContain('Délibération ou procès-verbal d’élection');
    expect(e.message).toContain('Contrat d’abonnement signé');
    expect(e.message).not.toContain('pièce d’identité');
    expect((await unsafeGetRequest(db, r.id)).state).toBe('draft');
    expect(mails).toEqual([]);
  });

  it('lets only the collectivité submit a complete file, and tells the RA officers', async () => {
    const r = await complete();
    expect((await caught(submitRequest(deps, who.ra!, r.id, r.version))).code).toBe('FORBIDDEN');
    expect((await caught(submitRequest(deps, who.preparer!, r.id, r.version))).code).toBe('FORBIDDEN');
    expect((await caught(submitRequest(deps, who.otherAdmin!, r.id, r.version))).code).toBe('NOT_FOUND');
    const done = await submitRequest(deps, who.admin!, r.id, r.version);
    expect(done).toMatchObject({ state: 'submitted', version: 2 });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['remi.officier@syndicat.example.fr']);
    expect(mails[0]!.subject).toBe(`Demande de certificat n° ${r.number} à vérifier : ${r.collectiviteName}`);
    expect(mails[0]!.text).toContain(`https://relais.test/certificats/demandes/${r.id}`);
  });

  it('refuses a step taken on a version someone else already changed', async () => {
    const r = await complete();
    await editRequest(deps, who.ra!, r.id, r.version, form({ holderFunction: 'Secrétaire générale' }));
    const stale = await caught(submitRequest(deps, who.admin!, r.id, r.version));
    expect(stale.code).toBe('CERT_REQUEST_STATE');
    expect(stale.message).toContain('modifiée entre-temps');
    const staleEdit = await caught(editRequest(deps, who.admin!, r.id, r.version, form()));
    expect(staleEdit.message).toContain('modifiée entre-temps');
    const now = await unsafeGetRequest(db, r.id);
    expect(now).toMatchObject({ state: 'draft', version: 2, holder: { function: 'Secrétaire générale' } });
  });

  it('lets an RA officer review documents (a refusal says why) and validate only an all-accepted file', async () => {
    const r = await submitted();
    mails.length = 0;
    const docs = (await fileChecklist(db, r)).items.map((i) => i.document!);
    expect(
      (await caught(reviewDocument(deps, who.admin!, r.id, docs[0]!.id, { decision: 'accepted', note: '' })))
        .code,
    ).toBe('FORBIDDEN');
    const noNote = await caught(
      reviewDocument(deps, who.ra!, r.id, docs[0]!.id, { decision: 'refused', note: ' ' }),
    );
    expect(noNote.problems[0]).toMatchObject({ field: 'note' });
    await reviewDocument(deps, who.ra!, r.id, docs[0]!.id, { decision: 'accepted', note: '' });
    await reviewDocument(deps, who.ra!, r.id, docs[1]!.id, {
      decision: 'refused',
      note: 'Délibération non signée',
    });
    const blocked = await caught(checkRequest(deps, who.ra!, r.id, 2));
    expect(blocked.code).toBe('CERT_REQUEST_STATE');
    expect(blocked.message).toContain('Délibération ou procès-verbal');
    expect(blocked.message).toContain('Contrat d’abonnement signé');
    await reviewDocument(deps, who.ra!, r.id, docs[1]!.id, { decision: 'accepted', note: '' });
    await reviewDocument(deps, who.ra!, r.id, docs[2]!.id, { decision: 'accepted', note: '' });
    expect((await caught(checkRequest(deps, who.admin!, r.id, 2))).code).toBe('FORBIDDEN');
    const checked = await checkRequest(deps, who.ra!, r.id, 2);
    expect(checked.state).toBe('checked');
    expect(mails.map((m) => m.to)).toEqual([['jean.dupuy@example.fr']]);
    expect(mails[0]!.subject).toContain('validée par le syndicat');
  });

  it('returns a file only with reasons, kept on the request and in the history; a refused document is replaced and the file submitted again', async () => {
    const r = await submitted();
    mails.length = 0;
    const noReason = await caught(returnRequest(deps, who.ra!, r.id, 2, '  '));
    expect(noReason.problems[0]).toMatchObject({ field: 'motifs' });
    expect((await caught(returnRequest(deps, who.admin!, r.id, 2, 'x'))).code).toBe('FORBIDDEN');
    const contract = (await fileChecklist(db, r)).items.find((i) => i.kind === 'subscription-contract')!
      .document!;
    await reviewDocument(deps, who.ra!, r.id, contract.id, {
      decision: 'refused',
      note: 'Contrat non signé',
    });
    const back = await returnRequest(deps, who.ra!, r.id, 2, 'Le contrat doit être signé par le maire.');
    expect(back).toMatchObject({
      state: 'returned',
      returnReasons: 'Le contrat doit être signé par le maire.',
    });
    const ev = await db.query<{ action: string; note: string }>(
      "select action, note from certificate_request_events where request_id = $1 and action = 'return'",
      [r.id],
    );
    expect(ev.rows).toEqual([{ action: 'return', note: 'Le contrat doit être signé par le maire.' }]);
    expect(mails[0]!.to).toEqual(['jean.dupuy@example.fr']);
    expect(mails[0]!.text).toContain('Le contrat doit être signé par le maire.');
    // The refused contract counts as missing until replaced.
    expect((await caught(submitRequest(deps, who.admin!, r.id, back.version))).message).toContain(
      'Contrat d’abonnement',
    );
    await editRequest(deps, who.admin!, r.id, back.version, form({ holderPhone: '' }));
    await upload(who.admin!, r.id, 'subscription-contract');
    const again = await submitRequest(deps, who.admin!, r.id, back.version + 1);
    expect(again).toMatchObject({ state: 'submitted', returnReasons: null });
    const list = await fileChecklist(db, again);
    expect(list.items.map((i) => i.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('freezes the request once submitted: no correction, documents still added by the collectivité', async () => {
    const r = await submitted();
    const e = await caught(editRequest(deps, who.admin!, r.id, r.version, form()));
    expect(e.code).toBe('CERT_REQUEST_STATE');
    expect(e.message).toContain('Déposée par la collectivité');
    await upload(who.admin!, r.id, 'other');
    await db.query(
      "update certificate_requests set state = 'sent_to_ca', version = version + 1 where id = $1",
      [r.id],
    );
    expect((await caught(upload(who.admin!, r.id, 'id-copy'))).code).toBe('CERT_REQUEST_STATE');
    expect((await upload(who.ra!, r.id, 'other')).kind).toBe('other');
  });

  it('lets the collectivité or the syndicat cancel, not the holder', async () => {
    const a = await draft();
    expect((await caught(cancelRequest(deps, who.preparer!, a.id, 1))).code).toBe('FORBIDDEN');
    expect((await cancelRequest(deps, who.admin!, a.id, 1, 'Agent parti')).state).toBe('cancelled');
    const b = await submitted();
    const c = await cancelRequest(deps, who.ra!, b.id, b.version);
    expect(c.state).toBe('cancelled');
    expect(c.closedAt).not.toBeNull();
  });

  it('opens a document to the holder, the collectivité’s admins and RA officers, journaling each read; others get not found, journaled', async () => {
    const r = await draft();
    const bytes = await makePdf();
    const doc = await uploadDocument(deps, who.admin!, r.id, {
      kind: 'id-copy',
      fileName: 'identite.pdf',
      content: Readable.from([bytes]),
    });
    for (const p of [who.preparer!, who.admin!, who.ra!]) {
      const { document, content } = await openDocument(deps, p, r.id, doc.id, { ip: '192.0.2.1' });
      const chunks: Buffer[] = [];
      for await (const c of content) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      expect(document.mediaType).toBe('application/pdf');
    }
    const journal = await db.query<{
      user_id: string;
      collectivite_id: string;
      details: Record<string, unknown>;
    }>(
      "select user_id, collectivite_id, details from security_events where kind = 'certificate-request.document-read' and details->>'document' = $1 order by id",
      [doc.id],
    );
    expect(journal.rows.map((x) => x.user_id)).toEqual(
      [who.preparer!, who.admin!, who.ra!].map((p) => p.user!.id),
    );
    expect(journal.rows[0]).toMatchObject({
      collectivite_id: cid,
      details: { certificateRequest: r.id, number: r.number, documentKind: 'id-copy' },
    });
    for (const p of [who.operator!, who.otherAdmin!, who.reader!])
      expect((await caught(openDocument(deps, p, r.id, doc.id))).code).toBe('NOT_FOUND');
    const denied = await db.query(
      "select count(*)::int as n from security_events where kind = 'access.denied' and details->>'document' = $1",
      [doc.id],
    );
    expect(denied.rows[0]).toEqual({ n: 3 });
    expect(
      (await caught(openDocument(deps, who.admin!, r.id, '00000000-0000-4000-8000-000000000000'))).code,
    ).toBe('NOT_FOUND');
  });

  it('prefills a renewal from the holder’s last request, once per certificate', async () => {
    const first = await draft();
    expect((await caught(renewalForm(deps, who.admin!, cid, first.id))).code).toBe('CERT_REQUEST_STATE');
    await db.query(
      `update certificate_requests set state = 'active', cert_fingerprint = $2, cert_serial_hex = '01', cert_subject = 'CN=Lucie',
         cert_issuer = 'CN=CCI', cert_not_before = now(), cert_not_after = now() + interval '30 days', cert_pem = 'x'
       where id = $1`,
      [first.id, first.id.replace(/-/g, '').padEnd(64, '0')],
    );
    // A later request of the same holder, with her new function: the renewal starts from it.
    await createRequest(
      deps,
      who.admin!,
      cid,
      form({ holderFunction: 'Directrice générale des services', purposes: ['actes', 'helios'] }),
    );
    const { form: pre, renews } = await renewalForm(deps, who.admin!, cid, first.id);
    expect(renews.id).toBe(first.id);
    expect(pre).toMatchObject({
      holderFunction: 'Directrice générale des services',
      purposes: ['actes', 'helios'],
      productId,
    });
    expect((await caught(renewalForm(deps, who.otherAdmin!, cid, first.id))).code).toBe('NOT_FOUND');
    expect((await caught(renewalForm(deps, who.otherAdmin!, otherCid, first.id))).code).toBe('NOT_FOUND');
    const renewal = await createRequest(deps, who.admin!, cid, pre, { renewsId: first.id });
    expect(renewal).toMatchObject({ kind: 'renewal', renewsId: first.id, state: 'draft' });
    const note = await db.query('select note from certificate_request_events where request_id = $1', [
      renewal.id,
    ]);
    expect(note.rows[0]).toEqual({ note: `Renouvellement de la demande n° ${first.number}` });
    const twice = await caught(createRequest(deps, who.admin!, cid, pre, { renewsId: first.id }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toContain(`n° ${renewal.number}`);
  });

  it('creates one renewal when two are created at once for the same certificate, the other refused in French', async () => {
    const first = await draft();
    await db.query(
      `update certificate_requests set state = 'active', cert_fingerprint = $2, cert_serial_hex = '02', cert_subject = 'CN=Lucie',
         cert_issuer = 'CN=CCI', cert_not_before = now(), cert_not_after = now() + interval '30 days', cert_pem = 'x'
       where id = $1`,
      [first.id, first.id.replace(/-/g, '').padEnd(64, '1')],
    );
    const outcomes = await Promise.allSettled([
      createRequest(deps, who.admin!, cid, form(), { renewsId: first.id }),
      createRequest(deps, who.admin!, cid, form(), { renewsId: first.id }),
    ]);
    const created = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(created).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected')?.reason as AppError;
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(
      `Le renouvellement de ce certificat est déjà en cours : demande n° ${created[0]!.number}.`,
    );
    // The database itself holds the rule, whatever the code checks first.
    const again = await caught(
      db.query(
        `insert into certificate_requests (collectivite_id, kind, renews_id, holder_name, holder_function,
           holder_email, legal_rep_name, legal_rep_function, purposes, product_id, state, created_at, updated_at)
         select collectivite_id, 'renewal', $1, holder_name, holder_function, holder_email, legal_rep_name,
           legal_rep_function, purposes, product_id, 'submitted', now(), now() from certificate_requests where id = $1`,
        [first.id],
      ),
    );
    expect((again as unknown as { code: string }).code).toBe('23505');
  });

  it('refuses as holder the e-mail of an account of another collectivité or of the syndicat', async () => {
    for (const holderEmail of ['Paul.Vidal@example.fr', 'remi.officier@syndicat.example.fr']) {
      const e = await caught(createRequest(deps, who.admin!, cid, form({ holderEmail })));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.problems).toEqual([
        {
          field: 'holderEmail',
          message:
            'Cette adresse appartient à un compte d’une autre collectivité ou du syndicat : indiquez l’adresse professionnelle du titulaire dans votre collectivité, ou demandez au syndicat.',
        },
      ]);
    }
    // An address nobody uses yet is fine: the holder's account is created at linking.
    await expect(
      createRequest(deps, who.admin!, cid, form({ holderEmail: 'nouvelle.personne@example.fr' })),
    ).resolves.toMatchObject({ state: 'draft' });
  });

  it('adds no document to a request cancelled while it was uploading, and keeps none of its content', async () => {
    const r = await draft();
    const bytes = Buffer.from(`%PDF-1.4\n% pièce envoyée pendant l’abandon ${r.id}\n%%EOF\n`, 'latin1');
    const sha = createHash('sha256').update(bytes).digest('hex');
    async function* slow() {
      yield bytes.subarray(0, 10);
      await db.query(
        "update certificate_requests set state = 'cancelled', version = version + 1 where id = $1",
        [r.id],
      );
      yield bytes.subarray(10);
    }
    const e = await caught(
      uploadDocument(deps, who.admin!, r.id, { kind: 'id-copy', fileName: 'cni.pdf', content: slow() }),
    );
    expect(e.code).toBe('CERT_REQUEST_STATE');
    expect(e.message).toContain('a changé d’étape pendant l’envoi');
    const docs = await db.query('select 1 from certificate_request_documents where request_id = $1', [r.id]);
    expect(docs.rows).toEqual([]);
    expect(await deps.documents.has(sha)).toBe(false);
  });

  it('answers not found to the review of a document whose id is malformed', async () => {
    const r = await submitted();
    const e = await caught(
      reviewDocument(deps, who.ra!, r.id, 'pas-un-identifiant', { decision: 'accepted', note: '' }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('Pièce introuvable dans ce dossier.');
  });

  it('lists a collectivité’s requests newest first, and the RA worklist by step', async () => {
    const mine = await listRequestsOfCollectivite(db, cid as ScopedCollectiviteId);
    expect(mine.length).toBeGreaterThan(5);
    const times = mine.map((r) => r.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(mine.every((r) => r.collectiviteId === cid)).toBe(true);
    expect(await listRequestsOfCollectivite(db, otherCid as ScopedCollectiviteId)).toEqual([]);
    const toCheck = await unsafeListRequestsInStates(db, ['submitted']);
    expect(toCheck.length).toBeGreaterThan(0);
    expect(toCheck.every((r) => r.state === 'submitted')).toBe(true);
  });
});
