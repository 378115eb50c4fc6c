// A certificate request put straight into a given state, with an issued certificate when the state has
// one: for tests of what comes after the file (lifecycle, registry, pages), which need not replay the
// whole journey (journey.test.ts does that through the services).

import { createHash } from 'node:crypto';
import type { RequestState } from '../../src/certification/workflow.ts';
import { FINAL_STATES } from '../../src/certification/workflow.ts';
import type { Db } from '../../src/db/types.ts';

export interface RequestSeed {
  collectiviteId: string;
  productId: string;
  state: RequestState;
  holderName?: string;
  holderEmail?: string;
  holderUserId?: string | null;
  isElected?: boolean;
  purposes?: ('actes' | 'helios')[];
  /** End of the certificate (states from handed_over on get one). */
  notAfter?: Date;
  renewsId?: string | null;
  userCertificateId?: string | null;
  closedAt?: Date | null;
  priceCents?: number | null;
  orderId?: string | null;
  at?: Date;
  /** The certificate's fingerprint (default: a made-up one), e.g. that of an attached certificate. */
  fingerprint?: string;
}

const WITH_CERTIFICATE: readonly RequestState[] = [
  'token_received',
  'appointment_set',
  'handed_over',
  'active',
  'renewal_due',
  'revocation_requested',
  'renewed',
  'revoked',
  'expired',
];

let counter = 0;

export async function insertRequestInState(db: Db, s: RequestSeed): Promise<string> {
  const at = s.at ?? new Date('2026-01-05T09:00:00Z');
  const withCert = WITH_CERTIFICATE.includes(s.state);
  const fingerprint =
    s.fingerprint ?? createHash('sha256').update(`cert-${++counter}-${Math.random()}`).digest('hex');
  const notAfter = s.notAfter ?? new Date(at.getTime() + 3 * 365 * 86_400_000);
  const r = await db.query<{ id: string }>(
    `insert into certificate_requests (collectivite_id, kind, renews_id, holder_user_id, holder_name,
       holder_function, holder_email, holder_is_elected, legal_rep_name, legal_rep_function, purposes,
       product_id, state, price_cents, order_id, cert_fingerprint, cert_serial_hex, cert_subject, cert_issuer,
       cert_not_before, cert_not_after, cert_pem, user_certificate_id, linked_at, created_at, updated_at, closed_at)
     values ($1, $2, $3, $4, $5, 'Secrétaire de mairie', $6, $7, 'Marie Maire', 'Maire', $8, $9, $10, $11, $12,
       $13, $14, $15, 'CN=AC de test, C=FR', $16, $17, $18, $19, $20, $21, $21, $22)
     returning id`,
    [
      s.collectiviteId,
      s.renewsId ? 'renewal' : 'new',
      s.renewsId ?? null,
      s.holderUserId ?? null,
      s.holderName ?? 'Agathe Titulaire',
      s.holderEmail ?? 'agathe@example.fr',
      s.isElected ?? false,
      s.purposes ?? ['actes'],
      s.productId,
      s.state,
      s.priceCents ?? null,
      s.orderId ?? null,
      withCert ? fingerprint : null,
      withCert ? fingerprint.slice(0, 16) : null,
      withCert ? `CN=${s.holderName ?? 'Agathe Titulaire'}, C=FR` : null,
      withCert ? at : null,
      withCert ? notAfter : null,
      withCert ? '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n' : null,
      s.userCertificateId ?? null,
      s.userCertificateId ? at : null,
      at,
      s.closedAt ?? (FINAL_STATES.includes(s.state) ? at : null),
    ],
  );
  return r.rows[0]!.id;
}
