// Which certificate a request presents: the one of its own TLS connection (native HTTPS asking for a
// client certificate), or the one a trusted reverse proxy passes in a header (nginx
// `$ssl_client_escaped_cert`, URL-encoded PEM). A certificate header from any other address is forged.
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { readCertificateBlobs } from '../certificates/certificate-info.ts';

export type Presented =
  | { kind: 'none' }
  | { kind: 'certificate'; der: Buffer; source: 'tls' | 'proxy' }
  /** A certificate header from an address that is not a trusted proxy. */
  | { kind: 'forged-header' }
  /** A trusted proxy sent a header we cannot read. */
  | { kind: 'unreadable-header' };

export interface ProxySettings {
  trusted: BlockList;
  /** Lower-case header name. */
  header: string;
  /** At least one proxy is configured. */
  enabled: boolean;
}

/** Parses "10.0.0.5, 192.168.1.0/24, ::1"; returns French problems for entries it cannot read. */
export function parseTrustedProxies(raw: string): { list: BlockList; entries: string[]; problems: string[] } {
  const list = new BlockList();
  const entries: string[] = [];
  const problems: string[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [addr, bits] = entry.split('/');
    const family = isIP(addr ?? '');
    const prefix = bits === undefined ? null : Number(bits);
    const max = family === 6 ? 128 : 32;
    if (!family || (prefix !== null && (!Number.isInteger(prefix) || prefix < 0 || prefix > max))) {
      problems.push(
        `« ${entry} » n’est ni une adresse IP ni un réseau (par exemple 10.0.0.5 ou 10.0.0.0/24).`,
      );
      continue;
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === null) list.addAddress(addr!, type);
    else list.addSubnet(addr!, prefix, type);
    entries.push(entry);
  }
  return { list, entries, problems };
}

function normaliseAddress(address: string | undefined): { addr: string; type: 'ipv4' | 'ipv6' } | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { addr: mapped[1]!, type: 'ipv4' };
  const family = isIP(address);
  return family ? { addr: address, type: family === 6 ? 'ipv6' : 'ipv4' } : null;
}

export function isTrustedProxy(proxies: ProxySettings, address: string | undefined): boolean {
  const a = normaliseAddress(address);
  return !!a && proxies.enabled && proxies.trusted.check(a.addr, a.type);
}

/** The client's address: the socket's, or the last hop a trusted proxy reports. */
export function clientIp(req: FastifyRequest, proxies: ProxySettings): string {
  const remote = req.socket.remoteAddress ?? '';
  if (!isTrustedProxy(proxies, remote)) return remote;
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').pop()?.trim();
  return last && isIP(last) ? last : remote;
}

/** The certificate a proxy sent: URL-encoded PEM (nginx), PEM with spaces for line breaks (Apache), or base64 DER (HAProxy). */
export function decodeProxyCertificate(value: string): Buffer | null {
  let text = value.trim();
  if (text.includes('%')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return null;
    }
  }
  const m = /-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----/s.exec(text);
  if (!m) {
    // HAProxy's `ssl_c_der,base64`: the DER in base64, without PEM armour.
    if (!/^[A-Za-z0-9+/=]{100,}$/.test(text)) return null;
    const der = Buffer.from(text, 'base64');
    return der[0] === 0x30 ? der : null;
  }
  const pem = `-----BEGIN CERTIFICATE-----\n${m[1]!.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
  return readCertificateBlobs(pem)[0] ?? null;
}

export function presentedCertificate(req: FastifyRequest, proxies: ProxySettings): Presented {
  const raw = req.headers[proxies.header];
  const header = Array.isArray(raw) ? raw[0] : raw;
  if (header !== undefined && header !== '') {
    if (!isTrustedProxy(proxies, req.socket.remoteAddress)) return { kind: 'forged-header' };
    const der = decodeProxyCertificate(header);
    return der ? { kind: 'certificate', der, source: 'proxy' } : { kind: 'unreadable-header' };
  }
  if (isTrustedProxy(proxies, req.socket.remoteAddress)) return { kind: 'none' };
  const socket = req.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return { kind: 'none' };
  // With requestCert and rejectUnauthorized:false the handshake succeeds whatever the client sends;
  // TLS has proved the client holds the key. Whether we trust the certificate is decided per request.
  const peer = socket.getPeerCertificate(false);
  if (!peer?.raw || Object.keys(peer).length === 0) return { kind: 'none' };
  return { kind: 'certificate', der: peer.raw, source: 'tls' };
}
