// CSRF protection by synchronizer token bound to the session: the token is an HMAC of the session's
// cookie value, which a page on another site can neither read nor guess. Before sign-in, a random
// "pre-session" cookie plays the same role for the sign-in forms.
import { createHmac, timingSafeEqual } from 'node:crypto';

const LABEL = 'relais-csrf-v1';

export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update(LABEL).digest('base64url');
}

export function isValidCsrfToken(secret: string | undefined, token: unknown): boolean {
  if (!secret || typeof token !== 'string' || token.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
