// Authentication and authorisation: certificates (trust store, CRLs), accounts, sessions, API tokens,
// the security journal, the policy, and their HTTP routes.
export { attachCertificate } from './accounts/attach-certificate.ts';
export { canManageCredentials } from './accounts/can-manage-credentials.ts';
export * from './accounts/certificate-store.ts';
export { detachCertificate } from './accounts/detach-certificate.ts';
export * from './accounts/expiry-warnings.ts';
export { generatePassword, hashPassword, verifyPassword } from './accounts/passwords.ts';
export { setPassword } from './accounts/set-password.ts';
export * from './certificates/certificate-info.ts';
export * from './certificates/check-certificate.ts';
export * from './certificates/refresh-crls.ts';
export * from './certificates/trust-service.ts';
export * from './certificates/trust-store.ts';
export { parseTrustedProxies } from './http/client-certificate.ts';
export {
  type AuthHttpDeps,
  installAuth,
  principalOf,
  type RouteAccess,
  scopedCollectivite,
} from './http/install-auth.ts';
export { type AuthSetup, defaultAuthSetup, registerAuthRoutes } from './http/register-auth-routes.ts';
export * from './journal/security-journal.ts';
export * from './policy.ts';
export * from './tokens/api-tokens.ts';
