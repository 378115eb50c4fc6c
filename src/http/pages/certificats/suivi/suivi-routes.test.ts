// The lifecycle pages in-process: « Mes certificats » and revocation from it, the RA officer's
// confirmation, the registry (page and CSV), the board's figures, the elections campaign, the CA
// catalogue and the designation of RA officers — who may open each, and escaping.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  type Browser,
  createAuthApp,
  createTestPki,
  signInDemo,
  submitForm,
  userId,
} from '../../../../../test/auth/support.ts';
import { insertRequestInState } from '../../../../../test/certification/request-in-state.ts';
import {
  type CertificationFixture,
  createCertificationFixture,
} from '../../../../../test/support/certification.ts';
import { backend, createTestDb } from '../../../../../test/support/db.ts';
import { type ScopedCollectiviteId, TOKEN_PERMISSIONS } from '../../../../auth/policy.ts';
import { createApiToken } from '../../../../auth/tokens/api-tokens.ts';
import { unsafeGetRequest } from '../../../../certification/request-store.ts';
import type { Db } from '../../../../db/types.ts';
import { fixedClock, systemClock } from '../../../../kernel/clock.ts';
import { seedDemo } from '../../../../tenants/seed-demo.ts';
import { findUserByEmail, setRaOfficer } from '../../../../tenants/user-store.ts';
import { parseEuros } from './catalogue-pages.ts';

const now = new Date('2026-06-10T08:00:00Z');

