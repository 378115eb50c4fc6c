// The certificate decision on real certificates and CRLs made by a test CA: accepted, expired, revoked,
// unknown CA, forged signature, stale or missing CRL, sign-in-only lists, intermediate CAs.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCa, createCrl, type Issued, issueCertificate } from '../pki/issue.ts';
import { type CheckOptions, checkCertificate } from './check-certificate.ts';
import { loadTrustStore, type TrustStore } from './trust-store.ts';

const NOWHERE = '/nonexistent-relais-trust';
const opts = (over: Partial<CheckOptions> = {}): CheckOptions => ({
  now: new Date(),
  crlRequired: true,
  crlGraceMs: 0,
  ...over,
});

async function storeOf(
  cas: { ca: Issued; list: 'rgs' | 'extended' }[],
  crls: Buffer[] = [],
): Promise<TrustStore> {
  return loadTrustStore({
    rgsDir: NOWHERE,
    extendedDir: NOWHERE,
    crlDir: NOWHERE,
    extraCas: cas.map(({ ca, list }) => ({ list, pem: ca.pem, source: 'test' })),
    extraCrls: crls.map((data) => ({ data, source: 'test' })),
  });
}

describe('checkCertificate', () => {
  let rgs: Issued;
  let ext: Issued;
  let alice: Issued;
  let bob: Issued;
  let store: TrustStore;
  beforeAll(async () => {
    rgs = await createCa('CN=AC RGS Test, O=Test, C=FR');
    ext = await createCa('CN=AC Étendue Test, O=Test, C=FR');
    alice = await issueCertificate(rgs, 'CN=Alice Martin, O=Commune, C=FR', { email: 'alice@example.fr' });
    bob = await issueCertificate(rgs, 'CN=Bob Revoque, C=FR');
    store = await storeOf(
      [
        { ca: rgs, list: 'rgs' },
        { ca: ext, list: 'extended' },
      ],
      [await createCrl(rgs, { revoked: [{ serial: bob.cert.serialNumber }] }), await createCrl(ext)],
    );
  });

  it('accepts a valid certificate of an RGS CA for signing in and transmitting', () => {
    const v = checkCertificate(store, alice.der, opts());
    expect(v.refusal).toBeNull();
    expect(v).toMatchObject({ canSignIn: true, canTransmit: true, level: 'rgs' });
    expect(v.info).toMatchObject({ email: 'alice@example.fr', commonName: 'Alice Martin' });
    expect(v.info!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a certificate of the extended list for signing in only, and says why not transmitting', () => {
    return issueCertificate(ext, 'CN=Carla Ext, C=FR').then((carla) => {
      const v = checkCertificate(store, carla.der, opts());
      expect(v).toMatchObject({ canSignIn: true, canTransmit: false, level: 'extended' });
      expect(v.transmitRefusal).toMatch(/liste étendue.*pas de transmettre/);
    });
  });

  it('refuses a revoked certificate with the revocation date', () => {
    const v = checkCertificate(store, bob.der, opts());
    expect(v.canSignIn).toBe(false);
    expect(v.refusal?.code).toBe('revoked');
    expect(v.refusal?.message).toMatch(/a été révoqué le .* demandez un nouveau certificat/);
  });

  it('refuses an expired certificate and one not yet valid', async () => {
    const old = await issueCertificate(rgs, 'CN=Old, C=FR', {
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2021-01-01'),
    });
    expect(checkCertificate(store, old.der, opts()).refusal).toMatchObject({
      code: 'expired',
      message: expect.stringMatching(/a expiré le 1 janvier 2021/),
    });
    const future = await issueCertificate(rgs, 'CN=Future, C=FR', {
      notBefore: new Date(Date.now() + 86_400_000),
    });
    expect(checkCertificate(store, future.der, opts()).refusal?.code).toBe('not-yet-valid');
  });

  it('refuses a certificate of a CA that is not in the store, naming that CA', async () => {
    const other = await createCa('CN=AC Inconnue, C=FR');
    const eve = await issueCertificate(other, 'CN=Eve, C=FR');
    const v = checkCertificate(store, eve.der, opts());
    expect(v.refusal?.code).toBe('unknown-ca');
    expect(v.refusal?.message).toMatch(
      /« CN=AC Inconnue, C=FR »\) ne fait pas partie des autorités acceptées/,
    );
  });

  it('refuses a certificate forged under the name of a trusted CA (same name, another key)', async () => {
    const impostor = await createCa('CN=AC RGS Test, O=Test, C=FR');
    const mallory = await issueCertificate(impostor, 'CN=Mallory, C=FR');
    expect(checkCertificate(store, mallory.der, opts()).refusal?.code).toBe('bad-signature');
  });

  it('refuses when the CRL is missing or stale, unless CRLs are not required', async () => {
    const noCrl = await storeOf([{ ca: rgs, list: 'rgs' }]);
    expect(checkCertificate(noCrl, alice.der, opts()).refusal?.code).toBe('crl-missing');
    expect(checkCertificate(noCrl, alice.der, opts({ crlRequired: false })).canSignIn).toBe(true);
    const stale = await storeOf(
      [{ ca: rgs, list: 'rgs' }],
      [await createCrl(rgs, { thisUpdate: new Date('2024-01-01'), nextUpdate: new Date('2024-01-08') })],
    );
    expect(checkCertificate(stale, alice.der, opts()).refusal?.code).toBe('crl-stale');
    expect(checkCertificate(stale, alice.der, opts({ crlGraceMs: 10 * 365 * 86_400_000 })).canSignIn).toBe(
      true,
    );
  });

  it('ignores a CRL that the CA did not sign', async () => {
    const impostor = await createCa('CN=AC RGS Test, O=Test, C=FR');
    const s = await storeOf([{ ca: rgs, list: 'rgs' }], [await createCrl(impostor)]);
    expect(s.crls.size).toBe(0);
    expect(s.problems.join(' ')).toMatch(/signature invalide/);
  });

  it('refuses a CA certificate and a signing-only certificate presented as a personal one', async () => {
    expect(checkCertificate(store, rgs.der, opts()).refusal?.code).toBe('is-ca');
    expect(checkCertificate(store, Buffer.from('pas un certificat'), opts()).refusal?.code).toBe(
      'unreadable',
    );
    const server = await issueCertificate(rgs, 'CN=localhost', { serverNames: ['localhost'] });
    expect(checkCertificate(store, server.der, opts()).refusal?.code).toBe('not-for-client-auth');
  });

  it('follows an intermediate CA to its root and checks the intermediate against the root CRL', async () => {
    const root = await createCa('CN=Racine, C=FR');
    const sub = await createCa('CN=AC Intermédiaire, C=FR', { issuer: root });
    const dan = await issueCertificate(sub, 'CN=Dan, C=FR', { keyKind: 'rsa' });
    const good = await storeOf(
      [
        { ca: root, list: 'extended' },
        { ca: sub, list: 'rgs' },
      ],
      [await createCrl(root), await createCrl(sub)],
    );
    expect(checkCertificate(good, dan.der, opts())).toMatchObject({ canSignIn: true, canTransmit: true });
    const subRevoked = await storeOf(
      [
        { ca: root, list: 'extended' },
        { ca: sub, list: 'rgs' },
      ],
      [await createCrl(root, { revoked: [{ serial: sub.cert.serialNumber }] }), await createCrl(sub)],
    );
    const v = checkCertificate(subRevoked, dan.der, opts());
    expect(v.refusal?.code).toBe('revoked');
    expect(v.refusal?.message).toMatch(/Le certificat de l’autorité « AC Intermédiaire »/);
  });
});
