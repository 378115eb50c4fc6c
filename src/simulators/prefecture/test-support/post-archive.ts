// Posts an archive to the intake as an operator does: HTTPS, client certificate, multipart with one
// tar.gz file field. Resolves with the status and body, or with the network error's code.
import { randomBytes } from 'node:crypto';
import https from 'node:https';

export interface PostArchiveInput {
  url: string;
  fileName: string;
  bytes: Uint8Array;
  /** Server certificate or CA to trust (pinning). */
  ca: string;
  cert?: string;
  key?: string;
  timeoutMs?: number;
}

export type PostResult = { status: number; body: string } | { error: string };

export function postArchive(input: PostArchiveInput): Promise<PostResult> {
  const boundary = `----relais${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${input.fileName}"\r\nContent-Type: application/x-gzip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const body = Buffer.concat([head, input.bytes, tail]);
  return postBody({ ...input, body, contentType: `multipart/form-data; boundary=${boundary}` });
}

/** Any body, for the refusals of malformed deposits. */
export function postBody(
  input: Omit<PostArchiveInput, 'fileName' | 'bytes'> & { body: Buffer; contentType: string },
): Promise<PostResult> {
  const { body } = input;
  return new Promise((resolve) => {
    const req = https.request(
      input.url,
      {
        method: 'POST',
        ca: input.ca,
        ...(input.cert ? { cert: input.cert, key: input.key } : {}),
        headers: {
          'content-type': input.contentType,
          'content-length': body.length,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    if (input.timeoutMs)
      req.setTimeout(input.timeoutMs, () =>
        req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
    req.end(body);
  });
}
