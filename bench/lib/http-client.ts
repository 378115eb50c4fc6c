// A minimal HTTP client for the benchmarks (node:http, keep-alive): a JSON answer for a buffered body.

import { randomBytes } from 'node:crypto';
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export async function request(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method, headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {}
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** multipart/form-data: the fields first, then the files, in order (as the acts API expects). */
export function multipart(
  fields: Record<string, string>,
  files: { field: string; name: string; type: string; bytes: Buffer }[],
): { body: Buffer; contentType: string } {
  const boundary = `----relaisbench${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
