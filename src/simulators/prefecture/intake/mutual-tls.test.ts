// The intake trusts only the operator's certificate: issued by a trusted CA, or pinned. Anything else
// is refused at the TLS or HTTP level, and the refusal is journaled. Legacy mode answers 200.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, type TestCertificate } from '../../../../test/support/test-pki.ts';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import { postArchive } from '../test-support/post-archive.ts';
import { type Harness, SIREN_A, startHarness } from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive, type TestArchive } from '../test-support/test-archives.ts';

let counter = 0;
async function anArchive(numeroInterne: string): Promise<TestArchive> {
  const act = buildTestAct({
    siren: SIREN_A,
    numeroInterne,
    date: '2025-03-12',
    classificationDate: DEFAULT_CLASSIFICATION_DATE,
  });
  counter += 1;
  return buildTestArchive({ siren: SIREN_A, date: '2025-03-12', counter }, [act.message], act.documents);
}

describe('trusted by CA', () => {
  let h: Harness;
  let stranger: TestCertificate;
  beforeAll(async () => {
    h = await startHarness();
    stranger = await (await createTestCa('CN=AC inconnue')).issueClient('CN=Inconnu');
  });
  afterAll(() => h.stop());

  it('refuses a client certificate from an unknown CA during the handshake', async () => {
    const r = await h.post(await anArchive('TLS_01'), { cert: stranger.certPem, key: stranger.keyPem });
    expect(r).toHaveProperty('error');
    expect(h.sim.acts()).toEqual([]);
    await h.sim.journal.waitFor((e) => e.type === 'client-refused');
  });

  it('refuses a client without certificate', async () => {
    const archive = await anArchive('TLS_02');
    const r = await postArchive({
      url: h.sim.intakeUrl,
      fileName: archive.name,
      bytes: archive.bytes,
      ca: h.pki.ca.certPem,
    });
    expect(r).toHaveProperty('error');
    expect(h.sim.acts()).toEqual([]);
  });

  it('accepts the operator certificate', async () => {
    expect(await h.post(await anArchive('TLS_03'))).toMatchObject({ status: 201 });
  });
});

describe('pinned certificate, legacy answers', () => {
  let h: Harness;
  let pinned: TestCertificate;
  let other: TestCertificate;
  beforeAll(async () => {
    const operatorCa = await createTestCa('CN=AC du tiers de télétransmission');
    pinned = await operatorCa.issueClient('CN=Relais, O=Syndicat');
    other = await operatorCa.issueClient('CN=Autre client de la même AC');
    h = await startHarness({ legacyHttp200: true });
    await h.restart({
      tls: { cert: h.pki.server.certPem, key: h.pki.server.keyPem, pinnedClientCerts: [pinned.certPem] },
    });
  });
  afterAll(() => h.stop());

  it('accepts the pinned certificate and answers 200', async () => {
    expect(
      await h.post(await anArchive('PIN_01'), { cert: pinned.certPem, key: pinned.keyPem }),
    ).toMatchObject({ status: 200 });
  });

  it('refuses another certificate with 403, even from the same CA', async () => {
    const r = await h.post(await anArchive('PIN_02'), { cert: other.certPem, key: other.keyPem });
    expect(r).toMatchObject({ status: 403, body: expect.stringContaining('Certificat client non reconnu') });
    expect(h.sim.journal.query({ type: 'client-refused' }).at(-1)).toMatchObject({
      reason: 'Certificat client non reconnu.',
      subject: expect.stringContaining('Autre client'),
    });
  });
});
