// The platform process killed (SIGKILL) in the middle of a run and started again loses nothing: every
// act submitted through the API reaches its AR, none is sent twice. Real processes, real ports, the
// demo mode's simulated préfecture (mutual TLS, SMTP) and the database of the selected backend.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCollectivites } from '../../src/tenants/demo-data.ts';
import { relais } from '../support/cli.ts';
import { backend, createTestDatabaseEnv } from '../support/db.ts';
import { multipartBody } from '../support/multipart.ts';
import { makePdf } from '../support/pdf.ts';
import { waitFor } from './stack.ts';

const BIN = path.resolve('bin/relais.mjs');

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += String(d);
      const m = /Ouvrez (https?:\/\/\S+) dans votre navigateur/.exec(err);
      if (m) resolve({ child, url: m[1]!, exited });
    });
    exited.then((code) => reject(new Error(`relais start exited with ${code}: ${err}`)));
  });
}

describe(`a platform killed mid-run (${backend})`, () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    const db = await createTestDatabaseEnv();
    cleanup = db.cleanup;
    env = {
      ...db.env,
      RELAIS_HTTP_PORT: '0',
      RELAIS_SMTP_RECEIVER_PORT: '0',
      RELAIS_SIMULATOR_CONSOLE_PORT: '0',
      RELAIS_SIMULATOR_REPLY_DELAY_S: '0',
      RELAIS_JOB_POLL_MS: '100',
      RELAIS_JOB_LOCK_TIMEOUT_S: '10',
      RELAIS_LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await cleanup();
  });

  it('loses nothing and sends nothing twice across a SIGKILL and a restart', async () => {
    // First start seeds the demo syndicat; stop it to create an API token from the command line.
    const first = await start(env);
    children.push(first.child);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const commune = demoCollectivites()[4]!;
    const token = await relais(
      [
        'token',
        'create',
        '--collectivite',
        commune.siren!,
        '--nom',
        'Test de reprise',
        '--permissions',
        'collectivite.read,act.read,act.prepare,act.transmit',
      ],
      env,
    );
    expect(token.code).toBe(0);
    const secret = token.out.trim().split('\n').pop()!;
    const auth = { authorization: `Bearer ${secret}` };

    let run = await start(env);
    children.push(run.child);
    const me = (await (await fetch(`${run.url}/api/v1/me`, { headers: auth })).json()) as {
      collectivites: { id: string }[];
    };
    const cid = me.collectivites[0]!.id;
    // The daily schedule asks for every classification at start: wait until ours arrived.
    const pdf = await makePdf('Acte soumis avant la panne');
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      const body = multipartBody(
        {
          metadata: JSON.stringify({
            numeroInterne: `REPRISE_${i}`,
            nature: 'DE',
            decisionDate: '2026-11-20',
            objet: 'Acte transmis pendant une panne',
            classification: '5.2',
          }),
        },
        [{ field: '99_DE', name: 'acte.pdf', type: 'application/pdf', bytes: pdf }],
      );
      const r = await fetch(`${run.url}/api/v1/collectivites/${cid}/actes`, {
        method: 'POST',
        headers: { ...auth, ...body.headers },
        body: body.payload,
      });
      expect(r.status, await r.clone().text()).toBe(201);
      created.push(((await r.json()) as { id: string }).id);
    }
    for (const [i, id] of created.entries()) {
      await waitFor(
        'submission accepted',
        async () => {
          const r = await fetch(`${run.url}/api/v1/collectivites/${cid}/actes/${id}/envoi`, {
            method: 'POST',
            headers: auth,
          });
          return r.status === 200; // 422 while the classification has not arrived yet
        },
        90_000,
      );
      if (i === 5) {
        // Kill the whole platform without warning, with work in flight.
        run.child.kill('SIGKILL');
        await run.exited;
        run = await start(env);
        children.push(run.child);
      }
    }
    const states = await waitFor(
      'all acknowledged after the restart',
      async () => {
        const list = (await (
          await fetch(`${run.url}/api/v1/collectivites/${cid}/actes?limit=50`, { headers: auth })
        ).json()) as {
          items: { state: string; idActe: string | null; numeroInterne: string }[];
        };
        const items = list.items;
        return items
          .filter((a) => a.numeroInterne.startsWith('REPRISE_'))
          .every((a) => a.state === 'acknowledged')
          ? items
          : null;
      },
      90_000,
    );
    for (const a of states.filter((x) => x.numeroInterne.startsWith('REPRISE_')))
      expect(a.idActe).toBe(`048-${commune.siren}-20261120-${a.numeroInterne}-DE`);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // The préfecture's own journal: each act received exactly once, no act refused as already received.
    const journal = readFileSync(path.join(env.RELAIS_DATA_DIR!, 'simulateur', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            outcome?: string;
            messages?: { code?: string; outcome?: string; idActe?: string }[];
          },
      );
    const accepted = journal
      .filter((e) => e.type === 'archive-received' && e.outcome === 'traite')
      .flatMap((e) => e.messages ?? [])
      .filter((m) => m.idActe?.includes('-REPRISE_'));
    expect(accepted.map((m) => m.outcome)).toEqual(Array(12).fill('accepte'));
    expect(new Set(accepted.map((m) => m.idActe)).size).toBe(12);
  }, 360_000);
});
