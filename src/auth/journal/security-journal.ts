// The security journal: sign-ins, refusals and their reasons, denied permissions, token use and
// administrative changes. Details are filtered so that no secret can be written, even by mistake.
import type { Sql } from '../../db/types.ts';

export const SECURITY_EVENTS = {
  'signin.success': 'Connexion réussie',
  'signin.refused': 'Connexion refusée',
  signout: 'Déconnexion',
  'session.ended': 'Session terminée',
  'certificate.refused': 'Certificat refusé',
  'proxy.forged-header': 'En-tête de certificat refusé (ne vient pas du relais autorisé)',
  'access.denied': 'Accès refusé',
  'token.used': 'Jeton d’accès utilisé',
  'token.refused': 'Jeton d’accès refusé',
  'token.created': 'Jeton d’accès créé',
  'token.revoked': 'Jeton d’accès révoqué',
  'certificate.attached': 'Certificat rattaché à un compte',
  'certificate.detached': 'Certificat détaché d’un compte',
  'certificate.expiry-warning': 'Avertissement d’expiration de certificat',
  'password.set': 'Mot de passe défini',
  'crl.refreshed': 'Listes de révocation mises à jour',
  'certificate-request.document-read': 'Pièce d’une demande de certificat consultée',
  'ra.evidence-purged': 'Pièces de demandes de certificat supprimées (durée de conservation écoulée)',
  'ra.officer-changed': 'Officier d’enregistrement désigné ou retiré',
  'certificate-request.token-downloaded':
    'Support de démonstration (.p12) d’une demande de certificat téléchargé',
  'certificate-request.report-read': 'Procès-verbal de remise d’un certificat consulté',
  'certificate.link-refused': 'Certificat remis refusé par la personne (« ce n’est pas le mien »)',
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENTS;

export interface SecurityEventInput {
  kind: SecurityEventKind;
  at?: Date;
  userId?: string | null;
  collectiviteId?: string | null;
  tokenId?: string | null;
  certificateFingerprint?: string | null;
  ip?: string | null;
  requestId?: string | null;
  /** French, for the operator reading the journal. */
  reason?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export interface SecurityEvent extends Required<Omit<SecurityEventInput, 'at' | 'details'>> {
  id: number;
  at: Date;
  details: Record<string, unknown>;
  userName: string | null;
  collectiviteName: string | null;
}

const SECRET_KEY = /pass|secret|token|cookie|authorization|key|pem|csrf/i;

/** Drops any detail whose name suggests a secret, and bounds the size of each value. */
export function sanitiseDetails(details: SecurityEventInput['details'] = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (SECRET_KEY.test(k)) continue;
    out[k] = typeof v === 'string' ? v.slice(0, 300) : v;
  }
  return out;
}

export async function recordSecurityEvent(sql: Sql, e: SecurityEventInput): Promise<void> {
  await sql.query(
    `insert into security_events (at, kind, user_id, collectivite_id, token_id, certificate_fingerprint, ip,
       request_id, reason, details)
     values (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [
      e.at ?? null,
      e.kind,
      e.userId ?? null,
      e.collectiviteId ?? null,
      e.tokenId ?? null,
      e.certificateFingerprint ?? null,
      e.ip ?? null,
      e.requestId ?? null,
      e.reason?.slice(0, 500) ?? null,
      JSON.stringify(sanitiseDetails(e.details)),
    ],
  );
}

export interface JournalFilter {
  kind?: string;
  userId?: string;
  collectiviteId?: string;
  /** Events older than this id (paging backwards). */
  beforeId?: number;
  limit?: number;
}

/** The whole platform's journal: operator admins only (the caller checks `operator.admin`). */
export async function unsafeListSecurityEvents(sql: Sql, f: JournalFilter = {}): Promise<SecurityEvent[]> {
  const r = await sql.query<Record<string, unknown>>(
    `select e.*, u.name as user_name, c.name as collectivite_name
     from security_events e
     left join users u on u.id = e.user_id
     left join collectivites c on c.id = e.collectivite_id
     where ($1::text is null or e.kind = $1 or e.kind like $1 || '.%')
       and ($2::uuid is null or e.user_id = $2)
       and ($3::uuid is null or e.collectivite_id = $3)
       and ($4::bigint is null or e.id < $4)
     order by e.id desc
     limit $5`,
    [
      f.kind ?? null,
      f.userId ?? null,
      f.collectiviteId ?? null,
      f.beforeId ?? null,
      Math.min(f.limit ?? 100, 1000),
    ],
    // Optional filters (`$1 is null or …`): only a plan made for the values given can drop them.
    { planEachRun: true },
  );
  return r.rows.map((row) => ({
    id: Number(row.id),
    at: row.at as Date,
    kind: row.kind as SecurityEventKind,
    userId: (row.user_id as string) ?? null,
    collectiviteId: (row.collectivite_id as string) ?? null,
    tokenId: (row.token_id as string) ?? null,
    certificateFingerprint: (row.certificate_fingerprint as string) ?? null,
    ip: (row.ip as string) ?? null,
    requestId: (row.request_id as string) ?? null,
    reason: (row.reason as string) ?? null,
    details: (row.details as Record<string, unknown>) ?? {},
    userName: (row.user_name as string) ?? null,
    collectiviteName: (row.collectivite_name as string) ?? null,
  }));
}

/** Recent failed password attempts of one person, to slow down guessing. */
export async function countRecentPasswordFailures(sql: Sql, userId: string, since: Date): Promise<number> {
  const r = await sql.query<{ n: number }>(
    `select count(*)::int as n from security_events
     where user_id = $1 and kind = 'signin.refused' and details->>'method' = 'password' and at >= $2`,
    [userId, since],
  );
  return r.rows[0]?.n ?? 0;
}
