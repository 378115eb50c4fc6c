// The acts API in-process (both backends): multipart creation with idempotency keys, French refusals
// with stable codes, listing, one act with its timeline, submission, downloads and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopedCollectiviteId } from '../../src/auth/policy.ts';
import { TOKEN_PERMISSIONS } from '../../src/auth/policy.ts';
import { createApiToken } from '../../src/auth/tokens/api-tokens.ts';
import type { Db } from '../../src/db/types.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { createLogger } from '../../src/kernel/logger.ts';
import { backend, createTestDb } from '../support/db.ts';
import { multipartBody } from '../support/multipart.ts';
import { makePdf } from '../support/pdf.ts';
import { setUpTransmission } from '../support/transmission.ts';

describe(`acts API (${backend})`, () => {
  let db: Db;
  let app: FastifyInstance;
  let cid: string;
  let auth: Record<string, string>;
  let readOnly: Record<string, string>;
  let preparer: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDb();
    const t = await setUpTransmission(db, {
      sendArchive: async () => ({ outcome: 'accepted', status: 201 }),
    });
    cid = t.collectiviteId;
    app = createHttpServer({
      db,
      logger: createLogger('silent'),
      mode: 'demo',
      transmission: t.deps,
      publicUrl: 'http://localhost',
    });
    const scoped = cid as ScopedCollectiviteId;
    const full = await createApiToken(
      { db, clock: systemClock },
      { collectiviteId: scoped, name: 'Parapheur', permissions: [...TOKEN_PERMISSIONS], actorUserId: null },
    );
    const reader = await createApiToken(
      { db, clock: systemClock },
      { collectiviteId: scoped, name: 'Lecture', permissions: ['act.read'], actorUserId: null },
    );
    auth = { authorization: `Bearer ${full.secret}` };
    readOnly = { authorization: `Bearer ${reader.secret}` };
    const prep = await createApiToken(
      { db, clock: systemClock },
      {
        collectiviteId: scoped,
        name: 'Préparation',
        permissions: ['act.read', 'act.prepare'],
        actorUserId: null,
      },
    );
    preparer = { authorization: `Bearer ${prep.secret}` };
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  async function create(
    numero: string,
    extra: Record<string, string> = {},
    query = '',
    classification = '7.1',
  ) {
    const body = multipartBody(
      {
        metadata: JSON.stringify({
          numeroInterne: numero,
          nature: 'DE',
          decisionDate: '2026-11-20',
          objet: 'Tarifs municipaux 2027',
          classification,
        }),
      },
      [
        { field: '99_DE', name: 'deliberation.pdf', type: 'application/pdf', bytes: await makePdf() },
        { field: '99_AU', name: 'annexe.pdf', type: 'application/pdf', bytes: await makePdf('Annexe') },
      ],
    );
    return app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${cid}/actes${query}`,
      headers: { ...auth, ...body.headers, ...extra },
      payload: body.payload,
    });
  }

  it('creates a draft from a multipart upload, and replays it for the same idempotency key', async () => {
    const first = await create('API_001', { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    const act = first.json();
    expect(act).toMatchObject({
      numeroInterne: 'API_001',
      state: 'draft',
      stateLabel: 'Brouillon',
      s2lowStatus: 17,
    });
    expect(act.documents.map((d: { typology: string }) => d.typology)).toEqual(['99_DE', '99_AU']);
    const again = await create('API_001', { 'idempotency-key': 'k-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(act.id);
    const other = await create('API_002', { 'idempotency-key': 'k-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().problems[0].message).toMatch(/a déjà servi pour une autre requête/);
  });

  it('refuses a bad act with every problem at once, with a stable code and French messages', async () => {
    const body = multipartBody(
      { metadata: JSON.stringify({ numeroInterne: 'a b', nature: 'XX', objet: '' }) },
      [],
    );
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${cid}/actes`,
      headers: { ...auth, ...body.headers },
      payload: body.payload,
    });
    expect(r.statusCode).toBe(422);
    const json = r.json();
    expect(json.code).toBe('VALIDATION_FAILED');
    expect(json.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['numeroInterne', 'nature', 'objet', 'mainDocument']),
    );
  });

  it('lists, shows, validates and submits; a read-only token cannot', async () => {
    const list = await app.inject({ url: `/api/v1/collectivites/${cid}/actes?q=tarifs`, headers: auth });
    expect(list.json().items.map((a: { numeroInterne: string }) => a.numeroInterne)).toEqual(['API_001']);
    const id = list.json().items[0].id;
    const one = await app.inject({ url: `/api/v1/collectivites/${cid}/actes/${id}`, headers: auth });
    expect(one.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    const check = await app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${cid}/actes/${id}/validation`,
      headers: auth,
    });
    expect(check.json()).toMatchObject({ ok: true, idActe: '048-214800344-20261120-API_001-DE' });
    const denied = await app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${cid}/actes/${id}/envoi`,
      headers: readOnly,
    });
    expect(denied.statusCode).toBe(403);
    const sent = await app.inject({
      method: 'POST',
      url: `/api/v1/collectivites/${cid}/actes/${id}/envoi`,
      headers: auth,
    });
    expect(sent.json()).toMatchObject({ state: 'queued', s2lowStatus: 1 });
    const doc = await app.inject({
      url: `/api/v1/collectivites/${cid}/actes/${id}/documents/1`,
      headers: readOnly,
    });
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const slip = await app.inject({
      url: `/api/v1/collectivites/${cid}/actes/${id}/bordereau`,
      headers: auth,
    });
    expect(slip.statusCode).toBe(409);
  });

  it('deposits and sends in one request (?envoi=1), or creates nothing when the act cannot leave', async () => {
    const r = await create('API_ENVOI_1', { 'idempotency-key': 'k-envoi' }, '?envoi=1');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ numeroInterne: 'API_ENVOI_1', state: 'queued', s2lowStatus: 1 });
    const one = await app.inject({ url: `/api/v1/collectivites/${cid}/actes/${r.json().id}`, headers: auth });
    expect(one.json().timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'submitted']);
    const jobs = await db.query<{ n: number }>(
      `select count(*)::int as n from jobs where kind = 'actes.build' and payload->>'actId' = $1`,
      [r.json().id],
    );
    expect(jobs.rows[0]!.n).toBe(1);
    // The same key for the same deposit without the sending is another request.
    const other = await create('API_ENVOI_1', { 'idempotency-key': 'k-envoi' });
    expect(other.statusCode).toBe(422);
    expect((await create('API_ENVOI_1', { 'idempotency-key': 'k-envoi' }, '?envoi=1')).json().id).toBe(
      r.json().id,
    );

    // 9.9 is a well-formed matière that this préfecture's classification does not have: no draft is
    // left behind, and the number stays free.
    const refused = await create('API_ENVOI_2', {}, '?envoi=1', '9.9');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems.map((p: { field: string }) => p.field)).toContain('classification');
    const drafts = await db.query('select 1 from acts where numero_interne = $1', ['API_ENVOI_2']);
    expect(drafts.rows).toHaveLength(0);
    expect((await create('API_ENVOI_2')).statusCode).toBe(201);

    const bad = await create('API_ENVOI_3', {}, '?envoi=peut-etre');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems[0]).toMatchObject({
      field: 'envoi',
      message: expect.stringMatching(/vaut 1/),
    });
  });

  it('deposits with ?envoi=1 for a token that only prepares: the act awaits a transmitter’s confirmation', async () => {
    const r = await create('API_ENVOI_P', { ...preparer }, '?envoi=1');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ state: 'awaiting_confirmation' });
    const one = await app.inject({ url: `/api/v1/collectivites/${cid}/actes/${r.json().id}`, headers: auth });
    expect(one.json().timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'confirmation_requested',
    ]);
    const jobs = await db.query(`select 1 from jobs where kind = 'actes.build' and payload->>'actId' = $1`, [
      r.json().id,
    ]);
    expect(jobs.rows).toHaveLength(0);
  });

  it('asks the préfecture for its classification when a sending is refused for want of it, even though the refusal rolls back', async () => {
    const saved = await db.query('select * from classifications where collectivite_id = $1', [cid]);
    await db.query('delete from classifications where collectivite_id = $1', [cid]);
    try {
      await db.query(`delete from jobs where kind = 'actes.classify'`);
      const r = await create('API_ENVOI_4', {}, '?envoi=1');
      expect(r.statusCode).toBe(422);
      expect(r.json().problems[0].message).toMatch(/pas encore été reçue/);
      const asked = await db.query(`select 1 from jobs where kind = 'actes.classify' and state = 'pending'`);
      expect(asked.rows).toHaveLength(1);
      // The check before sending says so too, and asks as well.
      await db.query(`delete from jobs where kind = 'actes.classify'`);
      const draft = await create('API_ENVOI_5');
      const check = await app.inject({
        method: 'POST',
        url: `/api/v1/collectivites/${cid}/actes/${draft.json().id}/validation`,
        headers: auth,
      });
      expect(check.json().problems[0].message).toMatch(/vient de la redemander/);
      const again = await db.query(`select 1 from jobs where kind = 'actes.classify' and state = 'pending'`);
      expect(again.rows).toHaveLength(1);
    } finally {
      for (const row of saved.rows as Record<string, unknown>[]) {
        const cols = Object.keys(row);
        await db.query(
          `insert into classifications (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => row[c]),
        );
      }
    }
  });

  it('answers 404 for an act id of nowhere, and for a collectivité outside the token', async () => {
    const r = await app.inject({
      url: `/api/v1/collectivites/${cid}/actes/00000000-0000-4000-8000-000000000000`,
      headers: auth,
    });
    expect(r.statusCode).toBe(404);
    const other = await app.inject({
      url: '/api/v1/collectivites/00000000-0000-4000-8000-000000000000/actes',
      headers: auth,
    });
    expect(other.statusCode).toBe(404);
  });

  it('serves an OpenAPI document listing the acts routes', async () => {
    const r = await app.inject({ url: '/api/v1/openapi.json' });
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/collectivites/{cid}/actes/{actId}/envoi');
  });
});
