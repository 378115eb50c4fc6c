// The préfecture simulator in its own process, for the throughput bench's multi-process stack (it is the
// préfecture, not Relais). Same settings as the in-process stack: replies with no delay, journal without
// fsync. Reads its settings as JSON from argv[2]; prints one JSON line { intakeUrl } once listening; stops
// on SIGTERM.
import { startPrefectureSimulator } from '../../src/simulators/prefecture/index.ts';

interface ChildSettings {
  dataDir: string;
  certPem: string;
  keyPem: string;
  pinnedClientCertPem: string;
  sirens: string[];
  smtp: string;
  intakePort: number;
}

const s = JSON.parse(process.argv[2]!) as ChildSettings;
const simulator = await startPrefectureSimulator({
  dataDir: s.dataDir,
  tls: { cert: s.certPem, key: s.keyPem, pinnedClientCerts: [s.pinnedClientCertPem] },
  sirens: s.sirens,
  smtp: s.smtp,
  intakePort: s.intakePort,
  replyDelayMs: 0,
  durable: false,
});
process.stdout.write(`${JSON.stringify({ intakeUrl: simulator.intakeUrl })}\n`);
process.once('SIGTERM', () => {
  void simulator.stop().then(() => process.exit(0));
});
