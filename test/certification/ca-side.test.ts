// The CA side through the pages, on a test database with the demo syndicat's CAs and a real demo PKI:
// group orders (price frozen, one CA per order, CSV for the CA portal, cost report), the issued
// certificate imported (PEM or DER, refusals, explicit mismatch) or collected from the demo CA, the
// appointment, the handover report and the signed report's upload, the demo token, and the linking to
// the holder's account at the first sign-in with the certificate or from an open session.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCertificatesOfUser } from '../../src/auth/accounts/certificate-store.ts';
import { certificateInfo } from '../../src/auth/certificates/certificate-info.ts';
import { createDemoPki, demoPkiPaths } from '../../src/auth/pki/demo-pki.ts';
import { createCa, createCrl, type Issued, issueCertificate, loadIssued } from '../../src/auth/pki/issue.ts';
import { createDemoConnector } from '../../src/certification/ca/demo-connector.ts';
import { listProducts, saveProduct } from '../../src/certification/catalogue.ts';
import { unsafeGetRequest } from '../../src/certification/request-store.ts';
import type { Db } from '../../src/db/types.ts';
import type { OutgoingMail } from '../../src/notify/index.ts';
import { pdfText } from '../../src/simulators/prefecture/test-support/pdf-text.ts';
import { demoCollectivites } from '../../src/tenants/demo-data.ts';
import { addUser, findCollectiviteBySiren, seedDemo } from '../../src/tenants/index.ts';
import {
  as,
  type Browser,
  certHeader,
  cookiesFrom,
  createAuthApp,
  csrfFrom,
  postSignIn,
  signInDemo,
  signInWithCertificate,
  submitForm,
  userId,
} from '../auth/support.ts';
import { type CertificationFixture, createCertificationFixture } from '../support/certification.ts';
import { backend, createTestDb } from '../support/db.ts';
import { multipartBody } from '../support/multipart.ts';
import { makePdf } from '../support/pdf.ts';
import { insertRequestInState } from './request-in-state.ts';

