// The CA side of the registration authority, behind one interface so that a real CA's ordering service
// can be connected (see docs/autorite-enregistrement.md). Two connectors: 'demo' (the demo PKI issues
// at once, demo mode only) and 'manual' (the order is exported for the CA's own portal, the issued
// certificate is imported as PEM/DER, the revocation confirmation is typed in). The manual path is
// always offered, whatever the connector.
import type { CertificateRequest, IssuedCertificate } from '../request-store.ts';

export interface OrderLine {
  request: CertificateRequest;
  /** The negotiated price frozen on the order, euro cents excluding tax. */
  priceCents: number;
}

export interface PlacedOrder {
  /** The CA's reference for the order, when it gives one at once. */
  caReference: string | null;
}

/** What the CA gives back for a request: the certificate and, in demo, the "token" (a PKCS#12 file). */
export interface Issuance {
  certificate: IssuedCertificate;
  /** Demo only: the private key and certificate as a .p12, with its password, to hand over. */
  token?: { p12: Buffer; password: string; fileName: string };
}

export interface RevocationOutcome {
  /** Confirmed by the CA now (demo), or to be confirmed later by an RA officer (manual). */
  confirmed: boolean;
  reference: string | null;
}

export interface CertificationAuthorityConnector {
  readonly kind: 'demo' | 'manual';
  /** Sends an order (group of requests). A manual connector does nothing: the RA exports it. */
  placeOrder(order: { number: number; lines: readonly OrderLine[] }): Promise<PlacedOrder>;
  /** The certificate issued for a request, or null while the CA has not issued it. */
  collect(request: CertificateRequest): Promise<Issuance | null>;
  /** Asks the CA to revoke a certificate. */
  revoke(request: CertificateRequest, reason: string): Promise<RevocationOutcome>;
}
