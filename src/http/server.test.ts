// The HTTP server in-process: probes, request ids, French errors, no secrets in the logs.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import type { Db } from '../db/types.ts';
import { createLogger } from '../kernel/logger.ts';
import { createHttpServer } from './server.ts';

describe(`http server (${backend})`, () => {
  let db: Db;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });
  const app = () => createHttpServer({ db, logger: createLogger('info', sink), mode: 'demo' });

  it('answers /healthz and /readyz when the database answers', async () => {
    const a = app();
    expect((await a.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await a.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'prêt' });
    await a.close();
  });

  it('says 503 on /readyz, in French, when the database does not answer', async () => {
    const broken = { ...db, query: async () => Promise.reject(new Error('connection refused')) } as Db;
    const a = createHttpServer({ db: broken, logger: createLogger('silent'), mode: 'demo' });
    const r = await a.inject('/readyz');
    expect(r.statusCode).toBe(503);
    expect(r.json().problems).toEqual(['La base de données ne répond pas.']);
    await a.close();
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const a = app();
    const given = await a.inject({ url: '/healthz', headers: { 'x-request-id': 'abc12345-test' } });
    expect(given.headers['x-request-id']).toBe('abc12345-test');
    const made = await a.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await a.close();
  });

  it('refuses a body over the limit with a French 413 naming the size problem', async () => {
    const a = app();
    const r = await a.inject({
      method: 'POST',
      url: '/connexion/demo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `utilisateur=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(r.json().message).toContain('dépasse la taille autorisée');
    await a.close();
  });

  it('answers unknown addresses with a French 404 and a stable code', async () => {
    const a = app();
    const r = await a.inject('/nulle-part');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Cette adresse n’existe pas sur Relais.' });
    await a.close();
  });

  it('writes structured JSON logs with the request id and without cookies or authorisation headers', async () => {
    lines.length = 0;
    const a = app();
    await a.inject({
      url: '/healthz',
      headers: {
        'x-request-id': 'log-test-0001',
        cookie: 'session=secret-cookie',
        authorization: 'Bearer secret-token',
      },
    });
    await a.close();
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.some((l) => l.requestId === 'log-test-0001')).toBe(true);
    const all = lines.join('');
    expect(all).not.toContain('secret-cookie');
    expect(all).not.toContain('secret-token');
  });

  it('serves a French home page marked as demo', async () => {
    const a = app();
    const r = await a.inject('/');
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toMatch(/lang="fr"/);
    expect(r.body).toMatch(/les envois sont simulés/);
    await a.close();
  });
});
