// The pin of the ministry's certificate: PEM or fingerprints in, a yes/no on the peer's DER out.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGatewayPki, fingerprint256, type GatewayPki } from '../../../test/support/gateway-pki.ts';
import { parseServerPin } from './server-pin.ts';

describe('parseServerPin', () => {
  let pki: GatewayPki;
  let serverDer: Buffer;
  let impostorDer: Buffer;
  beforeAll(async () => {
    pki = await createGatewayPki();
    serverDer = new X509Certificate(pki.server.certPem).raw;
    impostorDer = new X509Certificate(pki.impostor.certPem).raw;
  });

  it('matches exactly the pinned PEM certificate', () => {
    const pin = parseServerPin(pki.server.certPem);
    expect(pin(serverDer)).toBe(true);
    expect(pin(impostorDer)).toBe(false);
  });

  it('accepts several certificates in one PEM text, for a rotation', () => {
    const pin = parseServerPin(pki.server.certPem + pki.impostor.certPem);
    expect(pin(serverDer) && pin(impostorDer)).toBe(true);
  });

  it('accepts fingerprints with colons, without them, in either case, or prefixed sha256:', () => {
    const fp = fingerprint256(pki.server);
    for (const form of [fp, fp.replaceAll(':', ''), fp.toLowerCase(), `sha256:${fp}`])
      expect(parseServerPin(form)(serverDer), form).toBe(true);
    expect(parseServerPin(`${fingerprint256(pki.impostor)}, ${fp}`)(serverDer)).toBe(true);
  });

  it('refuses anything else with a French explanation', () => {
    expect(() => parseServerPin('abc')).toThrow(/empreinte SHA-256/);
    expect(() => parseServerPin('')).toThrow(/Aucun certificat/);
    expect(() => parseServerPin('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(
      /illisible/,
    );
  });
});
