// The ministry client against a real local HTTPS server with mutual TLS (Fastify + multipart, as the
// simulator will be): outcomes for each way an exchange can end, the pin, the client certificate, streaming.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createGatewayPki,
  fingerprint256,
  type GatewayPki,
  toPkcs12,
} from '../../../test/support/gateway-pki.ts';
import { generatedContent } from '../../documents/document-store-contract.ts';
import { type ArchiveToSend, createMinistryClient, type MinistryClientOptions } from './ministry-client.ts';

const MiB = 1024 * 1024;
const ARCHIVE_NAME = 'SLO-EACT--210703385--20170612-2.tar.gz';

type Mode = 'created' | 'ok200' | 'bad-request' | 'error500' | 'reset-after-body' | 'hang';

interface Received {
  clientSubject: string | undefined;
  field: string;
  fileName: string;
  size: number;
  sha256: string;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
}

interface Ministry {
  url: string;
  received: Received[];
  requests: number;
  /** TLS handshakes completed (one per connection). */
  handshakes: number;
  /** Bytes of the file field read so far by the current request. */
  progress: { bytes: number };
  mode: Mode;
  close(): Promise<void>;
}

async function startMinistry(
  pki: GatewayPki,
  { impostor = false, requireClientCert = false, ignoreExpect = false, dropKeptConnections = false } = {},
): Promise<Ministry> {
  const id = impostor ? pki.impostor : pki.server;
  const app: FastifyInstance = Fastify({
    https: {
      key: id.keyPem,
      cert: id.certPem,
      ca: pki.ca.certPem,
      requestCert: true,
      rejectUnauthorized: requireClientCert,
    },
    forceCloseConnections: true,
    logger: false,
  });
  await app.register(multipart, { limits: { fileSize: 200 * MiB } });
  const ministry: Ministry = {
    url: '',
    received: [],
    requests: 0,
    handshakes: 0,
    progress: { bytes: 0 },
    mode: 'created',
    close: () => app.close(),
  };
  app.addHook('onRequest', async () => {
    ministry.requests++;
  });
  app.post('/actes', async (req, reply) => {
    const peer = (req.raw.socket as TLSSocket).getPeerCertificate();
    const file = await req.file();
    if (!file) return reply.code(400).send('pas de fichier');
    const hash = createHash('sha256');
    ministry.progress.bytes = 0;
    for await (const chunk of file.file) {
      hash.update(chunk as Buffer);
      ministry.progress.bytes += (chunk as Buffer).length;
    }
    ministry.received.push({
      clientSubject: String(peer?.subject?.CN),
      field: file.fieldname,
      fileName: file.filename,
      size: ministry.progress.bytes,
      sha256: hash.digest('hex'),
      contentLength: req.headers['content-length'],
      transferEncoding: req.headers['transfer-encoding'],
    });
    switch (ministry.mode) {
      case 'created':
        return reply.code(201).send('');
      case 'ok200':
        return reply.code(200).send('OK');
      case 'bad-request':
        return reply.code(400).send('Enveloppe non conforme');
      case 'error500':
        return reply.code(500).send('Erreur interne');
      case 'reset-after-body':
        req.raw.socket.destroy();
        return reply.hijack();
      case 'hang':
        return new Promise(() => {});
    }
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Like an old server that never answers "100 Continue": the request goes straight to the handler.
  if (ignoreExpect) app.server.on('checkContinue', (req, res) => app.server.emit('request', req, res));
  app.server.on('secureConnection', () => ministry.handshakes++);
  // Like a server that closed an idle kept connection just as the next request arrived on it.
  if (dropKeptConnections) {
    const served = new WeakSet<object>();
    app.server.on('checkContinue', (req, res) => {
      if (served.has(req.socket)) return req.socket.destroy();
      served.add(req.socket);
      res.writeContinue();
      app.server.emit('request', req, res);
    });
  }
  const address = app.server.address() as net.AddressInfo;
  ministry.url = `https://localhost:${address.port}/actes`;
  return ministry;
}

function archiveOf(bytes: Buffer, name = ARCHIVE_NAME): ArchiveToSend & { opened: number } {
  const archive = {
    fileName: name,
    size: bytes.length,
    opened: 0,
    open: () => {
      archive.opened++;
      return Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]);
    },
  };
  return archive;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ARCHIVE = Buffer.from('\x1f\x8b faux tar.gz pour les tests '.repeat(100), 'latin1');

describe('createMinistryClient', () => {
  let pki: GatewayPki;
  let ministry: Ministry;
  let options: MinistryClientOptions;

  beforeAll(async () => {
    pki = await createGatewayPki();
  });
  afterEach(async () => {
    await ministry?.close();
  });

  async function setUp(
    serverOptions: {
      impostor?: boolean;
      requireClientCert?: boolean;
      ignoreExpect?: boolean;
      dropKeptConnections?: boolean;
    } = {},
  ) {
    ministry = await startMinistry(pki, serverOptions);
    options = {
      url: ministry.url,
      clientCert: { cert: pki.client.certPem, key: pki.client.keyPem },
      pinnedServerCert: pki.server.certPem,
      timeoutMs: 10_000,
    };
  }

  it('sends the archive as one multipart file field and reports 201 as accepted', async () => {
    await setUp();
    const outcome = await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(outcome).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received).toHaveLength(1);
    expect(ministry.received[0]).toMatchObject({
      field: 'file',
      fileName: ARCHIVE_NAME,
      size: ARCHIVE.length,
      sha256: sha256(ARCHIVE),
      transferEncoding: undefined,
    });
    expect(Number(ministry.received[0]!.contentLength)).toBeGreaterThan(ARCHIVE.length);
  });

  it('sends the body anyway, after a short wait, to a server that ignores Expect: 100-continue', async () => {
    await setUp({ ignoreExpect: true });
    const outcome = await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(outcome).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received[0]!.sha256).toBe(sha256(ARCHIVE));
  });

  it('presents the operator certificate, which the server sees', async () => {
    await setUp();
    await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(ministry.received[0]!.clientSubject).toBe('Relais TdT (test)');
  });

  it('presents a PKCS#12 operator certificate as well', async () => {
    await setUp();
    const pfx = toPkcs12(pki.client, 'secret-p12');
    if (!pfx) return console.warn('[gateway] openssl absent: PKCS#12 case not checked');
    const client = createMinistryClient({ ...options, clientCert: { pfx, passphrase: 'secret-p12' } });
    expect(await client.sendArchive(archiveOf(ARCHIVE))).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received[0]!.clientSubject).toBe('Relais TdT (test)');
  });

  it('accepts a pin given as a SHA-256 fingerprint, and checks the chain when a CA is given', async () => {
    await setUp();
    const client = createMinistryClient({
      ...options,
      pinnedServerCert: fingerprint256(pki.server),
      ca: pki.ca.certPem,
    });
    expect(await client.sendArchive(archiveOf(ARCHIVE))).toEqual({ outcome: 'accepted', status: 201 });
  });

  it('does not count a 200 as accepted unless the legacy server option is set', async () => {
    await setUp();
    ministry.mode = 'ok200';
    const strict = await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(strict.outcome).toBe('unknown');
    const legacy = await createMinistryClient({ ...options, legacy200: true }).sendArchive(
      archiveOf(ARCHIVE),
    );
    expect(legacy).toEqual({ outcome: 'accepted', status: 200 });
  });

  it('reports a 4xx as rejected, with the server’s words', async () => {
    await setUp();
    ministry.mode = 'bad-request';
    expect(await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE))).toEqual({
      outcome: 'rejected',
      status: 400,
      reason: 'HTTP 400 : Enveloppe non conforme',
    });
  });

  it('refuses a server whose certificate is not the pinned one, before opening the archive', async () => {
    await setUp({ impostor: true });
    const archive = archiveOf(ARCHIVE);
    for (const ca of [undefined, pki.ca.certPem]) {
      const outcome = await createMinistryClient({ ...options, ca }).sendArchive(archive);
      expect(outcome.outcome).toBe('not-sent');
    }
    expect(archive.opened).toBe(0);
    expect(ministry.requests).toBe(0);
  });

  it('reports not-sent when the server refuses the client certificate during the handshake', async () => {
    await setUp({ requireClientCert: true });
    const stranger = await createGatewayPki();
    const outcome = await createMinistryClient({
      ...options,
      clientCert: { cert: stranger.client.certPem, key: stranger.client.keyPem },
    }).sendArchive(archiveOf(ARCHIVE));
    expect(outcome.outcome).toBe('not-sent');
    expect(ministry.requests).toBe(0);
  });

  it('reports unknown for a 5xx: the same archive must be sent again', async () => {
    await setUp();
    ministry.mode = 'error500';
    const outcome = await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(outcome).toEqual({ outcome: 'unknown', reason: 'HTTP 500 : Erreur interne' });
    expect(ministry.received).toHaveLength(1);
  });

  it('reports unknown when the connection is reset after the body was received', async () => {
    await setUp();
    ministry.mode = 'reset-after-body';
    const outcome = await createMinistryClient(options).sendArchive(archiveOf(ARCHIVE));
    expect(outcome.outcome).toBe('unknown');
    expect(ministry.received).toHaveLength(1);
  });

  it('reports unknown when no answer comes within the time limit', async () => {
    await setUp();
    ministry.mode = 'hang';
    const outcome = await createMinistryClient({ ...options, timeoutMs: 800 }).sendArchive(
      archiveOf(ARCHIVE),
    );
    expect(outcome).toEqual({ outcome: 'unknown', reason: 'délai de 1 s dépassé' });
  });

  it('reports not-sent when the connection is refused', async () => {
    await setUp();
    const port = await closedPort();
    const outcome = await createMinistryClient({ ...options, url: `https://127.0.0.1:${port}/` }).sendArchive(
      archiveOf(ARCHIVE),
    );
    expect(outcome.outcome).toBe('not-sent');
    expect(outcome).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('reports not-sent when the TLS handshake never completes', async () => {
    await setUp();
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const outcome = await createMinistryClient({
        ...options,
        url: `https://127.0.0.1:${port}/`,
        connectTimeoutMs: 300,
      }).sendArchive(archiveOf(ARCHIVE));
      expect(outcome).toEqual({ outcome: 'not-sent', reason: 'délai de connexion dépassé' });
    } finally {
      silent.close();
    }
  });

  it('reports not-sent when the archive cannot be read to its announced size', async () => {
    await setUp();
    const short = { ...archiveOf(ARCHIVE), size: ARCHIVE.length + 5 };
    const outcome = await createMinistryClient(options).sendArchive(short);
    expect(outcome.outcome).toBe('not-sent');
    expect(ministry.received).toHaveLength(0);
  });

  it('keeps its connection: three archives, one TLS handshake', async () => {
    await setUp();
    const client = createMinistryClient(options);
    for (let i = 0; i < 3; i++)
      expect(await client.sendArchive(archiveOf(ARCHIVE))).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received).toHaveLength(3);
    expect(ministry.handshakes).toBe(1);
  });

  it('sends again at once on a new connection when the kept one was closed before the body', async () => {
    await setUp({ dropKeptConnections: true });
    const client = createMinistryClient(options);
    const archive = archiveOf(ARCHIVE);
    expect(await client.sendArchive(archive)).toEqual({ outcome: 'accepted', status: 201 });
    expect(await client.sendArchive(archive)).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received.map((r) => r.sha256)).toEqual([sha256(ARCHIVE), sha256(ARCHIVE)]);
    expect(ministry.handshakes).toBe(2);
    expect(archive.opened).toBe(2); // the dropped attempt never opened the archive
  });

  it('reports unknown, and does not send again, when a kept connection breaks after the body', async () => {
    await setUp();
    const client = createMinistryClient(options);
    expect(await client.sendArchive(archiveOf(ARCHIVE))).toEqual({ outcome: 'accepted', status: 201 });
    ministry.mode = 'reset-after-body';
    const outcome = await client.sendArchive(archiveOf(ARCHIVE));
    expect(outcome.outcome).toBe('unknown');
    expect(ministry.received).toHaveLength(2);
    expect(ministry.requests).toBe(2);
    expect(ministry.handshakes).toBe(1);
  });

  it('does not keep a connection whose answer came before the whole body was sent', async () => {
    await setUp();
    const client = createMinistryClient(options);
    ministry.mode = 'bad-request';
    expect((await client.sendArchive(archiveOf(ARCHIVE))).outcome).toBe('rejected');
    ministry.mode = 'created';
    expect(await client.sendArchive(archiveOf(ARCHIVE))).toEqual({ outcome: 'accepted', status: 201 });
  });

  it('refuses an archive name that could break the multipart header', async () => {
    await setUp();
    await expect(
      createMinistryClient(options).sendArchive(archiveOf(ARCHIVE, 'a"b.tar.gz\r\nX: y')),
    ).rejects.toThrow(/Nom d’archive refusé/);
  });

  it('streams a 50 MB archive without holding it in memory', async () => {
    await setUp();
    const total = 50 * MiB;
    let maxLead = 0;
    const content = generatedContent(total, {
      onChunk: (produced) => {
        maxLead = Math.max(maxLead, produced - ministry.progress.bytes);
      },
    });
    const before = memory();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memory());
    }, 20);
    const outcome = await createMinistryClient(options).sendArchive({
      fileName: ARCHIVE_NAME,
      size: total,
      open: () => content.stream,
    });
    clearInterval(sampler);
    expect(outcome).toEqual({ outcome: 'accepted', status: 201 });
    expect(ministry.received[0]).toMatchObject({ size: total, sha256: content.sha256() });
    // Back-pressure: the reader never runs far ahead of what the server has read.
    expect(maxLead).toBeLessThan(8 * MiB);
    expect(peak - before).toBeLessThan(40 * MiB);
  });
});

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
