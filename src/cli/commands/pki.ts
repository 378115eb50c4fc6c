// `relais pki demo`: the demo PKI (CA, localhost server certificate, the demo people's certificates as
// PEM and .p12). Demo mode only: production refuses it.

import { attachDemoCertificates } from '../../auth/pki/attach-demo-certificates.ts';
import { createDemoPki, demoPkiPaths, demoReadme } from '../../auth/pki/demo-pki.ts';
import { systemClock } from '../../kernel/clock.ts';
import { isAppError } from '../../kernel/errors.ts';
import { demoPeople } from '../../tenants/demo-data.ts';
import { seedDemo } from '../../tenants/seed-demo.ts';
import { type CliIo, readConfig, withDatabase } from '../context.ts';

export const DEMO_SHARED = {
  label: 'Secrétariat de mairie (certificat partagé)',
  emails: ['lucie.bonnal@example.fr', 'henri.castan@example.fr'],
};

export async function pkiDemo(io: CliIo, o: { renouveler?: boolean }): Promise<number> {
  const config = readConfig(io);
  if (config.mode !== 'demo') {
    io.err(
      `La PKI de démonstration n’existe qu’en mode démonstration (RELAIS_MODE=demo) ; ici le mode est « ${config.mode} ». En production, les certificats viennent d’une autorité reconnue (RGS).`,
    );
    return 1;
  }
  const people = demoPeople().map((p) => ({ name: p.name, email: p.email }));
  const { manifest, created } = await createDemoPki(
    { dataDirAbs: config.dataDirAbs, people, shared: DEMO_SHARED },
    !!o.renouveler,
  );
  const paths = demoPkiPaths(config.dataDirAbs);
  io.out(
    created
      ? `PKI de démonstration créée dans ${paths.dir}.`
      : `La PKI de démonstration existe déjà dans ${paths.dir} (--renouveler pour en refaire une).`,
  );
  io.out('');
  io.out(demoReadme(paths, manifest).trimEnd());
  try {
    const r = await withDatabase(config, async (db) => {
      await seedDemo({ db }); // the demo people must exist to receive their certificates
      return attachDemoCertificates({ db, clock: systemClock }, manifest);
    });
    io.out('');
    io.out(`Certificats rattachés aux personnes de démonstration (${r.attached} nouveau(x)).`);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'DATA_DIR_LOCKED') throw e;
    io.out('');
    io.out(
      'Relais est en cours d’exécution : redémarrez-le pour qu’il passe en HTTPS et rattache ces certificats.',
    );
  }
  return 0;
}
