// Demo and training: the préfecture is the in-process simulator, reached exactly like the ministry —
// HTTPS with mutual TLS (operator certificate, pinned server certificate), replies by SMTP to our own
// receiver. Its certificates are made once under the data directory and kept, so pins stay stable.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMinistryClient, type MinistryClient } from '../actes/gateway/ministry-client.ts';
import { createCa, type Issued, issueCertificate, loadIssued } from '../auth/pki/issue.ts';
import type { Logger } from '../kernel/logger.ts';
import { type PrefectureSimulator, startPrefectureSimulator } from '../simulators/prefecture/index.ts';

interface Pem {
  cert: string;
  key: string;
}

async function pemPair(dir: string, name: string, make: () => Promise<Issued>): Promise<Pem> {
  const certFile = path.join(dir, `${name}.pem`);
  const keyFile = path.join(dir, `${name}.key.pem`);
  if (existsSync(certFile) && existsSync(keyFile))
    return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  const issued = await make();
  writeFileSync(keyFile, issued.keyPem, { mode: 0o600 });
  writeFileSync(certFile, issued.pem);
  return { cert: issued.pem, key: issued.keyPem };
}

export interface SimulatedPrefecture {
  simulator: PrefectureSimulator;
  gateway: MinistryClient;
  stop(): Promise<void>;
}

export async function startSimulatedPrefecture(opts: {
  dataDirAbs: string;
  sirens: string[];
  smtpPort: number;
  replyDelayMs: number;
  consolePort: number;
  timeoutMs: number;
  logger: Logger;
}): Promise<SimulatedPrefecture> {
  const dir = path.join(opts.dataDirAbs, 'simulateur');
  const pki = path.join(dir, 'pki');
  mkdirSync(pki, { recursive: true });
  let ca: Issued | null = null;
  const newCa = async () => {
    ca = await createCa('CN=Autorité de la préfecture simulée,O=Relais démonstration');
    return ca;
  };
  const caPem = await pemPair(pki, 'autorite', newCa);
  const loadCa = async () => {
    ca ??= await loadIssued(caPem.cert, caPem.key);
    return ca;
  };
  const server = await pemPair(pki, 'serveur-prefecture', async () =>
    issueCertificate(await loadCa(), 'CN=localhost,O=Préfecture simulée', {
      serverNames: ['localhost', '127.0.0.1'],
    }),
  );
  const operator = await pemPair(pki, 'operateur', async () =>
    issueCertificate(await loadCa(), 'CN=Opérateur de télétransmission,O=Relais démonstration'),
  );
  const simulator = await startPrefectureSimulator({
    dataDir: dir,
    tls: { cert: server.cert, key: server.key, pinnedClientCerts: [operator.cert] },
    sirens: opts.sirens,
    smtp: `smtp://127.0.0.1:${opts.smtpPort}`,
    replyDelayMs: opts.replyDelayMs,
    controlPort: opts.consolePort,
  });
  const gateway = createMinistryClient({
    url: simulator.intakeUrl,
    clientCert: { cert: operator.cert, key: operator.key },
    pinnedServerCert: simulator.serverCertificate,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger,
  });
  opts.logger.info(
    { intake: simulator.intakeUrl, console: simulator.controlUrl },
    'simulated préfecture started',
  );
  return { simulator, gateway, stop: () => simulator.stop() };
}