describe(`the CA side of the registration authority (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let fixture: CertificationFixture;
  let pkiDir: string;
  let demoCa: Issued;
  let otherCa: Issued;
  let cid: string;
  let siren: string;
  let collectiviteName: string;
  let ra: Browser;
  let admin: Browser;
  let demoProduct: string;
  let cciProduct: string;
  const mails: OutgoingMail[] = [];

  const page = (rid: string) => `/certificats/demandes/${rid}`;
  const state = async (rid: string) => (await unsafeGetRequest(db, rid)).state;
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const checked = (over: Partial<Parameters<typeof insertRequestInState>[1]> = {}) =>
    insertRequestInState(db, { collectiviteId: cid, productId: demoProduct, state: 'checked', ...over });

  /** Posts a multipart form of a page as the browser, its CSRF token in the address as the page does. */
  async function postMultipart(
    browser: Browser,
    pageUrl: string,
    action: string,
    fields: Record<string, string>,
    files: { field: string; name: string; type: string; bytes: Buffer }[],
    extraHeaders: Record<string, string> = {},
  ) {
    const got = await app.inject({ url: pageUrl, headers: as(browser) });
    const body = multipartBody(fields, files);
    return app.inject({
      method: 'POST',
      url: `${action}?_csrf=${encodeURIComponent(csrfFrom(got.body))}`,
      headers: as(browser, { ...body.headers, ...extraHeaders }),
      payload: body.payload,
    });
  }

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    pkiDir = mkdtempSync(path.join(tmpdir(), 'relais-ca-side-'));
    await createDemoPki({ dataDirAbs: pkiDir, people: [] });
    const paths = demoPkiPaths(pkiDir);
    demoCa = await loadIssued(readFileSync(paths.caCert, 'utf8'), readFileSync(paths.caKey, 'utf8'));
    otherCa = await createCa('CN=AC RGS de test, O=Relais tests, C=FR');
    fixture = await createCertificationFixture(db, {
      connectors: { demo: createDemoConnector({ dataDirAbs: pkiDir, clock: { now: () => new Date() } }) },
      mailer: {
        send: async (m) => {
          mails.push(m);
          return { messageId: `<${mails.length}@test>` };
        },
      },
    });
    // The demo CA is trusted as in demo mode (its CRL from the file the connector rewrites).
    app = await createAuthApp({
      db,
      pki: { rgs: demoCa, extended: otherCa, crls: [readFileSync(paths.caCrl), await createCrl(otherCa)] },
      http: { certification: fixture.deps },
    });
    const c = demoCollectivites()[0]!;
    const found = (await findCollectiviteBySiren(db, c.siren!))!;
    cid = found.id;
    siren = found.siren;
    collectiviteName = found.name;
    await addUser(
      { db },
      { name: 'Ada Admin', email: 'ada@ca-side.example.fr', collectiviteSiren: siren, roles: 'admin' },
    );
    admin = await signInDemo(app, await userId(db, 'ada@ca-side.example.fr'));
    ra = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
    const products = await listProducts(db);
    demoProduct = products.find((p) => p.authorityCode === 'demo')!.id;
    cciProduct = products.find((p) => p.code === 'rgs2-cle-3ans')!.id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    fixture.cleanup();
    rmSync(pkiDir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('orders checked requests of one CA at the frozen price, refuses mixing CAs, exports the order and the costs', async () => {
    const demoOne = await checked({ holderName: 'Léa Fabre', holderEmail: 'lea.fabre@example.fr' });
    const cciOne = await checked({
      productId: cciProduct,
      holderName: '=HYPERLINK("http://x")',
      holderEmail: 'formule@example.fr',
    });
    const list = await app.inject({ url: '/syndicat/certificats/commandes', headers: as(ra) });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Autorité de démonstration Relais');
    expect(list.body).toContain('CCI Lozère (ChamberSign)');

    const mixed = await submitForm(
      app,
      ra,
      '/syndicat/certificats/commandes',
      '/syndicat/certificats/commandes',
      {
        demandes: [demoOne, cciOne],
      },
    );
    expect(mixed.statusCode).toBe(422);
    expect(mixed.body).toContain('une seule autorité de certification');
    expect(await state(demoOne)).toBe('checked');
    expect(await state(cciOne)).toBe('checked');

    const ordered = await submitForm(
      app,
      ra,
      '/syndicat/certificats/commandes',
      '/syndicat/certificats/commandes',
      {
        demandes: cciOne,
        note: 'Commande de décembre',
      },
    );
    expect(ordered.statusCode).toBe(303);
    const orderUrl = ordered.headers.location!.replace(/\?.*$/, '');
    const request = await unsafeGetRequest(db, cciOne);
    expect(request.state).toBe('sent_to_ca');
    expect(request.priceCents).toBe(14_900);
    expect(request.orderId).toBe(orderUrl.split('/').pop());
    // A later price change does not touch what was ordered.
    await saveProduct(db, {
      authorityCode: 'cci-lozere',
      code: 'rgs2-cle-3ans',
      label: 'Certificat RGS** sur clé USB, 3 ans',
      purposes: ['actes', 'helios'],
      priceCents: 19_900,
      validityMonths: 36,
      active: true,
    });
    expect((await unsafeGetRequest(db, cciOne)).priceCents).toBe(14_900);

    const orderPage = await app.inject({ url: ordered.headers.location!, headers: as(ra) });
    expect(orderPage.body).toContain('La commande est enregistrée');
    expect(orderPage.body).toContain('149,00');
    expect(orderPage.body).toContain('=HYPERLINK(&quot;http://x&quot;)'); // text, not markup

    const csv = await app.inject({ url: `${orderUrl}/export.csv`, headers: as(ra) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF"Demande n°";"Titulaire";"Fonction";"Courriel"')).toBe(true);
    const line = csv.body.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).toContain(`"${collectiviteName}";"${siren}"`);
    expect(line).toContain('"Marie Maire";"Maire"');
    expect(line).toContain('"Certificat RGS** sur clé USB, 3 ans";"149,00"');

    const year = new Date().toISOString().slice(0, 4);
    const costs = await app.inject({
      url: `/syndicat/certificats/couts.csv?du=${year}-01-01&au=${year}-12-31`,
      headers: as(ra),
    });
    expect(costs.statusCode).toBe(200);
    const rows = costs.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(rows[0]).toBe('"Collectivité";"SIREN";"Nombre de certificats";"Total HT (€)";"Détail"');
    expect(rows[1]).toContain(`"${collectiviteName}";"${siren}";"1";"149,00"`);
    expect(rows[1]).toContain('Certificat RGS** sur clé USB, 3 ans (CCI Lozère (ChamberSign)), 149,00 €');
    expect(rows.at(-1)).toBe('"Total";"";"1";"149,00";""');
    const before = await app.inject({
      url: '/syndicat/certificats/couts.csv?du=2001-01-01&au=2001-12-31',
      headers: as(ra),
    });
    expect(before.body.trim().split('\r\n')).toHaveLength(2);
    const bad = await app.inject({
      url: '/syndicat/certificats/couts.csv?du=2026-13-01&au=x',
      headers: as(ra),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('premier jour de la période');

    for (const url of [
      '/syndicat/certificats/commandes',
      `${orderUrl}/export.csv`,
      '/syndicat/certificats/couts.csv?du=2026-01-01&au=2026-12-31',
    ])
      expect((await app.inject({ url, headers: as(admin) })).statusCode, url).toBe(403);
  });

  it('imports the issued certificate as PEM or DER, and refuses what is not a holder’s client certificate unless a mismatch is confirmed', async () => {
    const rid = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: cciProduct,
      state: 'sent_to_ca',
      holderName: 'Noé Valat',
      holderEmail: 'noe.valat@example.fr',
    });
    const importPem = (browser: Browser, pem: string, extra: Record<string, string> = {}) =>
      postMultipart(browser, page(rid), `${page(rid)}/certificat`, { pem, ...extra }, []);

    const refused = async (pem: string, text: string) => {
      const res = await importPem(ra, pem);
      expect(res.statusCode, text).toBe(422);
      expect(res.body).toContain(text);
      expect(await state(rid)).toBe('sent_to_ca');
    };
    await refused('pas un certificat', 'Le certificat est illisible');
    await refused(otherCa.pem, 'certificat d’une autorité de certification');
    const server = await issueCertificate(otherCa, 'CN=serveur.example.fr', {
      serverNames: ['serveur.example.fr'],
    });
    await refused(server.pem, 'ne sert pas à l’authentification d’une personne');
    const someoneElse = await issueCertificate(otherCa, 'CN=Paul Autre, C=FR', {
      email: 'paul.autre@example.fr',
    });
    const mismatch = await importPem(ra, someoneElse.pem);
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('porte l’adresse paul.autre@example.fr');
    expect(mismatch.body).toContain('name="confirmer"');
    expect(mismatch.body).toContain('-----BEGIN CERTIFICATE-----'); // the pasted text is kept

    // A collectivité admin may not record it.
    const byAdmin = await importPem(admin, someoneElse.pem, { confirmer: 'oui' });
    expect(byAdmin.statusCode).toBe(403);
    expect(await state(rid)).toBe('sent_to_ca');

    const confirmed = await importPem(ra, someoneElse.pem, { confirmer: 'oui' });
    expect(confirmed.statusCode).toBe(303);
    const stored = await unsafeGetRequest(db, rid);
    expect(stored.state).toBe('token_received');
    expect(stored.certificate).toMatchObject({
      fingerprint: certificateInfo(someoneElse.der)!.fingerprint,
      serialHex: certificateInfo(someoneElse.der)!.serial,
      subject: 'CN=Paul Autre, C=FR',
      issuer: 'CN=AC RGS de test, O=Relais tests, C=FR',
    });
    expect(stored.certificate!.notAfter.getTime()).toBe(someoneElse.cert.notAfter.getTime());
    const events = await db.query<{ note: string }>(
      "select note from certificate_request_events where request_id = $1 and action = 'receive-token'",
      [rid],
    );
    expect(events.rows[0]!.note).toContain('écart de nom confirmé');

    // DER upload for another request; the same certificate cannot be recorded twice.
    const other = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: cciProduct,
      state: 'sent_to_ca',
      holderName: 'Inès Roux',
      holderEmail: 'ines.roux@example.fr',
    });
    const ines = await issueCertificate(otherCa, 'CN=Inès Roux, C=FR', { email: 'ines.roux@example.fr' });
    const der = await postMultipart(ra, page(other), `${page(other)}/certificat`, {}, [
      { field: 'fichier', name: 'ines.cer', type: 'application/pkix-cert', bytes: ines.der },
    ]);
    expect(der.statusCode).toBe(303);
    expect((await unsafeGetRequest(db, other)).certificate!.fingerprint).toBe(
      certificateInfo(ines.der)!.fingerprint,
    );
    const third = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: cciProduct,
      state: 'sent_to_ca',
      holderName: 'Inès Roux',
      holderEmail: 'ines.roux@example.fr',
    });
    const twice = await postMultipart(ra, page(third), `${page(third)}/certificat`, {}, [
      { field: 'fichier', name: 'ines.cer', type: 'application/pkix-cert', bytes: ines.der },
    ]);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('déjà enregistré sur la demande');

    // A manual CA has nothing to collect.
    const collect = await submitForm(app, ra, page(third), `${page(third)}/recuperer`, {});
    expect(collect.statusCode).toBe(409);
    expect(collect.body).toContain('importez le certificat');
  });

  it('goes from order to handover with the demo CA, then links at the first sign-in with the certificate', async () => {
    const rid = await checked({ holderName: 'Léa Fabre', holderEmail: 'lea.fabre@example.fr' });
    const ordered = await submitForm(
      app,
      ra,
      '/syndicat/certificats/commandes',
      '/syndicat/certificats/commandes',
      {
        demandes: rid,
      },
    );
    expect(ordered.statusCode).toBe(303);
    expect((await unsafeGetRequest(db, rid)).caReference).toMatch(/^DEMO-\d{5}$/);

    const requestPage = await app.inject({ url: page(rid), headers: as(ra) });
    expect(requestPage.body).toContain('Récupérer le certificat auprès de l’autorité');
    const collected = await submitForm(app, ra, page(rid), `${page(rid)}/recuperer`, {});
    expect(collected.statusCode).toBe(200);
    expect(collected.headers['cache-control']).toBe('no-store');
    const password = /<p class="secret">([^<]+)<\/p>/.exec(collected.body)?.[1];
    expect(password).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    const request = await unsafeGetRequest(db, rid);
    expect(request.state).toBe('token_received');
    expect(request.certificate!.subject).toContain('CN=Léa Fabre');
    expect(request.certificate!.issuer).toContain('Autorité de démonstration Relais');
    // The password is not shown again on the request page.
    expect((await app.inject({ url: page(rid), headers: as(ra) })).body).not.toContain(password!);

    const token = await app.inject({ url: `${page(rid)}/support.p12`, headers: as(ra) });
    expect(token.statusCode).toBe(200);
    expect(token.headers['content-type']).toBe('application/x-pkcs12');
    expect(token.headers['content-disposition']).toContain('certificat-lea-fabre.p12');
    expect(token.rawPayload[0]).toBe(0x30);
    expect((await app.inject({ url: `${page(rid)}/support.p12`, headers: as(admin) })).statusCode).toBe(403);
    const journal = await db.query<{ n: number }>(
      "select count(*)::int as n from security_events where kind = 'certificate-request.token-downloaded'",
    );
    expect(journal.rows[0]!.n).toBe(1);

    const appointment = await submitForm(app, ra, page(rid), `${page(rid)}/rendez-vous`, {
      date: '2030-01-10T14:30',
      lieu: 'Mairie, salle du conseil',
    });
    expect(appointment.statusCode).toBe(303);
    expect((await unsafeGetRequest(db, rid)).appointmentAt?.toISOString()).toBe('2030-01-10T13:30:00.000Z');
    const mail = mails.find((m) => m.to.includes('lea.fabre@example.fr'))!;
    expect(mail.text).toContain('jeudi 10 janvier 2030 à 14:30');
    expect(mail.attachments?.[0]?.filename).toBe('rendez-vous.ics');
    expect(String(mail.attachments?.[0]?.content)).toContain('DTSTART:20300110T133000Z');

    const pdf = await app.inject({ url: `${page(rid)}/proces-verbal.pdf`, headers: as(ra) });
    expect(pdf.statusCode).toBe(200);
    const { text } = await pdfText(pdf.rawPayload);
    expect(text).toContain('Nom : Léa Fabre');
    expect(text).toContain(`Numéro de série : ${request.certificate!.serialHex}`);
    expect(text).toContain('Officier d’enregistrement du syndicat : Claire Valette');
    expect(text).toContain('Lieu : Mairie, salle du conseil');
    expect(text).toContain('Autorité de certification : Autorité de démonstration Relais');
    expect((await app.inject({ url: `${page(rid)}/proces-verbal.pdf`, headers: as(admin) })).statusCode).toBe(
      403,
    );

    const pv = {
      field: 'proces_verbal',
      name: 'pv-signe.pdf',
      type: 'application/pdf',
      bytes: await makePdf('PV signé'),
    };
    const unticked = await postMultipart(ra, page(rid), `${page(rid)}/remise`, { piece: 'cni' }, [pv]);
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Identité vérifiée en face à face');
    // A refused report leaves nothing in the store.
    expect(await fixture.deps.documents.has(sha256(pv.bytes))).toBe(false);
    const jpeg = Buffer.from('\xff\xd8\xff\xe0 jpeg', 'latin1');
    const notPdf = await postMultipart(
      ra,
      page(rid),
      `${page(rid)}/remise`,
      { piece: 'cni', identite: 'oui' },
      [{ ...pv, name: 'photo.jpg', bytes: jpeg }],
    );
    expect(notPdf.statusCode).toBe(422);
    expect(notPdf.body).toContain('n’est pas un PDF');
    expect(await fixture.deps.documents.has(sha256(jpeg))).toBe(false);
    const huge = Buffer.alloc(20 * 1024 * 1024 + 10, 0x20);
    huge.write('%PDF-1.4\n', 'latin1');
    const tooBig = await postMultipart(
      ra,
      page(rid),
      `${page(rid)}/remise`,
      { piece: 'cni', identite: 'oui' },
      [{ ...pv, name: 'pv-600ppp.pdf', bytes: huge }],
    );
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.body).toContain('dépasse 20 Mo');
    expect(await state(rid)).toBe('appointment_set');
    const byAdmin = await postMultipart(
      admin,
      page(rid),
      `${page(rid)}/remise`,
      { piece: 'cni', identite: 'oui' },
      [pv],
    );
    expect(byAdmin.statusCode).toBe(403);
    expect(await state(rid)).toBe('appointment_set');
    const done = await postMultipart(
      ra,
      page(rid),
      `${page(rid)}/remise`,
      { piece: 'passeport', identite: 'oui' },
      [pv],
    );
    expect(done.statusCode).toBe(303);
    const handed = await unsafeGetRequest(db, rid);
    expect(handed.state).toBe('handed_over');
    expect(handed.handedOverBy).toBe(await userId(db, 'claire.valette@lozere-numerique.example.fr'));
    const doc = await db.query<{ kind: string; file_name: string; review: string }>(
      'select kind, file_name, review from certificate_request_documents where request_id = $1',
      [rid],
    );
    expect(doc.rows).toEqual([{ kind: 'handover-report', file_name: 'pv-signe.pdf', review: 'accepted' }]);

    expect((await app.inject({ url: page(rid), headers: as(ra) })).body).toContain(
      'En attente de la confirmation du titulaire',
    );

    // First sign-in with the certificate: not refused, but asked to confirm it is theirs.
    const cert = { pem: handed.certificate!.pem } as Issued;
    const signInPage = await app.inject({
      url: '/connexion',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(signInPage.body).toContain(
      '<a href="/mes-certificats/rattacher">confirmez qu’il est le vôtre</a>',
    );
    const { res: first } = await postSignIn(app, cert, '/connexion/certificat');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/mes-certificats/rattacher');
    const ask = await app.inject({
      url: '/mes-certificats/rattacher',
      headers: { ...certHeader(cert), accept: 'text/html' },
    });
    expect(ask.body).toContain('Ce certificat vous a été remis par le syndicat le');
    expect(ask.body).toContain(`pour ${collectiviteName}`);

    // « Not mine »: nothing attached, the RA officers see it.
    const refuse = await confirmAs(cert, rid, 'non');
    expect(refuse.statusCode).toBe(200);
    expect(refuse.body).toContain('n’est rattaché à aucun compte');
    expect(await state(rid)).toBe('handed_over');
    const seenByRa = (await app.inject({ url: page(rid), headers: as(ra) })).body;
    expect(seenByRa).toContain('a répondu qu’il n’est pas le sien');
    expect(seenByRa).toContain('Le titulaire a indiqué que ce certificat n’est pas le sien');

    // Confirmed: a new account for the holder (roles of the request), the certificate attached, signed in.
    const yes = await confirmAs(cert, rid, 'oui');
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe('/tableau-de-bord');
    expect(
      (yes.cookies as { name: string; value: string }[]).find((c) => c.name === 'relais_session')?.value,
    ).toBeTruthy();
    const linked = await unsafeGetRequest(db, rid);
    expect(linked.state).toBe('active');
    const lea = await userId(db, 'lea.fabre@example.fr');
    expect(linked.holderUserId).toBe(lea);
    const attached = await listCertificatesOfUser(db, lea);
    expect(attached.map((c) => c.id)).toEqual([linked.userCertificateId]);
    const membership = await db.query<{ roles: string[] }>(
      'select roles from memberships where user_id = $1 and collectivite_id = $2',
      [lea, cid],
    );
    expect(membership.rows[0]!.roles).toEqual(['transmitter']);
    // From now on the certificate signs in directly, through the real sign-in route.
    await signInWithCertificate(app, cert);
  });

  it('lets a signed-in holder confirm their own handed-over certificate, and nobody else; never one at another step', async () => {
    await addUser(
      { db },
      { name: 'Paul Vidal', email: 'paul.vidal@example.fr', collectiviteSiren: siren, roles: 'preparer' },
    );
    await addUser(
      { db },
      { name: 'Ivan Intrus', email: 'ivan@example.fr', collectiviteSiren: siren, roles: 'admin' },
    );
    const paulCert = await issueCertificate(demoCa, 'CN=Paul Vidal, C=FR', {
      email: 'paul.vidal@example.fr',
    });
    const laterCert = await issueCertificate(demoCa, 'CN=Paul Vidal, C=FR', {
      email: 'paul.vidal@example.fr',
    });
    const withCertificate = async (state: 'handed_over' | 'token_received', cert: Issued) => {
      const info = certificateInfo(cert.der)!;
      const rid = await insertRequestInState(db, {
        collectiviteId: cid,
        productId: demoProduct,
        state,
        holderName: 'Paul Vidal',
        holderEmail: 'paul.vidal@example.fr',
        fingerprint: info.fingerprint,
      });
      await db.query('update certificate_requests set cert_pem = $2, handed_over_at = now() where id = $1', [
        rid,
        info.pem,
      ]);
      return rid;
    };
    const handed = await withCertificate('handed_over', paulCert);
    const notYet = await withCertificate('token_received', laterCert);

    // Someone else (even an admin of the collectivité) does not see it and cannot claim it.
    const ivan = await signInDemo(app, await userId(db, 'ivan@example.fr'));
    expect((await app.inject({ url: '/mes-certificats/rattacher', headers: as(ivan) })).body).not.toContain(
      'Paul Vidal',
    );
    const stolen = await submitForm(app, ivan, '/mes-certificats/rattacher', '/mes-certificats/rattacher', {
      demande: handed,
      reponse: 'oui',
    });
    expect(stolen.statusCode).toBe(404);
    expect(await state(handed)).toBe('handed_over');
    expect(await listCertificatesOfUser(db, await userId(db, 'ivan@example.fr'))).toEqual([]);

    const paul = await signInDemo(app, await userId(db, 'paul.vidal@example.fr'));
    const mine = await app.inject({ url: '/mes-certificats/rattacher', headers: as(paul) });
    expect(mine.body).toContain('Certificat de Paul Vidal');
    expect(mine.body).toContain(`value="${handed}"`);
    expect(mine.body).not.toContain(`value="${notYet}"`);
    // A certificate at another step is never attached this way, nor by its presenter at sign-in.
    const early = await submitForm(app, paul, '/mes-certificats/rattacher', '/mes-certificats/rattacher', {
      demande: notYet,
      reponse: 'oui',
    });
    expect(early.statusCode).toBe(404);
    const { res: earlySignIn } = await postSignIn(app, laterCert, '/connexion/certificat');
    expect(earlySignIn.statusCode).toBe(403);
    expect(earlySignIn.body).toContain('n’est rattaché à aucun compte');
    expect(await state(notYet)).toBe('token_received');

    const ok = await submitForm(app, paul, '/mes-certificats/rattacher', '/mes-certificats/rattacher', {
      demande: handed,
      reponse: 'oui',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Le certificat est rattaché à votre compte');
    const linked = await unsafeGetRequest(db, handed);
    expect(linked.state).toBe('active');
    expect(linked.holderUserId).toBe(await userId(db, 'paul.vidal@example.fr'));
    const journal = await db.query<{ reason: string }>(
      "select reason from security_events where kind = 'certificate.attached' and certificate_fingerprint = $1",
      [linked.certificate!.fingerprint],
    );
    expect(journal.rows[0]!.reason).toContain('après confirmation de son titulaire');
    const again = await submitForm(app, paul, '/mes-certificats/rattacher', '/mes-certificats/rattacher', {
      demande: handed,
      reponse: 'oui',
    });
    expect(again.statusCode).toBe(409);
    await signInWithCertificate(app, paulCert);
  });

  it('never links to an account outside the collectivité that has the typed e-mail (a syndicat admin here)', async () => {
    const claireEmail = 'claire.valette@lozere-numerique.example.fr';
    const claire = await userId(db, claireEmail);
    const before = await listCertificatesOfUser(db, claire);
    const cert = await issueCertificate(demoCa, 'CN=Bob Agent, C=FR', { email: claireEmail });
    const info = certificateInfo(cert.der)!;
    const rid = await insertRequestInState(db, {
      collectiviteId: cid,
      productId: demoProduct,
      state: 'handed_over',
      holderName: 'Bob Agent',
      holderEmail: claireEmail,
      fingerprint: info.fingerprint,
    });
    await db.query(
      `update certificate_requests set cert_pem = $2, handed_over_at = now(), holder_roles = '{admin}' where id = $1`,
      [rid, info.pem],
    );
    const res = await confirmAs(cert, rid, 'oui');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('appartient déjà à un compte Relais hors de');
    expect(await state(rid)).toBe('handed_over');
    expect(await listCertificatesOfUser(db, claire)).toEqual(before);
    const membership = await db.query(
      'select 1 from memberships where user_id = $1 and collectivite_id = $2',
      [claire, cid],
    );
    expect(membership.rowCount).toBe(0);
    const { res: signIn } = await postSignIn(app, cert, '/connexion/certificat');
    expect(signIn.headers['set-cookie'] ?? '').not.toContain('relais_session=');
  });

  /** Answers the confirmation page as a browser presenting `cert`, without a session. */
  async function confirmAs(cert: Issued, rid: string, answer: 'oui' | 'non') {
    const headers = { ...certHeader(cert), accept: 'text/html' };
    const got = await app.inject({ url: '/mes-certificats/rattacher', headers });
    const cookie = cookiesFrom(got);
    return app.inject({
      method: 'POST',
      url: '/mes-certificats/rattacher',
      headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(got.body), demande: rid, reponse: answer }).toString(),
    });
  }
});
