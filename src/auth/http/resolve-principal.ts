// Who is making this request, decided afresh on every request: an API token; or a browser session,
// whose certificate must still be presented, accepted and attached; or, for the API only, a
// certificate held by exactly one person. Anything else is anonymous.
import type { Db } from '../../db/types.ts';
import type { Mode } from '../../http/ui/layout.ts';
import type { Clock } from '../../kernel/clock.ts';
import { getUser } from '../../tenants/user-store.ts';
import { findHoldersOfCertificate } from '../accounts/certificate-store.ts';
import type { CertificateVerdict } from '../certificates/check-certificate.ts';
import { recordSecurityEvent } from '../journal/security-journal.ts';
import { type Principal, personPrincipal, tokenPrincipal } from '../policy.ts';
import { endSession, findSession, type SessionTimeouts, touchSession } from '../sessions/session-store.ts';
import { findUsableToken, touchToken } from '../tokens/api-tokens.ts';

export interface ResolveDeps {
  db: Db;
  clock: Clock;
  mode: Mode;
  sessionTimeouts: SessionTimeouts;
}

export interface ResolveInput {
  verdict: CertificateVerdict | null;
  bearer: string | null;
  sessionToken: string | null;
  isApi: boolean;
  isSafeMethod: boolean;
  ip: string;
  requestId: string;
}

export interface Resolution {
  principal: Principal | null;
  /** A presented token that cannot be used: the request is refused (401) with this reason. */
  tokenRefusal: string | null;
  /** The session cookie no longer signs in: why, in French (shown on the sign-in page). */
  sessionEnded: string | null;
  /** The cookie value of a live session (the CSRF secret). */
  liveSessionToken: string | null;
}

const TOKEN_REFUSALS = {
  unknown: 'Jeton d’accès inconnu. Vérifiez qu’il est copié en entier, ou demandez-en un nouveau.',
  revoked: 'Ce jeton d’accès a été révoqué. Demandez-en un nouveau à l’administrateur de la collectivité.',
  expired: 'Ce jeton d’accès a expiré. Demandez-en un nouveau à l’administrateur de la collectivité.',
} as const;

const SESSION_ENDS: Record<string, string> = {
  ended: 'Votre session est terminée : reconnectez-vous.',
  idle: 'Votre session a été fermée après une période d’inactivité : reconnectez-vous.',
  expired: 'Votre session a atteint sa durée maximale : reconnectez-vous.',
  'certificate-absent': 'Votre certificat n’est plus présenté (clé retirée ?) : la session a été fermée.',
  'certificate-changed': 'Le certificat présenté a changé : la session a été fermée, reconnectez-vous.',
  'certificate-refused': 'Votre certificat n’est plus accepté : la session a été fermée.',
  'certificate-detached': 'Votre certificat a été détaché de votre compte : la session a été fermée.',
  'demo-outside-demo':
    'La connexion de démonstration n’est pas valable ici : connectez-vous avec votre certificat.',
  'user-disabled': 'Votre compte est désactivé : contactez le syndicat.',
};

export async function resolvePrincipal(deps: ResolveDeps, input: ResolveInput): Promise<Resolution> {
  const now = deps.clock.now();
  const none: Resolution = {
    principal: null,
    tokenRefusal: null,
    sessionEnded: null,
    liveSessionToken: null,
  };
  const where = { at: now, ip: input.ip, requestId: input.requestId };

  if (input.bearer !== null) {
    const found = await findUsableToken(deps.db, input.bearer, now);
    if (!found.ok) {
      await recordSecurityEvent(deps.db, {
        kind: 'token.refused',
        ...where,
        tokenId: found.token?.id ?? null,
        collectiviteId: found.token?.collectiviteId ?? null,
        reason: TOKEN_REFUSALS[found.reason],
        details: { code: found.reason },
      });
      return { ...none, tokenRefusal: TOKEN_REFUSALS[found.reason] };
    }
    const t = found.token;
    // Every change made with a token is journaled; reads at most once an hour per token.
    const quiet = input.isSafeMethod && t.lastUsedAt && now.getTime() - t.lastUsedAt.getTime() < 3_600_000;
    if (!quiet)
      await recordSecurityEvent(deps.db, {
        kind: 'token.used',
        ...where,
        tokenId: t.id,
        collectiviteId: t.collectiviteId,
        reason: `Jeton « ${t.name} » (${t.prefix}…).`,
      });
    // « Dernière utilisation » to the minute: a client sending many requests costs one write a minute.
    if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() >= 60_000)
      await touchToken(deps.db, t.id, now);
    return { ...none, principal: tokenPrincipal(t) };
  }

  const verdict = input.verdict;
  if (input.sessionToken) {
    const found = await findSession(deps.db, input.sessionToken, now, deps.sessionTimeouts);
    if (!found.ok) {
      if (found.reason === 'idle' || found.reason === 'expired')
        await recordSecurityEvent(deps.db, {
          kind: 'session.ended',
          ...where,
          userId: found.userId ?? null,
          reason: SESSION_ENDS[found.reason],
          details: { code: found.reason },
        });
      return { ...none, sessionEnded: SESSION_ENDS[found.reason] ?? null };
    }
    const s = found.session;
    const endWith = async (code: string) => {
      await endSession(deps.db, s.id, code, now);
      await recordSecurityEvent(deps.db, {
        kind: 'session.ended',
        ...where,
        userId: s.userId,
        certificateFingerprint: s.certificateFingerprint,
        reason: SESSION_ENDS[code],
        details: { code },
      });
      return { ...none, sessionEnded: SESSION_ENDS[code] ?? null };
    };
    if (s.method === 'demo' && deps.mode !== 'demo') return endWith('demo-outside-demo');
    if (s.method === 'certificate') {
      if (!verdict?.info) return endWith('certificate-absent');
      if (verdict.info.fingerprint !== s.certificateFingerprint) return endWith('certificate-changed');
      if (!verdict.canSignIn) return endWith('certificate-refused');
      if (!s.isCertificateAttached) return endWith('certificate-detached');
    }
    const user = await getUser(deps.db, s.userId);
    if (!user || user.disabledAt) return endWith('user-disabled');
    await touchSession(deps.db, s, now);
    return {
      ...none,
      liveSessionToken: input.sessionToken,
      principal: personPrincipal({
        user,
        via: 'session',
        assurance: s.method === 'demo' ? 'demo' : verdict!.level!,
        certificate:
          s.method === 'certificate'
            ? { fingerprint: s.certificateFingerprint!, level: verdict!.level! }
            : null,
        sessionId: s.id,
      }),
    };
  }

  // Business software may call the API with a personal certificate alone (no cookie to carry a session).
  if (input.isApi && verdict?.canSignIn && verdict.info) {
    const holders = await findHoldersOfCertificate(deps.db, verdict.info.fingerprint);
    if (holders.length !== 1) return none;
    const user = await getUser(deps.db, holders[0]!.userId);
    if (!user || user.disabledAt) return none;
    return {
      ...none,
      principal: personPrincipal({
        user,
        via: 'certificate',
        assurance: verdict.level!,
        certificate: { fingerprint: verdict.info.fingerprint, level: verdict.level! },
      }),
    };
  }
  return none;
}
