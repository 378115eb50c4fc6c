// `relais simulateur` once its settings are read: makes the demonstration certificates if none were
// given, starts the simulator, says in French where everything is, and stops it when asked.
import path from 'node:path';
import { type PrefectureSimulator, startPrefectureSimulator } from '../start-prefecture-simulator.ts';
import { ensureDemoPki, readPem } from './demo-pki.ts';
import type { SimulatorSettings } from './simulator-settings.ts';

export interface SimulatorOutput {
  out(line: string): void;
}

export async function runSimulator(
  settings: SimulatorSettings,
  output: SimulatorOutput,
  until: Promise<unknown>,
  started?: (sim: PrefectureSimulator) => void,
): Promise<void> {
  const rel = (f: string) => {
    const r = path.relative(settings.cwd, f);
    return r === '' || r.startsWith('..') ? f : r;
  };
  let { serverCert, serverKey } = settings;
  let clientCas = settings.clientCas;
  const lines: string[] = [];
  if (!serverCert || !serverKey || (clientCas.length === 0 && settings.pinnedClientCerts.length === 0)) {
    const pki = await ensureDemoPki(settings.dataDir);
    serverCert ??= readPem(pki.serverCert);
    serverKey ??= readPem(pki.serverKey);
    if (clientCas.length === 0 && settings.pinnedClientCerts.length === 0) {
      clientCas = [readPem(pki.caCert)];
      lines.push(
        `Certificat client de démonstration : ${rel(pki.clientCert)} (clé : ${rel(pki.clientKey)}), émis par ${rel(pki.caCert)}.`,
      );
    }
    lines.push(
      `Certificats de démonstration ${pki.created ? 'créés' : 'repris'} dans ${rel(pki.dir)} : certificat du serveur ${rel(pki.serverCert)}, émis par l'AC ${rel(pki.caCert)}.`,
    );
  }
  const sim = await startPrefectureSimulator({
    dataDir: settings.dataDir,
    tls: { cert: serverCert, key: serverKey, clientCas, pinnedClientCerts: settings.pinnedClientCerts },
    departement: settings.departement,
    sirens: settings.sirens,
    host: settings.host,
    intakePort: settings.intakePort,
    controlPort: settings.controlPort,
    legacyHttp200: settings.legacyHttp200,
    ...(settings.maxArchiveBytes !== undefined ? { maxArchiveBytes: settings.maxArchiveBytes } : {}),
    ...(settings.smtp !== undefined ? { smtp: settings.smtp } : {}),
    ...(settings.mailFrom !== undefined ? { mailFrom: settings.mailFrom } : {}),
    replyDelayMs: settings.replyDelayMs,
    workingDaysOnly: settings.workingDaysOnly,
    autoAcknowledgeAnswers: settings.autoAcknowledgeAnswers,
    faults: settings.faults,
  });
  const status = (await (await fetch(`${sim.controlUrl}/status`)).json()) as {
    prefecture: string;
    departement: string;
  };
  output.out(
    `Simulateur de préfecture démarré : ${status.prefecture} (${status.departement}) — SIMULATION, aucune vraie préfecture.`,
  );
  output.out(`Dépôt des archives (HTTPS, certificat client exigé) : ${sim.intakeUrl}`);
  output.out(`Console et API de contrôle : ${sim.controlUrl}/`);
  for (const line of lines) output.out(line);
  const sirens = sim.sirens();
  output.out(
    `Collectivités enregistrées : ${sirens.length === 0 ? 'aucune (ajoutez-en depuis la console ou avec --sirens)' : sirens.join(', ')}.`,
  );
  output.out(
    settings.smtp
      ? `Réponses envoyées par courriel via ${settings.smtp.replace(/\/\/[^@/]*@/, '//')}.`
      : `Pas de serveur SMTP (--smtp) : les réponses sont conservées dans ${rel(path.join(settings.dataDir, 'outbox'))} et visibles dans la console.`,
  );
  output.out(`Journal : ${rel(path.join(settings.dataDir, 'journal.jsonl'))}. Arrêt : Ctrl+C.`);
  started?.(sim);
  await until;
  output.out('Arrêt du simulateur…');
  await sim.stop();
  output.out('Simulateur arrêté.');
}
