// The two cookies: the session (HttpOnly, Secure, SameSite=Lax so that a link in an e-mail opens the
// page signed in) and the pre-session secret that binds the sign-in forms' CSRF tokens.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../sessions/csrf.ts';

export const SESSION_COOKIE = 'relais_session';
export const PRE_SESSION_COOKIE = 'relais_pre';

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The CSRF token to put in a form: bound to the live session, or to a pre-session secret set now. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  if (req.auth?.liveSessionToken) return csrfTokenFor(req.auth.liveSessionToken);
  let pre = req.cookies[PRE_SESSION_COOKIE];
  if (!pre || pre.length < 32) {
    pre = randomBytes(32).toString('base64url');
    reply.setCookie(PRE_SESSION_COOKIE, pre, { path: '/', httpOnly: true, secure, sameSite: 'strict' });
    req.cookies[PRE_SESSION_COOKIE] = pre; // a second form on the same page gets the same token
  }
  return csrfTokenFor(pre);
}
