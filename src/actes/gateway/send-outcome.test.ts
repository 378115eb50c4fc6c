// HTTP statuses and TLS errors mapped to what the caller may do next.
import { describe, expect, it } from 'vitest';
import { classifyStatus, isClientCertificateRefusal } from './send-outcome.ts';

describe('classifyStatus', () => {
  it('accepts 201, and 200 only from a legacy server', () => {
    expect(classifyStatus(201, '')).toEqual({ outcome: 'accepted', status: 201 });
    expect(classifyStatus(200, '', true)).toEqual({ outcome: 'accepted', status: 200 });
    expect(classifyStatus(200, 'OK').outcome).toBe('unknown');
  });

  it('takes a 4xx as a refusal with the server’s words, except “try later” answers', () => {
    expect(classifyStatus(403, '  Certificat\n inconnu ')).toEqual({
      outcome: 'rejected',
      status: 403,
      reason: 'HTTP 403 : Certificat inconnu',
    });
    expect(classifyStatus(408, '').outcome).toBe('unknown');
    expect(classifyStatus(429, '').outcome).toBe('unknown');
  });

  it('leaves 5xx, redirects and other successes unknown', () => {
    for (const status of [500, 502, 503, 302, 202, 204])
      expect(classifyStatus(status, '').outcome).toBe('unknown');
  });

  it('keeps at most 500 characters of the answer', () => {
    const outcome = classifyStatus(400, 'x'.repeat(5000));
    expect(outcome.outcome === 'rejected' && outcome.reason.length).toBe('HTTP 400 : '.length + 500);
  });
});

describe('isClientCertificateRefusal', () => {
  it('recognises the TLS alerts by which a server refuses a client certificate', () => {
    expect(
      isClientCertificateRefusal({
        name: 'Error',
        message: 'x',
        code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      }),
    ).toBe(true);
    expect(
      isClientCertificateRefusal({
        name: 'Error',
        message: 'sslv3 alert bad certificate',
        code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      }),
    ).toBe(true);
    expect(isClientCertificateRefusal({ name: 'Error', message: 'socket hang up', code: 'ECONNRESET' })).toBe(
      false,
    );
  });
});
