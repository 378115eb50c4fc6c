// « Nouvel acte » in-process: the form and its hints, the classification search with and without
// JavaScript, a round trip with every problem at once (typed values and received files kept), then
// success as a draft, as a transmitter's sending and as a preparer's request; escaping.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  signInDemo,
  userId,
} from '../../../../test/auth/support.ts';
import { backend, createTestDb } from '../../../../test/support/db.ts';
import { multipartBody } from '../../../../test/support/multipart.ts';
import { makePdf } from '../../../../test/support/pdf.ts';
import { setUpTransmission, TEST_SIREN } from '../../../../test/support/transmission.ts';
import type { Db } from '../../../db/types.ts';
import { addUser } from '../../../tenants/index.ts';

describe(`Nouvel acte page (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let cid: string;
  let transmitter: Browser;
  let preparer: Browser;
  let pdf: Buffer;
  const page = () => `/collectivites/${cid}/actes/nouveau`;

  beforeAll(async () => {
    db = await createTestDb();
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    cid = t.collectiviteId;
    app = await createAuthApp({ db, pki: await createTestPki(), http: { transmission: t.deps } });
    for (const [email, roles] of [
      ['tess@chanac.example.fr', 'transmitter'],
      ['paul@chanac.example.fr', 'preparer'],
    ] as const)
      await addUser({ db }, { name: email.split('@')[0]!, email, collectiviteSiren: TEST_SIREN, roles });
    transmitter = await signInDemo(app, await userId(db, 'tess@chanac.example.fr'));
    preparer = await signInDemo(app, await userId(db, 'paul@chanac.example.fr'));
    pdf = await makePdf();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  async function post(
    who: Browser,
    fields: Record<string, string>,
    files: { field: string; name: string; bytes: Buffer }[] = [],
  ) {
    const form = await app.inject({ url: page(), headers: as(who) });
    const action =
      /<form class="form-relais" id="form-acte" method="post" enctype="multipart\/form-data" action="([^"]+)"/.exec(
        form.body,
      )![1]!;
    const body = multipartBody(
      fields,
      files.map((f) => ({ ...f, type: 'application/pdf' })),
    );
    return app.inject({
      method: 'POST',
      url: action.replace(/&amp;/g, '&'),
      headers: as(who, body.headers),
      payload: body.payload,
    });
  }

  const good = {
    nature: 'DE',
    classification: '7.1',
    numeroInterne: '2026_014',
    decisionDate: '2026-11-20',
    objet: 'Vote du budget primitif 2026',
  };

  it('shows a labelled form with hints, the préfecture’s natures and matières, and the right button', async () => {
    const res = await app.inject({ url: page(), headers: as(transmitter) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<label for="numeroInterne">Numéro de l’acte</label>');
    expect(res.body).toContain('De 1 à 15 caractères');
    expect(res.body).toContain('pour toujours');
    expect(res.body).toContain('500 caractères au plus');
    expect(res.body).toContain('<option value="7.1">7.1 — Finances locales › Décisions budgétaires</option>');
    expect(res.body).toContain('>Délibérations</option>');
    expect(res.body).toContain('Envoyer à la préfecture');
    expect(res.body).toContain('Enregistrer le brouillon');
    const asPreparer = await app.inject({ url: page(), headers: as(preparer) });
    expect(asPreparer.body).toContain('Demander l’envoi à un télétransmetteur');
    expect(asPreparer.body).not.toContain('Envoyer à la préfecture');
  });

  it('searches the classification by words and by code, without JavaScript and as JSON', async () => {
    const res = await app.inject({
      url: `${page()}?q=budget&numeroInterne=2026_9&objet=${encodeURIComponent('<b>gras</b>')}`,
      headers: as(transmitter),
    });
    expect(res.body).toContain('1 résultat(s) pour « budget »');
    expect(res.body).toContain('value="7.1"');
    expect(res.body).not.toContain('value="1.1"');
    expect(res.body).toContain('value="2026_9"'); // typed values survive the search
    expect(res.body).toContain('&lt;b&gt;gras&lt;/b&gt;');
    const json = await app.inject({ url: `${page()}/classification?q=5`, headers: as(transmitter) });
    expect(json.json()).toEqual({
      items: [{ code: '5.2', label: '5.2 — Institutions et vie politique › Fonctionnement des assemblées' }],
    });
  });

  it('shows every problem at once, keeps what was typed and the received file, then saves the draft', async () => {
    const first = await post(
      transmitter,
      {
        ...good,
        numeroInterne: '_2026',
        objet: '<img src=x onerror=alert(1)>',
        classification: '',
        action: 'brouillon',
      },
      [{ field: 'mainDocument', name: 'deliberation.pdf', bytes: pdf }],
    );
    expect(first.statusCode).toBe(422);
    expect(first.body).toContain('class="summary" role="alert"');
    expect(first.body).toContain('2 points sont à corriger');
    expect(first.body).toContain('<a href="#numeroInterne">');
    expect(first.body).toContain('<a href="#classification">');
    expect(first.body).toContain('aria-invalid="true"');
    expect(first.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(first.body).not.toContain('<img src=x');
    expect(first.body).toContain('value="_2026"');
    expect(first.body).toContain('Fichier reçu et gardé : <strong>deliberation.pdf</strong>');
    expect(first.body).toContain('inutile de les choisir à nouveau');
    const token = /name="garde_document" value="([^"]+)"/.exec(first.body)![1]!;
    expect(await count()).toBe(0);

    const second = await post(transmitter, { ...good, garde_document: token, action: 'brouillon' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.body).toContain('Brouillon enregistré');
    const rows = await db.query<{ state: string; n: number }>(
      `select a.state, (select count(*)::int from act_documents d where d.act_id = a.id) as n
         from acts a where a.numero_interne = '2026_014'`,
    );
    expect(rows.rows).toEqual([{ state: 'draft', n: 1 }]);
  });

  it('refuses a kept-file reference that was not signed for this person', async () => {
    const first = await post(transmitter, { ...good, numeroInterne: '', action: 'brouillon' }, [
      { field: 'mainDocument', name: 'a.pdf', bytes: pdf },
    ]);
    const token = /name="garde_document" value="([^"]+)"/.exec(first.body)![1]!;
    const stolen = await post(preparer, {
      ...good,
      numeroInterne: 'VOL_1',
      garde_document: token,
      action: 'brouillon',
    });
    expect(stolen.statusCode).toBe(422);
    expect(stolen.body).toContain('choisissez-le à nouveau');
    expect(stolen.body).not.toContain('a.pdf');
  });

  it('says before anything is sent that the number is taken or the document type not allowed', async () => {
    const res = await post(transmitter, { ...good, typologie: '99_BU', action: 'envoyer' }, [
      { field: 'mainDocument', name: 'b.pdf', bytes: pdf },
    ]);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#typologie">');
    const again = await post(transmitter, { ...good, action: 'envoyer' }, [
      { field: 'mainDocument', name: 'b.pdf', bytes: pdf },
    ]);
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('déjà utilisé');
  });

  it('sends for a transmitter, and asks a transmitter for a preparer', async () => {
    const sent = await post(transmitter, { ...good, numeroInterne: '2026_015', action: 'envoyer' }, [
      { field: 'mainDocument', name: 'c.pdf', bytes: pdf },
      { field: 'annexes', name: 'plan.pdf', bytes: pdf },
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.body).toContain('Acte envoyé à la préfecture');
    const asked = await post(preparer, { ...good, numeroInterne: '2026_016', action: 'envoyer' }, [
      { field: 'mainDocument', name: 'd.pdf', bytes: pdf },
    ]);
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.body).toContain('Envoi demandé à un télétransmetteur');
    const states = await db.query<{ numero_interne: string; state: string }>(
      "select numero_interne, state from acts where numero_interne in ('2026_015', '2026_016') order by 1",
    );
    expect(states.rows).toEqual([
      { numero_interne: '2026_015', state: 'queued' },
      { numero_interne: '2026_016', state: 'awaiting_confirmation' },
    ]);
    const docs = await db.query<{ typology: string }>(
      "select d.typology from act_documents d join acts a on a.id = d.act_id where a.numero_interne = '2026_015' order by position",
    );
    expect(docs.rows.map((r) => r.typology)).toEqual(['99_DE', '99_AU']);
  });

  async function count(): Promise<number> {
    const r = await db.query<{ n: number }>('select count(*)::int as n from acts');
    return r.rows[0]!.n;
  }
});