describe(`lifecycle pages (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let fx: CertificationFixture;
  let cid: string;
  let otherCid: string;
  let holderId: string;
  const b: Record<string, Browser> = {};

  beforeAll(async () => {
    db = await createTestDb();
    await seedDemo({ db });
    const clock = fixedClock(now);
    fx = await createCertificationFixture(db, { clock });
    app = await createAuthApp({ db, pki: await createTestPki(), clock, http: { certification: fx.deps } });
    const ra = await userId(db, 'marc.roussel@lozere-numerique.example.fr');
    await setRaOfficer(db, ra, true);
    // The demo seed makes the director an RA officer: here she is only an operator admin.
    const director = await userId(db, 'claire.valette@lozere-numerique.example.fr');
    await setRaOfficer(db, director, false);
    const jean = (await findUserByEmail(db, 'jean.dupuy@example.fr'))!;
    cid = jean.memberships[0]!.collectiviteId;
    otherCid = (await findUserByEmail(db, 'paul.vidal@example.fr'))!.memberships[0]!.collectiviteId;
    holderId = await userId(db, 'lucie.bonnal@example.fr');
    b.ra = await signInDemo(app, ra);
    b.operator = await signInDemo(app, await userId(db, 'claire.valette@lozere-numerique.example.fr'));
    b.admin = await signInDemo(app, jean.id);
    b.holder = await signInDemo(app, holderId);
    b.otherAdmin = await signInDemo(app, await userId(db, 'paul.vidal@example.fr'));
  });
  afterAll(async () => {
    await app.close();
    fx.cleanup();
    await db.close();
  });

  const active = (extra: Partial<Parameters<typeof insertRequestInState>[1]> = {}) =>
    insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'active',
      holderUserId: holderId,
      holderName: 'Lucie <Bonnal>',
      holderEmail: 'lucie.bonnal@example.fr',
      ...extra,
    });

  it('shows the holder their requests, the link notice and the revocation form; a revocation goes back there', async () => {
    const id = await active();
    await insertRequestInState(db, {
      collectiviteId: cid,
      productId: fx.manualProductId,
      state: 'handed_over',
      holderEmail: 'Lucie.Bonnal@example.fr',
    });
    const page = await app.inject({ url: '/mes-certificats', headers: as(b.holder!) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/mes-certificats/rattacher"');
    expect(page.body).toContain(`action="/certificats/demandes/${id}/revocation"`);
    expect(page.body).toContain('name="suite" value="/mes-certificats"');
    const mine = await app.inject({ url: '/mes-certificats', headers: as(b.admin!) });
    expect(mine.body).not.toContain(id);

    const bad = await submitForm(
      app,
      b.holder!,
      '/mes-certificats',
      `/certificats/demandes/${id}/revocation`,
      {
        suite: '/mes-certificats',
        precision: 'x',
      },
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Choisissez le motif de la révocation.');
    const stranger = await submitForm(
      app,
      b.otherAdmin!,
      '/mes-certificats',
      `/certificats/demandes/${id}/revocation`,
      {
        motif: 'loss',
      },
    );
    expect(stranger.statusCode).toBe(404);
    expect(stranger.body).not.toContain('Lucie');
    const ok = await submitForm(
      app,
      b.holder!,
      '/mes-certificats',
      `/certificats/demandes/${id}/revocation`,
      {
        suite: '/mes-certificats',
        motif: 'loss',
        precision: 'Perdue',
      },
    );
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/mes-certificats?ok=revocation-demandee');
    expect((await unsafeGetRequest(db, id)).state).toBe('revocation_requested');
    const after = await app.inject({
      url: '/mes-certificats?ok=revocation-demandee',
      headers: as(b.holder!),
    });
    expect(after.body).toContain('La révocation est demandée');

    // Only an RA officer records the CA's confirmation.
    const url = `/certificats/demandes/${id}/revocation/confirmation`;
    const refused = await submitForm(app, b.admin!, '/mes-certificats', url, {
      reference: 'R1',
      date: '2026-06-10',
    });
    expect(refused.statusCode).toBe(403);
    const wrong = await submitForm(app, b.ra!, '/mes-certificats', url, {
      reference: '',
      date: '2026-06-10',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Indiquez la référence');
    const done = await submitForm(app, b.ra!, '/mes-certificats', url, {
      reference: 'CCI-<42>',
      date: '2026-06-10',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/certificats/demandes/${id}?ok=revocation-confirmee`);
    expect((await unsafeGetRequest(db, id)).revocation?.reference).toBe('CCI-<42>');
  });

  it('adds the lifecycle panels to the request page: revocation, renewal link, reminders, confirmation for RA officers', async () => {
    const id = await active({ notAfter: new Date(now.getTime() + 80 * 86_400_000) });
    await db.query(
      'insert into certificate_request_reminders (request_id, days, sent_at) values ($1, 90, $2)',
      [id, now],
    );
    const url = `/certificats/demandes/${id}`;
    const holderView = await app.inject({ url, headers: as(b.holder!) });
    expect(holderView.statusCode).toBe(200);
    expect(holderView.body).toContain(`action="/certificats/demandes/${id}/revocation"`);
    expect(holderView.body).toContain('Rappel à 90 jours');
    expect(holderView.body).not.toContain('renouvelle='); // the holder does not file requests
    const adminView = await app.inject({ url, headers: as(b.admin!) });
    expect(adminView.body).toContain(`/collectivites/${cid}/demandes-certificat/nouvelle?renouvelle=${id}`);
    expect((await app.inject({ url, headers: as(b.otherAdmin!) })).statusCode).toBe(404);

    const asked = await submitForm(app, b.admin!, url, `${url}/revocation`, { motif: 'departure' });
    expect(asked.headers.location).toBe(`${url}?ok=revocation-demandee`);
    const after = await app.inject({ url: `${url}?ok=revocation-demandee`, headers: as(b.admin!) });
    expect(after.body).toContain('La révocation est demandée');
    expect(after.body).toContain('Départ de la personne');
    expect(after.body).toContain('en attente');
    expect(after.body).not.toContain(`${url}/revocation/confirmation`);
    const raView = await app.inject({ url, headers: as(b.ra!) });
    expect(raView.body).toContain(`action="${url}/revocation/confirmation"`);
  });

  it('shows the registry and its CSV to RA officers only, with filters, names escaped', async () => {
    await active({ notAfter: new Date(now.getTime() + 20 * 86_400_000), holderName: '=Formule <b>' });
    const page = await app.inject({ url: '/syndicat/certificats/registre?echeance=30', headers: as(b.ra!) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('=Formule &lt;b&gt;');
    expect(page.body).toContain('href="/syndicat/certificats/registre.csv?echeance=30"');
    for (const who of [b.admin!, b.holder!, b.operator!])
      expect((await app.inject({ url: '/syndicat/certificats/registre', headers: as(who) })).statusCode).toBe(
        403,
      );
    const csv = await app.inject({
      url: '/syndicat/certificats/registre.csv?echeance=30',
      headers: as(b.ra!),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF"Collectivité";"Titulaire"')).toBe(true);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=Formule <b>"`);
    expect(lines[1]).toContain('"Actif"');
    const other = await app.inject({
      url: `/syndicat/certificats/registre.csv?collectivite=${otherCid}`,
      headers: as(b.ra!),
    });
    expect(other.body).not.toContain('Formule');
  });

  it('shows the board figures to RA officers', async () => {
    const res = await app.inject({ url: '/syndicat/certificats/bilan', headers: as(b.ra!) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Adoption');
    expect(res.body).toContain('Télétransmission des actes au contrôle de légalité (par demande)');
    expect((await app.inject({ url: '/syndicat/certificats/bilan', headers: as(b.admin!) })).statusCode).toBe(
      403,
    );
  });

  it('lists outgoing office-holders and revokes the chosen ones in bulk with a report', async () => {
    const mayor = await insertRequestInState(db, {
      collectiviteId: otherCid,
      productId: fx.manualProductId,
      state: 'active',
      isElected: true,
      holderName: 'Paul Maire',
    });
    const page = await app.inject({ url: '/syndicat/certificats/elections', headers: as(b.ra!) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${mayor}"`);
    expect(page.body).toContain('Membres à équiper');
    const none = await submitForm(
      app,
      b.ra!,
      '/syndicat/certificats/elections',
      '/syndicat/certificats/elections',
      {},
    );
    expect(none.statusCode).toBe(422);
    const res = await submitForm(
      app,
      b.ra!,
      '/syndicat/certificats/elections',
      '/syndicat/certificats/elections',
      {
        demandes: [mayor, '00000000-0000-4000-8000-000000000000'],
      },
    );
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 révocation(s) demandée(s) sur 2');
    expect(res.body).toContain('Demande de certificat introuvable.');
    const r = await unsafeGetRequest(db, mayor);
    expect(r.revocation?.reason).toBe('end_of_mandate');
    expect(
      (await app.inject({ url: '/syndicat/certificats/elections', headers: as(b.admin!) })).statusCode,
    ).toBe(403);
  });

  it('edits the catalogue: CA checklist and connector, products with a price in euros', async () => {
    expect(parseEuros('1 234,50 €')).toBe(123_450);
    expect(parseEuros('149')).toBe(14_900);
    expect(parseEuros('-3')).toBeNull();
    expect(parseEuros('douze')).toBeNull();
    const url = '/syndicat/certificats/autorites';
    const ca = await submitForm(app, b.ra!, url, url, {
      objet: 'autorite',
      code: 'cci-lozere',
      nom: 'CCI de la Lozère',
      connecteur: 'manual',
      pieces: ['id-copy', 'subscription-contract'],
      active: '1',
    });
    expect(ca.statusCode).toBe(200);
    expect(ca.body).toContain('L’autorité « CCI de la Lozère » est enregistrée.');
    const again = await submitForm(app, b.ra!, url, url, {
      objet: 'autorite',
      nouveau: '1',
      code: 'cci-lozere',
      nom: 'Écrasée',
      connecteur: 'manual',
    });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('Une autorité a déjà le code « cci-lozere »');
    const bad = await submitForm(app, b.ra!, url, url, {
      objet: 'produit',
      autorite: 'cci-lozere',
      code: 'rgs-2ans',
      libelle: 'RGS 2 ans',
      usages: 'actes',
      prix: 'cher',
      validite: '24',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Le prix : un montant en euros');
    const ok = await submitForm(app, b.ra!, url, url, {
      objet: 'produit',
      autorite: 'cci-lozere',
      code: 'rgs-2ans',
      libelle: 'RGS 2 ans',
      usages: ['actes', 'helios'],
      prix: '99,90',
      validite: '24',
      active: '1',
    });
    expect(ok.statusCode).toBe(200);
    const p = await db.query<{ price_cents: number; purposes: string[] }>(
      "select price_cents, purposes from ra_products where code = 'rgs-2ans'",
    );
    expect(p.rows[0]).toEqual({ price_cents: 9_990, purposes: ['actes', 'helios'] });
    const a = await db.query<{ required_documents: string[] }>(
      "select required_documents from ra_authorities where code = 'cci-lozere'",
    );
    expect(a.rows[0]!.required_documents).toEqual(['id-copy', 'subscription-contract']);
    expect((await app.inject({ url, headers: as(b.admin!) })).statusCode).toBe(403);
  });

  it('lets an operator admin designate and remove RA officers, journaled', async () => {
    const url = '/syndicat/certificats/officiers';
    expect((await app.inject({ url, headers: as(b.admin!) })).statusCode).toBe(403);
    const unknown = await submitForm(app, b.operator!, url, url, {
      action: 'designer',
      email: 'personne@nulle.part',
    });
    expect(unknown.statusCode).toBe(422);
    const add = await submitForm(app, b.operator!, url, url, {
      action: 'designer',
      email: 'odile.pages@example.fr',
    });
    expect(add.statusCode).toBe(200);
    expect((await findUserByEmail(db, 'odile.pages@example.fr'))!.isRaOfficer).toBe(true);
    const remove = await submitForm(app, b.operator!, url, url, {
      action: 'retirer',
      email: 'odile.pages@example.fr',
    });
    expect(remove.body).toContain('n’est plus officier d’enregistrement');
    expect((await findUserByEmail(db, 'odile.pages@example.fr'))!.isRaOfficer).toBe(false);
    const journal = await db.query<{ reason: string }>(
      "select reason from security_events where kind = 'ra.officer-changed' order by id",
    );
    expect(journal.rows.map((r) => r.reason)).toEqual([
      expect.stringContaining('désigné(e)'),
      expect.stringContaining('retiré(e)'),
    ]);
  });

  it('refuses « Mes certificats » to an API token, which is no person', async () => {
    const token = await createApiToken(
      { db, clock: systemClock },
      {
        collectiviteId: cid as ScopedCollectiviteId,
        name: 'Logiciel',
        permissions: [...TOKEN_PERMISSIONS],
        actorUserId: null,
      },
    );
    const res = await app.inject({
      url: '/mes-certificats',
      headers: { authorization: `Bearer ${token.secret}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('un jeton d’accès n’a pas de certificats');
  });
});
