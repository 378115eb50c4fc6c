// The policy: permissions from roles, the assurance needed to transmit, 404 outside the scope and 403
// inside it, operator admins, tokens.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../kernel/errors.ts';
import {
  can,
  collectivitesWith,
  permissionsIn,
  personPrincipal,
  requireCollectivite,
  requirePermission,
  tokenPrincipal,
} from './policy.ts';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

const person = (roles: string, opts: { assurance?: 'rgs' | 'extended' | 'demo'; operator?: boolean } = {}) =>
  personPrincipal({
    user: {
      id: 'u',
      name: 'Test',
      email: 't@example.fr',
      isOperatorAdmin: !!opts.operator,
      memberships: roles ? [{ collectiviteId: A, roles: roles.split(',') as never, serviceId: null }] : [],
    },
    via: 'session',
    assurance: opts.assurance ?? 'rgs',
  });

function statusOf(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return e.status;
    throw e;
  }
}

describe('policy', () => {
  it('derives permissions from roles: a preparer cannot transmit, a reader only reads', () => {
    expect(can(person('preparer'), 'act.prepare', A)).toBe(true);
    expect(can(person('preparer'), 'act.transmit', A)).toBe(false);
    expect(can(person('transmitter'), 'act.transmit', A)).toBe(true);
    expect([...permissionsIn(person('reader'), A)].sort()).toEqual(['act.read', 'collectivite.read']);
    expect(can(person('archivist'), 'archive.read', A)).toBe(true);
    expect(can(person('admin'), 'collectivite.admin', A)).toBe(true);
    expect(can(person('admin'), 'act.transmit', A)).toBe(false);
  });

  it('removes transmission from a certificate of the extended list, whatever the role', () => {
    const p = person('transmitter', { assurance: 'extended' });
    expect(can(p, 'act.prepare', A)).toBe(true);
    expect(can(p, 'act.transmit', A)).toBe(false);
    const e = (() => {
      try {
        requireCollectivite(p, A, 'act.transmit');
      } catch (x) {
        return x as Error;
      }
    })();
    expect(e?.message).toMatch(/certificat d’une autorité de la liste RGS/);
  });

  it('answers 404 for a collectivité outside the scope (or a malformed id) and 403 inside it', () => {
    const p = person('reader');
    expect(statusOf(() => requireCollectivite(p, B, 'act.read'))).toBe(404);
    expect(statusOf(() => requireCollectivite(p, 'pas-un-uuid', 'act.read'))).toBe(404);
    expect(statusOf(() => requireCollectivite(p, A, 'act.prepare'))).toBe(403);
    expect(requireCollectivite(p, A.toUpperCase(), 'act.read')).toBe(A);
  });

  it('lets an operator admin read and administer every member, but not prepare or transmit there', () => {
    const op = person('', { operator: true });
    expect(requireCollectivite(op, B, 'collectivite.admin')).toBe(B);
    expect(can(op, 'act.read', B)).toBe(true);
    expect(statusOf(() => requireCollectivite(op, B, 'act.transmit'))).toBe(403);
    expect(can(op, 'operator.admin')).toBe(true);
    expect(statusOf(() => requirePermission(person('admin'), 'operator.admin'))).toBe(403);
  });

  it('scopes a token to its collectivité and never beyond the token permissions', () => {
    const t = tokenPrincipal({
      id: 't',
      name: 'Parapheur',
      collectiviteId: A,
      permissions: ['act.read', 'collectivite.admin'],
    });
    expect(can(t, 'act.read', A)).toBe(true);
    expect(can(t, 'collectivite.admin', A)).toBe(false);
    expect(statusOf(() => requireCollectivite(t, B, 'act.read'))).toBe(404);
    expect(collectivitesWith(t, 'act.read')).toEqual([A]);
  });
});
