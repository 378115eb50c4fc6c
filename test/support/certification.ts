// Registration-authority fixtures: the certification services on a test database with a document store
// in a temporary folder, a 'manual' CA with one product, and people in the usual roles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CertificationAuthorityConnector } from '../../src/certification/ca/authority-port.ts';
import { connectorRegistry } from '../../src/certification/ca/manual-connector.ts';
import { saveAuthority, saveProduct } from '../../src/certification/catalogue.ts';
import type { CertificationDeps } from '../../src/certification/deps.ts';
import type { Db } from '../../src/db/types.ts';
import { createFsDocumentStore } from '../../src/documents/index.ts';
import { type Clock, systemClock } from '../../src/kernel/clock.ts';
import type { Mailer } from '../../src/notify/index.ts';

export interface CertificationFixture {
  deps: CertificationDeps;
  /** A product of the 'manual' test CA (ID copy, election record and contract required), 149 €. */
  manualProductId: string;
  cleanup(): void;
}

export async function createCertificationFixture(
  db: Db,
  opts: {
    clock?: Clock;
    mailer?: Mailer;
    connectors?: Partial<Record<'demo' | 'manual', CertificationAuthorityConnector>>;
    retentionDays?: number;
  } = {},
): Promise<CertificationFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relais-ra-'));
  await saveAuthority(db, {
    code: 'cci-test',
    name: 'CCI de test (manuelle)',
    connector: 'manual',
    requiredDocuments: ['id-copy', 'election-record', 'subscription-contract'],
    active: true,
  });
  const manualProductId = await saveProduct(db, {
    authorityCode: 'cci-test',
    code: 'rgs2-3ans',
    label: 'Certificat RGS** sur clé, 3 ans',
    purposes: ['actes', 'helios'],
    priceCents: 14_900,
    validityMonths: 36,
    active: true,
  });
  return {
    deps: {
      db,
      clock: opts.clock ?? systemClock,
      documents: createFsDocumentStore(dir),
      connector: connectorRegistry(opts.connectors ?? {}),
      ...(opts.mailer ? { mailer: opts.mailer } : {}),
      publicUrl: 'https://relais.test',
      retentionDays: opts.retentionDays ?? 2555,
    },
    manualProductId,
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10 }),
  };
}
