// Files already received during a form round trip, so that a person fixing a typo need not send them
// again. The page carries a reference signed with a key of this process, bound to the person and the
// collectivité: a reference is not a way to reach someone else's document by its hash. After a restart
// (or on another web process) the signature no longer matches and the page asks for the file again.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface KeptDocument {
  sha256: string;
  size: number;
  name: string;
  typology: string;
}

export interface KeptDocumentSigner {
  sign(d: KeptDocument, userId: string, collectiviteId: string): string;
  /** The document, or null when the reference is forged, altered, or signed by another process. */
  open(token: string, userId: string, collectiviteId: string): KeptDocument | null;
}

export function createKeptDocumentSigner(key: Buffer = randomBytes(32)): KeptDocumentSigner {
  const mac = (payload: string, userId: string, cid: string) =>
    createHmac('sha256', key).update(`${userId}\n${cid}\n${payload}`).digest('base64url');
  return {
    sign(d, userId, cid) {
      const payload = Buffer.from(JSON.stringify([d.sha256, d.size, d.name, d.typology])).toString(
        'base64url',
      );
      return `${payload}.${mac(payload, userId, cid)}`;
    },
    open(token, userId, cid) {
      const [payload, given] = token.split('.');
      if (!payload || !given) return null;
      const expected = Buffer.from(mac(payload, userId, cid));
      const actual = Buffer.from(given);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
      try {
        const [sha256, size, name, typology] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [
          string,
          number,
          string,
          string,
        ];
        if (!/^[0-9a-f]{64}$/.test(sha256) || typeof size !== 'number') return null;
        return { sha256, size, name: String(name), typology: String(typology) };
      } catch {
        return null;
      }
    },
  };
}
