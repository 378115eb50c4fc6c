// Reading the certificate a proxy passes (nginx, Apache, HAProxy forms) and the trusted-proxy list.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCa, type Issued, issueCertificate } from '../pki/issue.ts';
import { decodeProxyCertificate, isTrustedProxy, parseTrustedProxies } from './client-certificate.ts';

describe('proxy certificate headers', () => {
  let cert: Issued;
  beforeAll(async () => {
    cert = await issueCertificate(await createCa('CN=AC, C=FR'), 'CN=Jean, C=FR');
  });

  it('reads nginx’s URL-encoded PEM, Apache’s PEM with spaces and HAProxy’s base64 DER', () => {
    expect(decodeProxyCertificate(encodeURIComponent(cert.pem))).toEqual(cert.der);
    expect(decodeProxyCertificate(cert.pem.replace(/\n/g, ' '))).toEqual(cert.der);
    expect(decodeProxyCertificate(cert.der.toString('base64'))).toEqual(cert.der);
    expect(decodeProxyCertificate('%E0%A4%A')).toBeNull();
    expect(decodeProxyCertificate('bonjour')).toBeNull();
  });

  it('trusts only the listed addresses and networks, IPv4-mapped included', () => {
    const p = parseTrustedProxies('10.0.0.5, 192.168.1.0/24, ::1');
    expect(p.problems).toEqual([]);
    const settings = { trusted: p.list, header: 'x-ssl-client-cert', enabled: true };
    expect(isTrustedProxy(settings, '10.0.0.5')).toBe(true);
    expect(isTrustedProxy(settings, '::ffff:192.168.1.77')).toBe(true);
    expect(isTrustedProxy(settings, '::1')).toBe(true);
    expect(isTrustedProxy(settings, '10.0.0.6')).toBe(false);
    expect(isTrustedProxy({ ...settings, enabled: false }, '10.0.0.5')).toBe(false);
    expect(parseTrustedProxies('10.0.0.0/40, nginx').problems).toHaveLength(2);
  });
});
