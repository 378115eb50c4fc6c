// Sends one @CTES archive to the ministry: HTTPS POST multipart/form-data (one file field), mutual TLS
// with the operator's certificate, the ministry's server certificate pinned, the body streamed.
//
// Contract with the caller (the "send" job) — what each outcome allows:
// - accepted  (201, or 200 when legacy200): the ministry has the archive. The business answer comes
//   later by e-mail. Never send it again.
// - rejected  (4xx except 408/429): the ministry refused this request; show `reason`. A new envelope only
//   comes from a person's explicit resend.
// - not-sent: the ministry cannot hold the archive — the connection, TLS handshake or pin check failed,
//   or the connection ended before the first byte of the body was written (we send the headers with
//   `Expect: 100-continue`, as curl does, and the body only after "100 Continue" or 1 s of silence: a
//   server that refuses our certificate after a TLS 1.3 handshake is caught here), or the archive could
//   not be read (the request was cut short of its Content-Length, so no HTTP server can have taken it).
//   Retrying is safe.
// - unknown: the body had started (5xx, reset, timeout, unexpected status after the body began): the
//   ministry may or may not hold the archive. The caller MUST resend the SAME archive bytes under the
//   SAME file name — never build a new envelope — so that at worst the ministry sees one envelope twice,
//   which it recognises, rather than two acts.
// A plain 200 without legacy200 is "unknown", not "rejected": the server did take the body, and a
// rejection would invite a second envelope.
//
// Connections are kept alive between archives (one TLS handshake per connection, not per archive). TLS
// sessions are never resumed, so every new connection is a full handshake whose server certificate is
// checked against the pin before anything is written, and a kept connection is only reused once that
// check passed on it. A kept connection the server closed meanwhile fails before the body starts:
// that exchange is "not-sent" by the rules above, and is tried again at once on a new connection.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { AppError } from '../../kernel/errors.ts';
import type { Logger } from '../../kernel/logger.ts';
import {
  classifyStatus,
  describeError,
  isClientCertificateRefusal,
  type SendOutcome,
} from './send-outcome.ts';
import { parseServerPin } from './server-pin.ts';

export type { SendOutcome };

export type ClientCertificate =
  | { pfx: Buffer; passphrase?: string }
  | { cert: string | Buffer; key: string | Buffer; passphrase?: string };

export interface MinistryClientOptions {
  url: string;
  clientCert: ClientCertificate;
  /** CAs that issued the ministry's certificate; when given, the chain and host name are checked too. */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** PEM certificate(s) or SHA-256 fingerprint(s) of the ministry's server certificate. */
  pinnedServerCert: string | readonly string[];
  /** Whole exchange, from connecting to the end of the answer. */
  timeoutMs: number;
  /** TCP connection and TLS handshake. Default: 15 s, or timeoutMs if shorter. */
  connectTimeoutMs?: number;
  /** Older collection servers answer 200 instead of 201. */
  legacy200?: boolean;
  /** Name of the multipart file field. */
  fieldName?: string;
  logger?: Logger;
}

export interface ArchiveToSend {
  /** e.g. SLO-EACT--210703385--20170612-2.tar.gz */
  fileName: string;
  size: number;
  /** Opened only once the server is known to be the ministry; called again on every attempt. */
  open(): Readable;
}

export interface MinistryClient {
  sendArchive(archive: ArchiveToSend): Promise<SendOutcome>;
}

const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const REASON_LIMIT = 2000;
/** How long curl waits for "100 Continue" before sending the body anyway. */
const EXPECT_CONTINUE_MS = 1000;
/** An idle kept connection is closed after this (servers commonly close theirs after 5 s). */
const IDLE_CONNECTION_MS = 4000;

interface Exchanged {
  outcome: SendOutcome;
  /** Failed on a kept connection before the body started: safe, and worth trying on a new one. */
  isStaleConnection: boolean;
}

