// The demo CA connector on a real demo PKI in a temporary folder: issues a client certificate for the
// holder once (a second collect gives the same), revokes it through the CRL the trust store rereads, and
// says in French what to do when the demo PKI is missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateInfo } from '../../auth/certificates/certificate-info.ts';
import { checkCertificate } from '../../auth/certificates/check-certificate.ts';
import { loadTrustStore } from '../../auth/certificates/trust-store.ts';
import { createDemoPki, demoPkiPaths } from '../../auth/pki/demo-pki.ts';
import { systemClock } from '../../kernel/clock.ts';
import type { CertificateRequest } from '../request-store.ts';
import { createDemoConnector, escapeDnValue, holderSubject } from './demo-connector.ts';

const request = {
  id: '7d0f3a52-1c9e-4a43-9d1e-2f6c1b0a9e11',
  collectiviteName: 'Commune de Saint-Chély, d’Apcher',
  holder: {
    name: 'Léa Fabre',
    function: 'Secrétaire de mairie',
    email: 'lea.fabre@example.fr',
    phone: null,
    isElected: false,
    roles: ['transmitter'],
  },
  certificate: null,
} as unknown as CertificateRequest;

describe('demo CA connector', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'relais-demo-ca-'));
    await createDemoPki({ dataDirAbs: dir, people: [] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }));

  it('escapes the special characters of a distinguished name', () => {
    expect(escapeDnValue('Commune de X, Y+Z')).toBe('Commune de X\\, Y\\+Z');
    expect(holderSubject(request)).toContain('O=Commune de Saint-Chély\\, d’Apcher');
  });

  it('issues the holder a client certificate once, as a .p12 with a password', async () => {
    const connector = createDemoConnector({ dataDirAbs: dir, clock: systemClock });
    expect((await connector.placeOrder({ number: 7, lines: [] })).caReference).toBe('DEMO-00007');
    const first = await connector.collect(request);
    const again = await connector.collect(request);
    expect(first?.certificate.fingerprint).toBe(again?.certificate.fingerprint);
    expect(again?.token?.password).toBe(first?.token?.password);
    expect(first?.token?.fileName).toBe('certificat-lea-fabre.p12');
    expect(first?.token?.p12[0]).toBe(0x30);
    const info = certificateInfo(
      Buffer.from(first!.certificate.pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'),
    )!;
    expect(info.commonName).toBe('Léa Fabre');
    expect(info.email).toBe('lea.fabre@example.fr');
    expect(info.isClientAuth).toBe(true);
    expect(info.isCa).toBe(false);
    expect(info.subject).toContain('Commune de Saint-Chély');
    expect(info.issuer).toContain('Autorité de démonstration Relais');
  });

  it('revokes through the demo CRL, which the trust store then applies', async () => {
    let reloaded = 0;
    const connector = createDemoConnector({
      dataDirAbs: dir,
      clock: { now: () => new Date(Date.now() + 5_000) },
      onCrlUpdated: () => {
        reloaded++;
      },
    });
    const issued = (await connector.collect(request))!;
    const der = Buffer.from(issued.certificate.pem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    const paths = demoPkiPaths(dir);
    const sources = {
      rgsDir: '/nonexistent',
      extendedDir: '/nonexistent',
      crlDir: '/nonexistent',
      extraCas: [
        {
          list: 'rgs' as const,
          pem: (await import('node:fs')).readFileSync(paths.caCert, 'utf8'),
          source: 'demo',
        },
      ],
      extraCrlFiles: [{ file: paths.caCrl, source: 'demo' }],
    };
    const options = { now: new Date(Date.now() + 10_000), crlRequired: true, crlGraceMs: 0 };
    expect(checkCertificate(await loadTrustStore(sources), der, options).canSignIn).toBe(true);
    const outcome = await connector.revoke({ ...request, certificate: issued.certificate }, 'loss');
    expect(outcome.confirmed).toBe(true);
    expect(outcome.reference).toBe(`DEMO-REV-${issued.certificate.serialHex}`);
    expect(reloaded).toBe(1);
    const verdict = checkCertificate(await loadTrustStore(sources), der, options);
    expect(verdict.canSignIn).toBe(false);
    expect(verdict.refusal?.code).toBe('revoked');
  });

  it('issues anew once the demo PKI was made again (its earlier certificates mean nothing any more)', async () => {
    const connector = createDemoConnector({ dataDirAbs: dir, clock: systemClock });
    const before = (await connector.collect(request))!;
    await createDemoPki({ dataDirAbs: dir, people: [] }, true);
    const after = (await connector.collect(request))!;
    expect(after.certificate.fingerprint).not.toBe(before.certificate.fingerprint);
    expect((await connector.collect(request))!.certificate.fingerprint).toBe(after.certificate.fingerprint);
  });

  it('says in French to create the demo PKI when it is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'relais-no-pki-'));
    try {
      const connector = createDemoConnector({ dataDirAbs: empty, clock: systemClock });
      await expect(connector.collect(request)).rejects.toMatchObject({
        code: 'CA_UNAVAILABLE',
        message: expect.stringContaining('relais pki demo'),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true, maxRetries: 10 });
    }
  });
});
