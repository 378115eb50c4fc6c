// The floor of the throughput bench: the same bytes through the same I/O as an act, with none of Relais's
// work (no database, PDF check, XML, archive, job queue or mail parsing). Two roles, one process each:
// - platform: HTTP intake of an upload (streamed to a file with its SHA-256, fsynced), then the same bytes
//   posted over HTTPS with mutual TLS (kept-alive connections) to the préfecture; an SMTP receiver that
//   writes each reply to a file, fsynced, and counts them (GET /count);
// - prefecture: HTTPS intake (client certificate required) streamed to a file, answered 200, then a reply
//   mail with a small attachment sent by SMTP (nodemailer, pooled connections).
// Settings as JSON in argv[2]; prints one JSON line { ready: true } once listening; stops on SIGTERM.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

interface Settings {
  role: 'platform' | 'prefecture';
  dir: string;
  httpPort: number;
  httpsPort: number;
  smtpPort: number;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  caCert: string;
}

const s = JSON.parse(process.argv[2]!) as Settings;
mkdirSync(s.dir, { recursive: true });
const fileIn = () => path.join(s.dir, randomUUID());

/** Writes a stream to a new file, fsynced; returns its SHA-256 and size. */
async function storeDurably(source: NodeJS.ReadableStream): Promise<{ file: string; size: number }> {
  const file = fileIn();
  const handle = await open(file, 'wx');
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    await handle.write(chunk);
  }
  await handle.sync();
  await handle.close();
  hash.digest('hex');
  return { file, size };
}

const closers: (() => Promise<unknown>)[] = [];

if (s.role === 'platform') {
  const agent = new https.Agent({
    keepAlive: true,
    cert: s.clientCert,
    key: s.clientKey,
    ca: s.caCert,
    checkServerIdentity: () => undefined,
  });
  const post = (file: string, size: number) =>
    new Promise<void>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: s.httpsPort,
          method: 'POST',
          path: '/depot',
          agent,
          headers: { 'content-type': 'application/octet-stream', 'content-length': size },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
  let replies = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') return res.end(JSON.stringify({ replies }));
    storeDurably(req).then(
      ({ file, size }) => {
        res.writeHead(201).end('{}');
        post(file, size).catch((e) => process.stderr.write(`${e}\n`));
      },
      (e) => res.writeHead(500).end(String(e)),
    );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(s.httpPort, '127.0.0.1');
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      storeDurably(stream).then(
        () => {
          replies++;
          done();
        },
        (e: Error) => done(e),
      );
    },
  });
  smtp.listen(s.smtpPort, '127.0.0.1');
  closers.push(
    () => new Promise((r) => server.close(r)),
    () => new Promise((r) => smtp.close(() => r(undefined))),
  );
} else {
  const mailer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: s.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  const attachment = Buffer.alloc(1500, 7);
  const server = https.createServer(
    { cert: s.serverCert, key: s.serverKey, ca: s.caCert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      pipeline(req, createWriteStream(fileIn())).then(
        () => {
          res.writeHead(200).end('OK');
          mailer
            .sendMail({
              from: 'prefecture@simulateur.test',
              to: 'retours@relais.test',
              subject: 'AR',
              text: 'Accusé de réception',
              attachments: [{ filename: 'reponse.tar.gz', content: attachment }],
            })
            .catch((e: Error) => process.stderr.write(`${e}\n`));
        },
        (e: Error) => res.writeHead(500).end(String(e)),
      );
    },
  );
  server.keepAliveTimeout = 60_000;
  server.listen(s.httpsPort, '127.0.0.1');
  closers.push(
    () => new Promise((r) => server.close(r)),
    async () => mailer.close(),
  );
}

process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', () => {
  for (const c of closers) void c();
  setTimeout(() => process.exit(0), 200);
});
