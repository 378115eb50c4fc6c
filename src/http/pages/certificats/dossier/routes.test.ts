// The request file's pages in-process: the collectivité's list and new-request form (problems beside
// the fields, values escaped), the request page for each actor, multipart upload, journaled download
// refused to an operator admin, submit / review / return / check with their refusals, the RA worklist.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  csrfFrom,
  signInDemo,
  submitForm,
  userId,
} from '../../../../../test/auth/support.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../../../test/support/db.ts';
import { multipartBody } from '../../../../../test/support/multipart.ts';
import { makePdf } from '../../../../../test/support/pdf.ts';
import type { Db } from '../../../../db/types.ts';
import type { OutgoingMail } from '../../../../notify/index.ts';
import { demoCollectivites } from '../../../../tenants/demo-data.ts';
import { findCollectiviteBySiren, seedDemo } from '../../../../tenants/index.ts';

describe(`certificate request pages (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let fixture: CertificationFixture;
  let cid: string;
  let admin: Browser;
  let preparer: Browser; // the holder of the request below
  let otherAdmin: Browser;
  let operator: Browser; // operator admin, neither RA officer nor member
  let ra: Browser;
  let rid: string;
  const mails: OutgoingMail[] = [];
  const list = () => `/collectivites/${cid}/demandes-certificat`;
  const page = () => `/certificats/demandes/${rid}`;

  const fields = (over: Record<string, string | string[]> = {}) => ({
    holderName: 'Lucie <b>Bonnal</b>',
    holderFunction: 'Secrétaire de mairie',
    holderEmail: 'lucie.bonnal@example.fr',
    holderPhone: '',
    holderRoles: ['transmitter', 'preparer'],
    legalRepName: 'Jean Dupuy',
    legalRepFunction: 'Maire',
    purposes: 'actes',
    productId: fixture.manualProductId,
    ...over,
  });
  const versionOf = async () =>
    String(
      (await db.query<{ version: number }>('select version from certificate_requests where id = $1', [rid]))
        .rows[0]!.version,
    );
  async function upload(b: Browser, kind: string, name: string, bytes: Buffer, type = 'application/pdf') {
    const p = await app.inject({ url: page(), headers: as(b) });
    const action = /action="([^"]*\/pieces\?_csrf=[^"]+)"/.exec(p.body)![1]!.replace(/&amp;/g, '&');
    const body = multipartBody({ kind }, [{ field: 'fichier', name, type, bytes }]);
    return app.inject({ method: 'POST', url: action, headers: as(b, body.headers), payload: body.payload });
  }

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db }); // also makes Claire Valette (operator admin) an RA officer
    fixture = await createCertificationFixture(db, {
      mailer: {
        send: async (m) => {
          mails.push(m);
          return { messageId: 'x' };
        },
      },
    });
    cid = (await findCollectiviteBySiren(db, demoCollectivites()[4]!.siren!))!.id;
    app = await createAuthApp({ db, pki: await createTestPki(), http: { certification: fixture.deps } });
    admin = await signInDemo(app, await userId(db, 'jean.dupuy@example.fr'));
    preparer = await signInDemo(app, await userId(db, 'lucie.bonnal@example.fr'));
    otherAdmin = await signInDemo(app, await userId(db, 'paul.vidal@example.fr'));
    operator = await signInDemo(app, await userId(db, 'marc.roussel@lozere-numerique.example.fr'));
    ra = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    fixture.cleanup();
  });

  it('shows the list to the collectivité’s admins and RA officers only, with a link in the navigation', async () => {
    const res = await app.inject({ url: list(), headers: as(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/collectivites/${cid}/demandes-certificat" aria-current="page"`);
    expect(res.body).toContain('Aucune demande pour l’instant.');
    expect((await app.inject({ url: list(), headers: as(ra) })).statusCode).toBe(200);
    // An RA officer who is not a member fills a request for the collectivité, in the syndicat's frame.
    const raForm = await app.inject({ url: `${list()}/nouvelle`, headers: as(ra) });
    expect(raForm.statusCode).toBe(200);
    expect(raForm.body).toContain('<a href="/syndicat/certificats">Demandes à traiter</a>');
    expect(raForm.body).toContain('Lucie Bonnal (lucie.bonnal@example.fr)');
    const refused = await app.inject({ url: list(), headers: as(preparer) });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('administrateurs de la collectivité');
    expect((await app.inject({ url: list(), headers: as(operator) })).statusCode).toBe(403);
    expect((await app.inject({ url: list(), headers: as(otherAdmin) })).statusCode).toBe(404);
    const dashboard = await app.inject({
      url: `/collectivites/${cid}/administration`,
      headers: as(preparer),
    });
    expect(dashboard.body).not.toContain('Demandes de certificat');
  });

  it('re-renders the new-request form with each problem beside its field, then saves a draft', async () => {
    const form = await app.inject({ url: `${list()}/nouvelle`, headers: as(admin) });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Certificat RGS** sur clé, 3 ans');
    expect(form.body).toContain('149,00');
    const bad = await submitForm(
      app,
      admin,
      `${list()}/nouvelle`,
      `${list()}/nouvelle`,
      fields({ holderEmail: 'pas-une-adresse', legalRepName: '', productId: '' }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<a href="#holderEmail">');
    expect(bad.body).toContain('<a href="#legalRepName">');
    expect(bad.body).toContain('<a href="#productId">');
    expect(bad.body).toContain('value="Lucie &lt;b&gt;Bonnal&lt;/b&gt;"');
    expect(bad.body).not.toContain('<b>Bonnal</b>');
    const ok = await submitForm(app, admin, `${list()}/nouvelle`, `${list()}/nouvelle`, fields());
    expect(ok.statusCode).toBe(303);
    rid = /\/certificats\/demandes\/([0-9a-f-]{36})\?ok=creee/.exec(ok.headers.location as string)![1]!;
    const listed = await app.inject({ url: list(), headers: as(admin) });
    expect(listed.body).toContain('Lucie &lt;b&gt;Bonnal&lt;/b&gt;');
    expect(listed.body).toContain('Brouillon');
  });

  it('shows the request page to its actors — the step, who acts, the checklist — and not found to others', async () => {
    const res = await app.inject({ url: `${page()}?ok=creee`, headers: as(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('La demande est enregistrée en brouillon.');
    expect(res.body).toContain('Étape : Brouillon');
    expect(res.body).toContain('C’est à vous d’agir.');
    expect(res.body.match(/✘ Manquante/g)).toHaveLength(3);
    expect(res.body).toContain('Ajouter la pièce');
    expect(res.body).toContain('Déposer la demande auprès du syndicat');
    expect(res.body).toContain('Création de la demande');
    expect(res.body).toContain('<h1>Demande de certificat n° ');
    expect(res.body).not.toContain('<b>Bonnal</b>');
    const holder = await app.inject({ url: page(), headers: as(preparer) });
    expect(holder.statusCode).toBe(200);
    expect(holder.body).toContain('C’est à l’administrateur de la collectivité d’agir.');
    expect(holder.body).not.toContain('Ajouter la pièce');
    expect(holder.body).not.toContain('Déposer la demande');
    // A member who is not an admin: no link to the collectivité's requests, in the navigation or the page.
    expect(holder.body).not.toContain(`href="/collectivites/${cid}/demandes-certificat"`);
    expect(holder.body).toContain(`href="/collectivites/${cid}/actes"`);
    const officer = await app.inject({ url: page(), headers: as(ra) });
    expect(officer.statusCode).toBe(200);
    expect(officer.body).toContain('Demandes à traiter');
    for (const b of [otherAdmin, operator]) {
      const r = await app.inject({ url: page(), headers: as(b) });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('Bonnal');
    }
  });

  it('refuses a file that is not a PDF, JPEG or PNG, and adds a PDF to the file', async () => {
    const fake = await upload(admin, 'id-copy', 'identite.pdf', Buffer.from('GIF89a pas un pdf'));
    expect(fake.statusCode).toBe(422);
    expect(fake.body).toContain('ni un PDF, ni une image JPEG ou PNG');
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x20);
    big.write('%PDF-1.4\n');
    const tooBig = await upload(admin, 'id-copy', 'scan.pdf', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.body).toContain('dépasse la taille maximale autorisée (10 Mo)');
    const ok = await upload(admin, 'id-copy', 'identité.pdf', await makePdf());
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${page()}?ok=piece#pieces`);
    const res = await app.inject({ url: page(), headers: as(admin) });
    expect(res.body).toContain('⏳ À examiner par le syndicat');
    expect(res.body.match(/✘ Manquante/g)).toHaveLength(2);
  });

  it('journals each download by the holder, and refuses it to an operator admin who is neither RA officer nor member admin', async () => {
    const docId = (
      await db.query<{ id: string }>('select id from certificate_request_documents where request_id = $1', [
        rid,
      ])
    ).rows[0]!.id;
    const res = await app.inject({ url: `${page()}/pieces/${docId}`, headers: as(preparer) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''identit%C3%A9.pdf");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.equals(await makePdf())).toBe(true);
    const read = await db.query<{ n: number }>(
      "select count(*)::int as n from security_events where kind = 'certificate-request.document-read' and details->>'document' = $1",
      [docId],
    );
    expect(read.rows[0]!.n).toBe(1);
    const refused = await app.inject({ url: `${page()}/pieces/${docId}`, headers: as(operator) });
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('text/html');
    const denied = await db.query<{ n: number }>(
      "select count(*)::int as n from security_events where kind = 'access.denied' and details->>'document' = $1",
      [docId],
    );
    expect(denied.rows[0]!.n).toBe(1);
  });

  it('refuses to submit an incomplete file, saying what is missing; submits a complete one and tells the RA officers', async () => {
    const early = await submitForm(app, admin, page(), `${page()}/deposer`, { version: await versionOf() });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('il manque les pièces');
    expect(early.body).toContain('Contrat d’abonnement signé');
    await upload(admin, 'election-record', 'pv.pdf', await makePdf());
    await upload(
      admin,
      'subscription-contract',
      'contrat.png',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0]),
    );
    const stale = await submitForm(app, admin, page(), `${page()}/deposer`, { version: '0' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('modifiée entre-temps');
    mails.length = 0;
    const ok = await submitForm(app, admin, page(), `${page()}/deposer`, { version: await versionOf() });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${page()}?ok=deposee`);
    expect(mails.map((m) => m.to)).toEqual([['claire.valette@lozere-numerique.example.fr']]);
    const after = await app.inject({ url: page(), headers: as(admin) });
    expect(after.body).toContain('Étape : Déposée par la collectivité');
    expect(after.body).toContain('C’est à un officier d’enregistrement du syndicat d’agir.');
    expect(after.body).not.toContain('Corriger la demande');
  });

  it('gives RA officers the worklist and the review forms; a refusal and a return need their reasons', async () => {
    expect((await app.inject({ url: '/syndicat/certificats', headers: as(admin) })).statusCode).toBe(403);
    expect((await app.inject({ url: '/syndicat/certificats', headers: as(operator) })).statusCode).toBe(403);
    const work = await app.inject({ url: '/syndicat/certificats', headers: as(ra) });
    expect(work.statusCode).toBe(200);
    expect(work.body).toContain('Dossiers à vérifier (1)');
    expect(work.body).toContain('Lucie &lt;b&gt;Bonnal&lt;/b&gt;');
    expect(work.body).toContain('href="/syndicat/certificats/commandes"');
    expect(work.body).toContain(`<a href="/collectivites/${cid}/demandes-certificat">Commune de Allenc</a>`);
    const chosen = await app.inject({ url: `/syndicat/certificats?collectivite=${cid}`, headers: as(ra) });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe(`/collectivites/${cid}/demandes-certificat`);
    const console = await app.inject({ url: '/syndicat', headers: as(ra) });
    expect(console.body).toContain('<a href="/syndicat/certificats">Autorité d’enregistrement</a>');
    const plainOperator = await app.inject({ url: '/syndicat', headers: as(operator) });
    expect(plainOperator.statusCode).toBe(200);
    expect(plainOperator.body).not.toContain('href="/syndicat/certificats"');
    const officerPage = await app.inject({ url: page(), headers: as(ra) });
    expect(officerPage.body).toContain('Enregistrer l’examen');
    const docs = (
      await db.query<{ id: string; kind: string }>(
        'select id, kind from certificate_request_documents where request_id = $1',
        [rid],
      )
    ).rows;
    const contract = docs.find((d) => d.kind === 'subscription-contract')!;
    const noNote = await submitForm(app, ra, page(), `${page()}/pieces/${contract.id}/examen`, {
      decision: 'refused',
    });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain(`<a href="#note-${contract.id}">`);
    const refused = await submitForm(app, ra, page(), `${page()}/pieces/${contract.id}/examen`, {
      decision: 'refused',
      note: 'Contrat <non> signé',
    });
    expect(refused.statusCode).toBe(303);
    const byAdmin = await submitForm(app, admin, page(), `${page()}/pieces/${contract.id}/examen`, {
      decision: 'accepted',
    });
    expect(byAdmin.statusCode).toBe(403);
    const noCheck = await submitForm(app, ra, page(), `${page()}/valider`, { version: await versionOf() });
    expect(noCheck.statusCode).toBe(409);
    expect(noCheck.body).toContain('ne peut pas être validé');
    const noReason = await submitForm(app, ra, page(), `${page()}/renvoyer`, {
      version: await versionOf(),
      motifs: ' ',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('<a href="#motifs">');
    mails.length = 0;
    const back = await submitForm(app, ra, page(), `${page()}/renvoyer`, {
      version: await versionOf(),
      motifs: 'Le contrat doit être <signé> par le maire.',
    });
    expect(back.statusCode).toBe(303);
    expect(mails.map((m) => m.to)).toEqual([['jean.dupuy@example.fr']]);
    const seen = await app.inject({ url: page(), headers: as(admin) });
    expect(seen.body).toContain('Le contrat doit être &lt;signé&gt; par le maire.');
    expect(seen.body).toContain('Motif : Contrat &lt;non&gt; signé');
    expect(seen.body).toContain('Pièce refusée : Contrat d’abonnement signé');
    expect(seen.body).toContain('Pièce ajoutée : Délibération ou procès-verbal d’élection');
    expect(seen.body).toContain('Corriger la demande');
  });

  it('corrects a returned request, re-rendering problems in the open correction form', async () => {
    const bad = await submitForm(app, admin, page(), `${page()}/modifier`, {
      ...fields({ holderFunction: '' }),
      version: await versionOf(),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<details id="modifier" open>');
    expect(bad.body).toContain('<a href="#holderFunction">');
    const ok = await submitForm(app, admin, page(), `${page()}/modifier`, {
      ...fields({ holderFunction: 'Secrétaire générale' }),
      version: await versionOf(),
    });
    expect(ok.statusCode).toBe(303);
    const seen = await app.inject({ url: page(), headers: as(admin) });
    expect(seen.body).toContain('Secrétaire générale');
    expect(seen.body).toContain('Correction de la demande');
  });

  it('explains why a draft cannot be renewed, and lets the collectivité cancel', async () => {
    const renew = await app.inject({ url: `${list()}/nouvelle?renouvelle=${rid}`, headers: as(admin) });
    expect(renew.statusCode).toBe(409);
    expect(renew.body).toContain('ne peut pas être renouvelée');
    const p = await app.inject({ url: page(), headers: as(admin) });
    expect(csrfFrom(p.body)).toBeTruthy();
    const cancelled = await submitForm(app, admin, page(), `${page()}/abandonner`, {
      version: await versionOf(),
      motif: 'Agent muté',
    });
    expect(cancelled.statusCode).toBe(303);
    const seen = await app.inject({ url: page(), headers: as(admin) });
    expect(seen.body).toContain('Étape : Abandonnée');
    expect(seen.body).not.toContain('Ajouter la pièce');
    expect(seen.body).toContain('Agent muté');
  });
});
