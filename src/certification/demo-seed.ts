// The registration authority of the demo syndicat: the demo CA (issues from the demo PKI), a CA reached
// by hand as real ones are (a chamber of commerce reselling ChamberSign), their products at negotiated
// prices, and the syndicat's director as RA officer. Called by the demo seed, inside its transaction.
import type { Sql } from '../db/types.ts';
import { findUserByEmail, setRaOfficer } from '../tenants/user-store.ts';
import { saveAuthority, saveProduct } from './catalogue.ts';

export const DEMO_RA_OFFICER_EMAIL = 'claire.valette@lozere-numerique.example.fr';

export async function seedRaDemo(tx: Sql): Promise<void> {
  await saveAuthority(tx, {
    code: 'demo',
    name: 'Autorité de démonstration Relais',
    connector: 'demo',
    requiredDocuments: ['id-copy', 'subscription-contract'],
    active: true,
  });
  await saveProduct(tx, {
    authorityCode: 'demo',
    code: 'demo-1an',
    label: 'Certificat de démonstration (fichier .p12), 1 an',
    purposes: ['actes', 'helios'],
    priceCents: 4_900,
    validityMonths: 12,
    active: true,
  });
  await saveAuthority(tx, {
    code: 'cci-lozere',
    name: 'CCI Lozère (ChamberSign)',
    connector: 'manual',
    requiredDocuments: ['id-copy', 'election-record', 'subscription-contract'],
    active: true,
  });
  await saveProduct(tx, {
    authorityCode: 'cci-lozere',
    code: 'rgs2-cle-3ans',
    label: 'Certificat RGS** sur clé USB, 3 ans',
    purposes: ['actes', 'helios'],
    priceCents: 14_900,
    validityMonths: 36,
    active: true,
  });
  await saveProduct(tx, {
    authorityCode: 'cci-lozere',
    code: 'rgs2-renouvellement-3ans',
    label: 'Renouvellement RGS** sur la même clé, 3 ans',
    purposes: ['actes', 'helios'],
    priceCents: 11_900,
    validityMonths: 36,
    active: true,
  });
  const officer = await findUserByEmail(tx, DEMO_RA_OFFICER_EMAIL);
  if (officer) await setRaOfficer(tx, officer.id, true);
}
