// Use case: attach the demo PKI's certificates to the demo people (and give the holders of the shared
// certificate their demo passwords). Idempotent: run at every demo start, so that a PKI made while
// Relais was running is picked up at the next start.
import { readFileSync } from 'node:fs';
import type { Db } from '../../db/types.ts';
import type { Clock } from '../../kernel/clock.ts';
import { findUserByEmail } from '../../tenants/user-store.ts';
import { attachCertificate } from '../accounts/attach-certificate.ts';
import { hasPassword, setUserPassword } from '../accounts/passwords.ts';
import type { DemoManifest } from './demo-pki.ts';

export async function attachDemoCertificates(
  deps: { db: Db; clock: Clock },
  manifest: DemoManifest,
): Promise<{ attached: number }> {
  let attached = 0;
  for (const c of manifest.certificates) {
    const pem = readFileSync(c.pem, 'utf8');
    for (const h of c.holders) {
      const user = await findUserByEmail(deps.db, h.email);
      if (!user) continue;
      const r = await attachCertificate(deps, { actor: null, userId: user.id, certificate: pem });
      if (r.created) attached++;
      if (h.password && !(await hasPassword(deps.db, user.id)))
        await setUserPassword(deps.db, user.id, h.password);
    }
  }
  return { attached };
}
