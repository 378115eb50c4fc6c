// The everyday pages of a collectivité, in process on both backends: the dashboard, the list with its
// search, filters, pages and CSV export, an act's page and its forms (send, confirm, send back, take
// back, cancel, answer a letter), the préfecture's inbox, and escaping of what people typed.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAct, getPrefectureMessage, type TransmissionDeps } from '../../src/actes/transmission/index.ts';
import type { Db } from '../../src/db/types.ts';
import { addUser } from '../../src/tenants/add-user.ts';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  csrfFrom,
  signInDemo,
  submitForm,
  userId,
} from '../auth/support.ts';
import { newAct, putInState, receiveLetter } from '../support/acts.ts';
import { backend, createTestDb } from '../support/db.ts';
import { makePdf } from '../support/pdf.ts';
import { setUpTransmission, TEST_SIREN } from '../support/transmission.ts';

describe(`pages of a collectivité (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let deps: TransmissionDeps;
  let cid: string;
  let transmitter: Browser;
  let preparer: Browser;
  let reader: Browser;
  const base = () => `/collectivites/${cid}`;

  beforeAll(async () => {
    db = await createTestDb();
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    deps = t.deps;
    cid = t.collectiviteId;
    const people = [
      ['Bérénice Chanac', 'berenice@chanac.example.fr', 'admin,transmitter'],
      ['Paul Préparateur', 'paul@chanac.example.fr', 'preparer'],
      ['Léa Lectrice', 'lea@chanac.example.fr', 'reader'],
    ] as const;
    for (const [name, email, roles] of people)
      await addUser({ db }, { name, email, collectiviteSiren: TEST_SIREN, roles });
    app = await createAuthApp({ db, pki: await createTestPki(), http: { transmission: deps } });
    transmitter = await signInDemo(app, await userId(db, 'berenice@chanac.example.fr'));
    preparer = await signInDemo(app, await userId(db, 'paul@chanac.example.fr'));
    reader = await signInDemo(app, await userId(db, 'lea@chanac.example.fr'));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const page = (b: Browser, url: string) => app.inject({ url, headers: as(b) });

  it('sends a signed-in person from the home page to their tableau de bord', async () => {
    const home = await page(transmitter, '/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/tableau-de-bord');
    const next = await page(transmitter, '/tableau-de-bord');
    expect(next.headers.location).toBe(base());
    const dash = await page(transmitter, base());
    expect(dash.statusCode).toBe(200);
    expect(dash.body).toContain('Commune de Chanac');
    expect(dash.body).toContain('Bérénice Chanac');
    expect(dash.body).toContain('href="#contenu"');
    expect(dash.body).toMatch(/aria-current="page">Tableau de bord/);
    for (const link of ['/actes/nouveau', '/administration', '/courriers', '/aide'])
      expect(dash.body).toContain(link);
    expect(dash.body).not.toContain('Console du syndicat');
    expect(dash.body).toMatch(/les envois sont simulés/);
    const css = await app.inject({ url: '/static/relais.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect((await app.inject({ url: '/static/..%2Fhtml.ts' })).statusCode).toBe(404);
  });

  it('shows on the dashboard what needs attention: late ARs, refusals, letters, confirmations', async () => {
    const late = await putInState(deps, await newAct(deps, cid, 'TDB_1', 'Travaux de voirie'), 'sent');
    await putInState(deps, await newAct(deps, cid, 'TDB_2', 'Tarifs de la cantine'), 'refused', {
      refusal: 'Signature absente',
    });
    const waiting = await putInState(
      deps,
      await newAct(deps, cid, 'TDB_3', 'Subvention au club'),
      'awaiting_confirmation',
    );
    const acked = await putInState(deps, await newAct(deps, cid, 'TDB_4', 'Budget annexe'), 'acknowledged');
    await receiveLetter(deps, acked, '3-1');
    const dash = await page(transmitter, base());
    expect(dash.body).toContain('Sans accusé de réception depuis plus d’un jour (1)');
    expect(dash.body).toContain(late.objet);
    expect(dash.body).toContain('Signature absente');
    expect(dash.body).toContain('Reprendre pour corriger');
    expect(dash.body).toContain('Demande de pièces complémentaires du 26 novembre 2026');
    expect(dash.body).toContain('avant le 20 décembre 2026');
    expect(dash.body).toContain(`/actes/${waiting.id}/confirmation`);
    expect(dash.body).toMatch(/1 non lu/);
    // A preparer sees the sending to confirm, without the button.
    const forPreparer = await page(preparer, base());
    expect(forPreparer.body).not.toContain(`/actes/${waiting.id}/confirmation`);
    expect(forPreparer.body).toContain('Un agent télétransmetteur doit confirmer');
  });

  it('escapes what people typed, everywhere', async () => {
    const evil = await newAct(deps, cid, 'XSS_1', 'Objet <script>alert("x")</script> & cie');
    for (const url of [base(), `${base()}/actes`, `${base()}/actes/${evil.id}`]) {
      const res = await page(transmitter, url);
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).toContain('Objet &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; cie');
    }
    const csv = await page(transmitter, `${base()}/actes.csv?q=objet`);
    expect(csv.body).toContain('"Objet <script>alert(""x"")</script> & cie"');
  });

  it('searches, filters and pages the list of acts', async () => {
    for (let i = 0; i < 52; i++) await newAct(deps, cid, `PAGE_${i}`, `Concession funéraire ${i}`);
    const all = await page(reader, `${base()}/actes`);
    expect(all.statusCode).toBe(200);
    const next = /href="([^"]*apres=[^"]+)"/.exec(all.body)![1]!.replace(/&amp;/g, '&');
    const second = await page(reader, next);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Revenir aux plus récents');
    const found = await page(reader, `${base()}/actes?q=cantine`);
    expect(found.body).toContain('Tarifs de la cantine');
    expect(found.body).not.toContain('Concession funéraire');
    const refused = await page(reader, `${base()}/actes?etat=refused`);
    expect(refused.body).toContain('Tarifs de la cantine');
    expect(refused.body).not.toContain('Travaux de voirie');
    const bad = await page(reader, `${base()}/actes?du=hier&matiere=x`);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('href="#f-du"');
    expect(bad.body).toContain('href="#f-matiere"');
    // A reader has no check boxes and no batch sending.
    expect(all.body).not.toContain('Envoyer la sélection');
    // Sorted by decision date: the oldest decision comes last, and the next page keeps the sort.
    await newAct(deps, cid, 'ANCIEN_1', 'Délibération ancienne', '2020-01-15');
    const byDecision = await page(reader, `${base()}/actes?tri=decision`);
    expect(byDecision.body).toContain('<option value="decision" selected>');
    expect(byDecision.body).not.toContain('Délibération ancienne');
    expect(/href="([^"]*apres=[^"]+)"/.exec(byDecision.body)![1]).toContain('tri=decision');
  });

  it('exports the filtered acts as a CSV file for French spreadsheets', async () => {
    const res = await page(reader, `${base()}/actes.csv?etat=refused`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="actes-2026-11-27.csv"/);
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^"Numéro interne";"Objet";"Nature"/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Tarifs de la cantine"');
    expect(lines[1]).toContain('"Refusé par la préfecture"');
    const everything = await page(reader, `${base()}/actes.csv`);
    expect(everything.body.trim().split('\r\n').length).toBeGreaterThan(55);
  });

  it('shows an act: facts, documents, files of the préfecture, letters, history', async () => {
    const acked = await putInState(
      deps,
      await newAct(deps, cid, 'VUE_1', "Plan local d'urbanisme"),
      'acknowledged',
    );
    const res = await page(reader, `${base()}/actes/${acked.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Reçu en préfecture</span>');
    expect(res.body).toContain('Déféré possible jusqu’au</dt><dd>26 janvier 2027');
    expect(res.body).toContain(`/api/v1/collectivites/${cid}/actes/${acked.id}/documents/1`);
    expect(res.body).toContain('acte-tamponne');
    expect(res.body).toContain('bordereau');
    expect(res.body).toContain('Acte créé.');
    // The reader cannot cancel.
    expect(res.body).not.toContain('Demander l’annulation');
    // Someone signed in downloads the documents through the API address.
    const doc = await page(reader, `/api/v1/collectivites/${cid}/actes/${acked.id}/documents/1`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    const missing = await page(reader, `${base()}/actes/00000000-0000-4000-8000-000000000000`);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Acte introuvable');
  });

  it('sends a draft, asks a transmitter to confirm, sends back with a reason, and confirms', async () => {
    const act = await newAct(deps, cid, 'ENVOI_1', 'Indemnités des élus');
    const url = `${base()}/actes/${act.id}`;
    const asked = await submitForm(app, preparer, url, `${url}/envoi`, {});
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`${url}?ok=confirmation-demandee`);
    expect((await page(preparer, asked.headers.location as string)).body).toContain(
      'un agent télétransmetteur doit maintenant confirmer',
    );
    const empty = await submitForm(app, transmitter, url, `${url}/renvoi-brouillon`, { motif: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('href="#champ-motif"');
    expect(empty.body).toContain('aria-invalid="true"');
    const sentBack = await submitForm(app, transmitter, url, `${url}/renvoi-brouillon`, {
      motif: 'Il manque la <b>date</b> de séance',
    });
    expect(sentBack.statusCode).toBe(303);
    const after = await page(preparer, url);
    expect(after.body).toContain('Renvoyé en brouillon : « Il manque la &lt;b&gt;date&lt;/b&gt; de séance »');
    await submitForm(app, preparer, url, `${url}/envoi`, {});
    const confirmed = await submitForm(app, transmitter, url, `${url}/confirmation`, {});
    expect(confirmed.headers.location).toBe(`${url}?ok=confirme`);
    expect((await getAct(db, cid, act.id))!.state).toBe('queued');
    // Confirming twice says why, at the top of the page.
    const again = await submitForm(app, transmitter, url, `${url}/confirmation`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('class="error-summary"');
  });

  it('sends a selection of drafts at once, one result per act', async () => {
    const a = await newAct(deps, cid, 'LOT_1', 'Lot premier');
    const b = await newAct(deps, cid, 'LOT_2', 'Lot second');
    const list = `${base()}/actes`;
    const none = await submitForm(app, transmitter, list, `${list}/envoi-groupe`, {});
    expect(none.headers.location).toBe(`${list}?erreur=aucun`);
    expect((await page(transmitter, none.headers.location as string)).body).toContain(
      'Cochez au moins un brouillon',
    );
    const res = await submitForm(app, transmitter, list, `${list}/envoi-groupe`, { acte: [a.id, b.id] });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Résultat de l’envoi');
    expect(res.body.match(/Envoyé<\/span>/g)).toHaveLength(2);
    expect((await getAct(db, cid, a.id))!.state).toBe('queued');
  });

  it('takes a refused act back to draft, and cancels an acknowledged one after a confirmation step', async () => {
    const refused = await putInState(deps, await newAct(deps, cid, 'REPR_1', 'Acte refusé'), 'refused');
    const url = `${base()}/actes/${refused.id}`;
    const back = await submitForm(app, preparer, url, `${url}/reprise`, {});
    expect(back.headers.location).toBe(`${url}?ok=repris`);
    expect((await getAct(db, cid, refused.id))!.state).toBe('draft');

    const acked = await putInState(
      deps,
      await newAct(deps, cid, 'ANNUL_1', 'Acte à annuler'),
      'acknowledged',
    );
    const aUrl = `${base()}/actes/${acked.id}`;
    const confirmPage = await page(transmitter, `${aUrl}/annulation`);
    expect(confirmPage.body).toContain('Oui, demander l’annulation');
    const notConfirmed = await submitForm(app, transmitter, `${aUrl}/annulation`, `${aUrl}/annulation`, {});
    expect(notConfirmed.headers.location).toBe(`${aUrl}/annulation`);
    expect((await getAct(db, cid, acked.id))!.state).toBe('acknowledged');
    const done = await submitForm(app, transmitter, `${aUrl}/annulation`, `${aUrl}/annulation`, {
      confirmation: 'oui',
    });
    expect(done.headers.location).toBe(`${aUrl}?ok=annulation-demandee`);
    expect((await getAct(db, cid, acked.id))!.state).toBe('cancelling');
    // A preparer may not cancel.
    expect((await page(preparer, `${aUrl}/annulation`)).statusCode).toBe(403);
  });

  it('lists the préfecture letters, marks one read when opened, and answers it with a file', async () => {
    const acked = await putInState(
      deps,
      await newAct(deps, cid, 'COUR_1', 'Marché de cantine'),
      'acknowledged',
    );
    const mid = await receiveLetter(deps, acked, '4-1', 'Observations sur le <marché>');
    const inbox = await page(transmitter, `${base()}/courriers`);
    expect(inbox.body).toContain('Lettre d’observations');
    expect(inbox.body).toContain('Non lu');
    const open = await page(transmitter, `${base()}/courriers/${mid}`);
    expect(open.body).toContain('Observations sur le &lt;marché&gt;');
    expect(open.body).toContain('Rejet de la lettre d’observations');
    expect((await getPrefectureMessage(db, cid, mid))!.readAt).not.toBeNull();
    // No file: the error summary links to the file field.
    const action = /action="([^"]*\/reponse\?_csrf=[^"]+)"/.exec(open.body)![1]!.replace(/&amp;/g, '&');
    const post = (parts: { name: string; value?: string; file?: { name: string; bytes: Buffer } }[]) => {
      const boundary = 'relaisboundary';
      const chunks: Buffer[] = [];
      for (const p of parts) {
        chunks.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.file.name}"\r\nContent-Type: application/pdf` : ''}\r\n\r\n`,
          ),
        );
        chunks.push(p.file ? p.file.bytes : Buffer.from(p.value ?? ''));
        chunks.push(Buffer.from('\r\n'));
      }
      chunks.push(Buffer.from(`--${boundary}--\r\n`));
      return app.inject({
        method: 'POST',
        url: action,
        headers: as(transmitter, { 'content-type': `multipart/form-data; boundary=${boundary}` }),
        payload: Buffer.concat(chunks),
      });
    };
    const empty = await post([
      { name: 'code', value: '4-4' },
      { name: 'typologie', value: '99_AU' },
      { name: 'fichier', file: { name: '', bytes: Buffer.alloc(0) } },
    ]);
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain(`href="#champ-fichier-${mid}"`);
    const answered = await post([
      { name: 'code', value: '4-4' },
      { name: 'typologie', value: '99_AU' },
      { name: 'fichier', file: { name: 'reponse.pdf', bytes: await makePdf('Réponse') } },
    ]);
    expect(answered.statusCode, answered.body.slice(0, 500)).toBe(303);
    expect(answered.headers.location).toBe(`${base()}/actes/${acked.id}?ok=reponse-envoyee#courriers`);
    const after = await page(transmitter, `${base()}/actes/${acked.id}`);
    expect(after.body).toContain('Réponse préparée : Réponse à la lettre d’observations.');
    // Without the CSRF token in the address, the upload is refused.
    const forged = await app.inject({
      method: 'POST',
      url: action.replace(/\?_csrf=.*/, ''),
      headers: as(transmitter, { 'content-type': 'multipart/form-data; boundary=x' }),
      payload: '--x--\r\n',
    });
    expect(forged.statusCode).toBe(403);
  });

  it('keeps the CSRF token mandatory on every form', async () => {
    const act = await newAct(deps, cid, 'CSRF_1', 'Sans jeton');
    const res = await app.inject({
      method: 'POST',
      url: `${base()}/actes/${act.id}/envoi`,
      headers: as(transmitter, { 'content-type': 'application/x-www-form-urlencoded' }),
      payload: '_csrf=faux',
    });
    expect(res.statusCode).toBe(403);
    expect((await getAct(db, cid, act.id))!.state).toBe('draft');
    expect(csrfFrom((await page(transmitter, base())).body)).toBeTruthy();
  });
});
