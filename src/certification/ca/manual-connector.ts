// The manual path, always available: the RA officer exports the order for the CA's own portal,
// imports each issued certificate (PEM/DER), and records the CA's revocation confirmation by hand.
import type { CertificationAuthorityConnector } from './authority-port.ts';

export function createManualConnector(): CertificationAuthorityConnector {
  return {
    kind: 'manual',
    placeOrder: async () => ({ caReference: null }),
    collect: async () => null,
    revoke: async () => ({ confirmed: false, reference: null }),
  };
}

/** The connector of each kind: the given ones, and the manual one for any other. */
export function connectorRegistry(
  connectors: Partial<Record<'demo' | 'manual', CertificationAuthorityConnector>>,
): (kind: 'demo' | 'manual') => CertificationAuthorityConnector {
  const manual = connectors.manual ?? createManualConnector();
  return (kind) => connectors[kind] ?? manual;
}
