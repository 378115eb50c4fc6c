// The trust store on disk and its revocation lists fetched from a real HTTP distribution point: a
// missing list refuses, a fetched one accepts, a newer one revokes, an older one never replaces a newer
// one, a list signed by someone else is ignored; unreadable files are reported; the operator page
// shows the state and refreshes on demand.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../src/auth/certificates/certificate-info.ts';
import {
  CRL_SOURCES_FILE,
  createTrustService,
  type TrustService,
} from '../../src/auth/certificates/trust-service.ts';
import { loadTrustStore } from '../../src/auth/certificates/trust-store.ts';
import { createCa, createCrl, type Issued, issueCertificate } from '../../src/auth/pki/issue.ts';
import { systemClock } from '../../src/kernel/clock.ts';

describe('revocation lists from the distribution points', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-trust-'));
  const sources = {
    rgsDir: path.join(dir, 'rgs'),
    extendedDir: path.join(dir, 'etendue'),
    crlDir: path.join(dir, 'crl'),
  };
  let server: Server;
  let base: string;
  const served = new Map<string, { status: number; body: Buffer }>();
  let ca: Issued;
  let alice: Issued;
  let trust: TrustService;
  const check = () => trust.check(alice.der);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const s = served.get(req.url ?? '') ?? { status: 404, body: Buffer.from('absent') };
      res.writeHead(s.status, { 'content-type': 'application/pkix-crl' }).end(s.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ca = await createCa('CN=AC RGS sur disque, C=FR');
    alice = await issueCertificate(ca, 'CN=Alice, C=FR', { crlUrl: `${base}/ac.crl` });
    mkdirSync(sources.rgsDir, { recursive: true });
    mkdirSync(sources.extendedDir, { recursive: true });
    writeFileSync(path.join(sources.rgsDir, 'ac-rgs.pem'), ca.pem);
    trust = await createTrustService({
      settings: { sources, crlRequired: true, crlGraceMs: 0 },
      clock: systemClock,
      knownCertificates: async () => [alice.der],
    });
  });
  afterAll(() => {
    server.close();
  });

  it('refuses while the CA has no list, then accepts once the list is fetched and saved', async () => {
    expect(check().refusal?.code).toBe('crl-missing');
    served.set('/ac.crl', {
      status: 200,
      body: await createCrl(ca, { thisUpdate: new Date(Date.now() - 3_600_000) }),
    });
    const report = await trust.refreshCrls();
    expect(report.results).toMatchObject([
      { url: `${base}/ac.crl`, ok: true, message: 'Liste mise à jour.', ca: 'AC RGS sur disque' },
    ]);
    expect(readdirSync(sources.crlDir)).toHaveLength(1);
    expect(check().canSignIn).toBe(true);
  });

  it('applies a newer list that revokes the certificate, and never goes back to an older one', async () => {
    const older = await createCrl(ca, { thisUpdate: new Date(Date.now() - 7_200_000) });
    served.set('/ac.crl', {
      status: 200,
      body: Buffer.from(
        toPem(await createCrl(ca, { revoked: [{ serial: alice.cert.serialNumber }] }), 'X509 CRL'),
      ),
    });
    await trust.refreshCrls();
    expect(check().refusal?.code).toBe('revoked');
    served.set('/ac.crl', { status: 200, body: older });
    const r = await trust.refreshCrls();
    expect(r.results[0]!.message).toMatch(/Déjà à jour/);
    expect(check().refusal?.code).toBe('revoked');
    // The same holds after a restart: the newest list is the one on disk.
    const reloaded = await loadTrustStore(sources);
    expect(reloaded.crls.get(reloaded.cas[0]!.info.fingerprint)!.crl.findRevoked(alice.cert)).toBeTruthy();
  });

  it('ignores a list signed by another CA and reports unreachable addresses in French', async () => {
    const impostor = await createCa('CN=AC RGS sur disque, C=FR');
    served.set('/faux.crl', {
      status: 200,
      body: await createCrl(impostor, { thisUpdate: new Date(Date.now() + 1000) }),
    });
    served.set('/panne.crl', { status: 500, body: Buffer.from('erreur') });
    writeFileSync(
      path.join(sources.crlDir, CRL_SOURCES_FILE),
      `${base}/faux.crl\n${base}/panne.crl\n# commentaire\n`,
    );
    const r = await trust.refreshCrls();
    const byUrl = Object.fromEntries(r.results.map((x) => [x.url.replace(base, ''), x]));
    expect(byUrl['/faux.crl']).toMatchObject({
      ok: false,
      message: expect.stringMatching(/pas une liste de révocation signée/),
    });
    expect(byUrl['/panne.crl']).toMatchObject({
      ok: false,
      message: expect.stringMatching(/le serveur a répondu 500/),
    });
    expect(check().refusal?.code).toBe('revoked');
  });

  it('reports unusable files of the folders and ignores a certificate that is not a CA', async () => {
    writeFileSync(path.join(sources.extendedDir, 'illisible.pem'), 'pas un certificat');
    writeFileSync(path.join(sources.extendedDir, 'personne.pem'), alice.pem);
    const store = await loadTrustStore(sources);
    expect(store.cas).toHaveLength(1);
    expect(store.problems.join('\n')).toMatch(/illisible\.pem : aucun certificat trouvé/);
    expect(store.problems.join('\n')).toMatch(/« CN=Alice, C=FR » n’est pas une autorité de certification/);
  });
});