export function createMinistryClient(options: MinistryClientOptions): MinistryClient {
  const url = new URL(options.url);
  if (url.protocol !== 'https:')
    throw new AppError('CONFIG_INVALID', 'L’adresse du ministère doit commencer par https://.');
  const pin = parseServerPin(options.pinnedServerCert);
  const fieldName = options.fieldName ?? 'file';
  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 15_000, options.timeoutMs);
  const checkChain = options.ca !== undefined;
  const tlsOptions: https.RequestOptions = {
    ...options.clientCert,
    ca: options.ca as https.RequestOptions['ca'],
    // Without a CA the pin alone decides (checked on secureConnect below); with one, both must agree.
    rejectUnauthorized: checkChain,
    checkServerIdentity: (host: string, cert: PeerCertificate) =>
      checkServerIdentity(host, cert) ??
      (pin(cert.raw) ? undefined : new Error('certificat du serveur différent du certificat épinglé')),
  };
  const agent = new https.Agent({
    keepAlive: true,
    maxCachedSessions: 0, // no resumed session: each connection shows its certificate to the pin check
    timeout: IDLE_CONNECTION_MS,
    scheduling: 'lifo', // the most recently used connection is the least likely to have been closed
  });
  /** Connections whose server certificate passed the pin check. */
  const pinnedSockets = new WeakSet<object>();

  async function sendArchive(archive: ArchiveToSend): Promise<SendOutcome> {
    if (!SAFE_FILE_NAME.test(archive.fileName))
      throw new AppError('VALIDATION_FAILED', `Nom d’archive refusé : ${archive.fileName.slice(0, 80)}`);
    const boundary = `relais-${randomBytes(16).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${archive.fileName}"\r\n` +
        'Content-Type: application/gzip\r\n\r\n',
      'ascii',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'ascii');
    const log = options.logger?.child({ archive: archive.fileName, size: archive.size });
    const started = Date.now();
    let result = await exchange(archive, head, tail, boundary, agent);
    if (result.isStaleConnection) {
      log?.debug({ reason: (result.outcome as { reason?: string }).reason }, 'connexion gardée fermée');
      result = await exchange(archive, head, tail, boundary, false);
    }
    const outcome = result.outcome;
    log?.info({ ms: Date.now() - started, ...outcome }, 'envoi au ministère');
    return outcome;
  }

  function exchange(
    archive: ArchiveToSend,
    head: Buffer,
    tail: Buffer,
    boundary: string,
    via: https.Agent | false,
  ) {
    return new Promise<Exchanged>((resolve) => {
      // False until the first byte of the body is handed to the socket.
      let bodyStarted = false;
      let handshakeDone = false;
      let isReused = false;
      let localFailure: string | null = null;
      let responseStatus: number | null = null;
      let settled = false;
      let source: Readable | null = null;
      const timers: NodeJS.Timeout[] = [];

      const req = https.request(url, {
        method: 'POST',
        agent: via,
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': String(head.length + archive.size + tail.length),
          Expect: '100-continue',
          Accept: '*/*',
          'User-Agent': 'Relais',
        },
        ...tlsOptions,
      });

      /** keep: the answer was read to its end after the whole body went out, the connection is reusable. */
      const settle = (o: SendOutcome, keep = false) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        const isStaleConnection =
          isReused && !bodyStarted && responseStatus === null && o.outcome === 'not-sent' && !localFailure;
        resolve({ outcome: o, isStaleConnection });
        if (!keep) req.destroy();
        source?.destroy();
      };
      const failed = (why: string, certRefused = false): SendOutcome => {
        // Once the status line is in, it decides, even if the rest of the answer never comes.
        if (responseStatus !== null) return classifyStatus(responseStatus, '', options.legacy200);
        if (localFailure) return { outcome: 'not-sent', reason: localFailure };
        if (certRefused) return { outcome: 'not-sent', reason: why };
        if (!bodyStarted)
          return {
            outcome: 'not-sent',
            reason: handshakeDone ? `${why} (avant l’envoi du contenu : certificat client refusé ?)` : why,
          };
        return { outcome: 'unknown', reason: why };
      };

      timers.push(
        setTimeout(() => settle(failed('délai de connexion dépassé')), connectTimeoutMs),
        setTimeout(
          () => settle(failed(`délai de ${Math.round(options.timeoutMs / 1000)} s dépassé`)),
          options.timeoutMs,
        ),
      );

      req.on('error', (err: NodeJS.ErrnoException) => {
        settle(failed(describeError(err), isClientCertificateRefusal(err)));
      });

      const sendHeaders = () => {
        req.flushHeaders();
        timers.push(setTimeout(startBody, EXPECT_CONTINUE_MS));
        req.once('continue', startBody);
      };

      req.on('socket', (socket) => {
        if (req.reusedSocket) {
          clearTimeout(timers[0]);
          isReused = true;
          if (!pinnedSockets.has(socket)) {
            settle({ outcome: 'not-sent', reason: 'connexion réutilisée non vérifiée' });
            return;
          }
          sendHeaders();
          return;
        }
        (socket as TLSSocket).once('secureConnect', () => {
          clearTimeout(timers[0]);
          handshakeDone = true;
          const peer = (socket as TLSSocket).getPeerCertificate();
          if (!peer?.raw || !pin(peer.raw)) {
            settle({ outcome: 'not-sent', reason: 'certificat du serveur différent du certificat épinglé' });
            return;
          }
          pinnedSockets.add(socket);
          sendHeaders();
        });
      });

      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        responseStatus = status;
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < REASON_LIMIT) chunks.push(chunk);
          kept += chunk.length;
        });
        const done = (isComplete: boolean) =>
          settle(
            classifyStatus(status, Buffer.concat(chunks).toString('utf8'), options.legacy200),
            isComplete && req.writableFinished,
          );
        res.on('end', () => done(true));
        res.on('error', () => done(false));
        res.on('close', () => done(false));
      });

      function startBody() {
        if (settled || source) return;
        try {
          source = archive.open();
        } catch (e) {
          settle({ outcome: 'not-sent', reason: `archive illisible : ${(e as Error).message}` });
          return;
        }
        const from = source;
        async function* body() {
          bodyStarted = true;
          yield head;
          let sent = 0;
          try {
            for await (const chunk of from) {
              sent += (chunk as Buffer).length;
              if (sent > archive.size)
                throw new Error(`l’archive dépasse la taille annoncée (${archive.size})`);
              yield chunk as Buffer;
            }
          } catch (e) {
            localFailure ??= `archive illisible : ${(e as Error).message}`;
            throw e;
          }
          if (sent !== archive.size) {
            localFailure = `l’archive fait ${sent} octets au lieu des ${archive.size} annoncés`;
            throw new Error(localFailure);
          }
          yield tail;
        }
        pipeline(Readable.from(body(), { objectMode: false }), req).catch((err: Error) => {
          settle(failed(describeError(err)));
        });
      }
    });
  }

  return { sendArchive };
}
