// What became of one archive sent to the ministry, and how an HTTP status or a network error maps to it.
// The meaning of each outcome for the caller is written at the top of ministry-client.ts.

export type SendOutcome =
  | { outcome: 'accepted'; status: number }
  | { outcome: 'rejected'; status: number; reason: string }
  | { outcome: 'unknown'; reason: string }
  | { outcome: 'not-sent'; reason: string };

/** TLS alerts by which the server refuses our certificate: sent before any request reaches HTTP. */
const CLIENT_CERT_REFUSED =
  /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|ACCESS_DENIED|CERTIFICATE_(EXPIRED|REVOKED|UNKNOWN|UNSUPPORTED)|HANDSHAKE_FAILURE)/;

export function isClientCertificateRefusal(err: NodeJS.ErrnoException): boolean {
  return CLIENT_CERT_REFUSED.test(err.code ?? '') || CLIENT_CERT_REFUSED.test(err.message);
}

/** 201 (or 200 from a legacy server) accepted; 4xx rejected, except 408 and 429 which say "later"; else unknown. */
export function classifyStatus(status: number, text: string, legacy200 = false): SendOutcome {
  if (status === 201 || (status === 200 && legacy200)) return { outcome: 'accepted', status };
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 500);
  const reason = `HTTP ${status}${excerpt ? ` : ${excerpt}` : ''}`;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { outcome: 'rejected', status, reason };
  if (status === 200) return { outcome: 'unknown', reason: `${reason} (réponse 200 d’un serveur ancien ?)` };
  return { outcome: 'unknown', reason };
}

export function describeError(err: NodeJS.ErrnoException): string {
  return err.code ? `${err.code} : ${err.message}` : err.message;
}
