// Use case: open a browser session with the certificate the browser presented. One holder: signed in.
// Several holders (a shared mairie certificate): the person says who they are, with their password.
import { findRequestToLink } from '../../certification/linking/link-certificate.ts';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { findHoldersOfCertificate, touchCertificateUse } from '../accounts/certificate-store.ts';
import { getPasswordHash, verifyPassword } from '../accounts/passwords.ts';
import { formatFingerprint } from '../certificates/certificate-info.ts';
import type { CertificateVerdict } from '../certificates/check-certificate.ts';
import { countRecentPasswordFailures, recordSecurityEvent } from '../journal/security-journal.ts';
import { createSession } from './session-store.ts';

export type SignInResult =
  | { ok: true; token: string; sessionId: string; userId: string }
  | {
      ok: false;
      code: 'no-certificate' | 'refused' | 'no-account' | 'to-link' | 'choose' | 'bad-password' | 'locked';
      message: string;
    };

const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;

export interface SignInInput {
  verdict: CertificateVerdict | null;
  /** For a shared certificate: who is signing in. */
  email?: string;
  password?: string;
  ip?: string | null;
  requestId?: string | null;
}

export async function signInWithCertificate(
  deps: { db: Db; clock: Clock },
  input: SignInInput,
): Promise<SignInResult> {
  const now = deps.clock.now();
  const { verdict } = input;
  const where = { at: now, ip: input.ip, requestId: input.requestId };
  if (!verdict?.info)
    return {
      ok: false,
      code: 'no-certificate',
      message:
        'Votre navigateur n’a présenté aucun certificat. Branchez votre clé ou carte, fermez toutes les fenêtres du navigateur, rouvrez-le et revenez sur cette page.',
    };
  const fp = verdict.info.fingerprint;
  if (!verdict.canSignIn) {
    await recordSecurityEvent(deps.db, {
      kind: 'signin.refused',
      ...where,
      certificateFingerprint: fp,
      reason: verdict.refusal?.message ?? 'Certificat refusé.',
      details: { code: verdict.refusal?.code ?? 'refused', method: 'certificate' },
    });
    return { ok: false, code: 'refused', message: verdict.refusal?.message ?? 'Certificat refusé.' };
  }
  const holders = await findHoldersOfCertificate(deps.db, fp);
  // Handed over by the syndicat and not yet attached: the holder confirms it is theirs first.
  if (holders.length === 0 && (await findRequestToLink(deps.db, fp)))
    return {
      ok: false,
      code: 'to-link',
      message:
        'Ce certificat vous a été remis par le syndicat et n’est pas encore rattaché à votre compte : confirmez qu’il est le vôtre.',
    };
  if (holders.length === 0) {
    await recordSecurityEvent(deps.db, {
      kind: 'signin.refused',
      ...where,
      certificateFingerprint: fp,
      reason: 'Certificat valide mais rattaché à aucun compte.',
      details: { code: 'no-account', method: 'certificate' },
    });
    return {
      ok: false,
      code: 'no-account',
      message: `Ce certificat est valide mais n’est rattaché à aucun compte. Transmettez son empreinte (${formatFingerprint(fp)}) à l’administrateur de votre collectivité ou au syndicat pour qu’il le rattache à votre compte.`,
    };
  }

  let holder = holders.length === 1 ? holders[0]! : null;
  let method: 'certificate' | 'password' = 'certificate';
  if (!holder) {
    const email = input.email?.trim().toLowerCase();
    if (!email || !input.password)
      return {
        ok: false,
        code: 'choose',
        message:
          'Ce certificat est partagé par plusieurs personnes : indiquez votre adresse électronique et votre mot de passe.',
      };
    method = 'password';
    const candidate = holders.find((h) => h.email.toLowerCase() === email) ?? null;
    const failures = candidate
      ? await countRecentPasswordFailures(deps.db, candidate.userId, new Date(now.getTime() - LOCK_MS))
      : 0;
    if (failures >= MAX_FAILURES)
      return {
        ok: false,
        code: 'locked',
        message:
          'Trop d’essais de mot de passe : réessayez dans 15 minutes, ou demandez un nouveau mot de passe à votre administrateur.',
      };
    const hash = candidate ? await getPasswordHash(deps.db, candidate.userId) : null;
    if (!candidate || !hash || !(await verifyPassword(input.password, hash))) {
      await recordSecurityEvent(deps.db, {
        kind: 'signin.refused',
        ...where,
        userId: candidate?.userId ?? null,
        certificateFingerprint: fp,
        reason: 'Adresse ou mot de passe incorrect (certificat partagé).',
        details: { code: 'bad-password', method: 'password' },
      });
      return {
        ok: false,
        code: 'bad-password',
        message:
          'Adresse électronique ou mot de passe incorrect. Vérifiez-les, ou demandez un nouveau mot de passe à votre administrateur.',
      };
    }
    holder = candidate;
  }

  return deps.db.transaction(async (tx) => {
    const { session, token } = await createSession(tx, {
      userId: holder.userId,
      method: 'certificate',
      certificateFingerprint: fp,
      at: now,
    });
    await touchCertificateUse(tx, fp, holder.userId, now);
    await recordSecurityEvent(tx, {
      kind: 'signin.success',
      ...where,
      userId: holder.userId,
      certificateFingerprint: fp,
      reason: `Connexion par certificat (${verdict.level === 'rgs' ? 'liste RGS' : 'liste étendue'})${method === 'password' ? ', certificat partagé' : ''}.`,
      details: { method, level: verdict.level },
    });
    return { ok: true, token, sessionId: session.id, userId: holder.userId };
  });
}
