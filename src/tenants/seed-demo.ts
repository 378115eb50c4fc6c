// Use case: create the demo syndicat (85 communes and 4 communautés de communes of one département,
// a few people per role). Idempotent: a database that already has an operator is left as it is.
import { seedRaDemo } from '../certification/demo-seed.ts';
import type { Db } from '../db/types.ts';
import { addCollectivite } from './add-collectivite.ts';
import { addUserWithin } from './add-user.ts';
import { DEMO_OPERATOR, demoCollectivites, demoPeople } from './demo-data.ts';
import { getOperator, setOperator } from './operator.ts';

export async function seedDemo(deps: {
  db: Db;
}): Promise<{ created: boolean; collectivites: number; users: number }> {
  return deps.db.transaction(async (tx) => {
    if (await getOperator(tx)) return { created: false, collectivites: 0, users: 0 };
    await setOperator(tx, DEMO_OPERATOR);
    const collectivites = demoCollectivites();
    const sirens: string[] = [];
    for (const input of collectivites) sirens.push((await addCollectivite({ db: tx }, input)).siren);
    const people = demoPeople();
    for (const p of people) {
      const [first, ...rest] = p.memberships;
      await addUserWithin(tx, {
        ...p,
        collectiviteSiren: first ? sirens[first.index] : undefined,
        roles: first?.roles,
      });
      for (const m of rest)
        await addUserWithin(tx, { ...p, collectiviteSiren: sirens[m.index], roles: m.roles });
    }
    // The registration authority: CAs, products, and the director as RA officer.
    await seedRaDemo(tx);
    return { created: true, collectivites: collectivites.length, users: people.length };
  });
}
