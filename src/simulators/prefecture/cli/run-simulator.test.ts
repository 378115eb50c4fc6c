// `relais simulateur`: options first, then RELAIS_SIMULATEUR_* variables, then defaults, with French
// errors; without certificates it makes demonstration ones that an operator can use at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relais } from '../../../../test/support/cli.ts';
import { DEFAULT_CLASSIFICATION_DATE } from '../classification/default-classification.ts';
import { SimulatorOptionError } from '../simulator-options.ts';
import type { PrefectureSimulator } from '../start-prefecture-simulator.ts';
import { postArchive } from '../test-support/post-archive.ts';
import { SIREN_A } from '../test-support/simulator-harness.ts';
import { buildTestAct, buildTestArchive } from '../test-support/test-archives.ts';
import { ensureDemoPki, readPem } from './demo-pki.ts';
import { runSimulator } from './run-simulator.ts';
import { readSimulatorSettings } from './simulator-settings.ts';

describe('readSimulatorSettings', () => {
  it('takes options first, then RELAIS_SIMULATEUR_* variables, then defaults', () => {
    const s = readSimulatorSettings(
      { portDepot: '8443', joursOuvres: true },
      {
        RELAIS_SIMULATEUR_PORT_DEPOT: '1',
        RELAIS_SIMULATEUR_SIRENS: `${SIREN_A}, 214800344`,
        RELAIS_SIMULATEUR_ACCUSES_MANUELS: 'oui',
        RELAIS_SIMULATEUR_PANNES: '{"dropMail":{"rate":0.1,"max":2}}',
        RELAIS_SIMULATEUR_SMTP: 'smtp://127.0.0.1:2525',
      },
      '/srv/relais',
    );
    expect(s).toMatchObject({
      dataDir: '/srv/relais/data/simulateur-prefecture',
      host: '127.0.0.1',
      intakePort: 8443,
      controlPort: 9080,
      sirens: [SIREN_A, '214800344'],
      workingDaysOnly: true,
      autoAcknowledgeAnswers: false,
      legacyHttp200: false,
      replyDelayMs: 2000,
      smtp: 'smtp://127.0.0.1:2525',
      faults: { dropMail: { rate: 0.1, max: 2 } },
      clientCas: [],
    });
  });

  it('names the option and the variable of a wrong value', () => {
    const fails = (flags: Record<string, string>, env: Record<string, string> = {}) => {
      try {
        readSimulatorSettings(flags, env, '/');
      } catch (e) {
        expect(e).toBeInstanceOf(SimulatorOptionError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(fails({ portConsole: '70000' })).toBe(
      '--port-console (RELAIS_SIMULATEUR_PORT_CONSOLE) vaut « 70000 » : attendu un nombre entier entre 0 et 65535.',
    );
    expect(fails({}, { RELAIS_SIMULATEUR_JOURS_OUVRES: 'parfois' })).toContain('écrivez oui ou non');
    expect(fails({ certificat: 'serveur.pem' })).toContain('Donnez à la fois --certificat');
    expect(fails({ pannes: '{' })).toContain("n'est pas du JSON valide");
    expect(fails({ pannes: '{"panne":1}' })).toContain('Panne inconnue « panne »');
    expect(fails({ smtp: 'localhost:25' })).toContain('écrivez smtp://hôte:port');
    expect(fails({ acClients: 'absent.pem' })).toContain('le fichier « absent.pem » ne peut pas être lu');
  });
});

describe('runSimulator', () => {
  it('makes demonstration certificates, says where everything is, takes deposits and stops', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'relais-simulateur-cli-'));
    const lines: string[] = [];
    let stop!: () => void;
    let sim!: PrefectureSimulator;
    const started = new Promise<void>((resolve) => {
      const until = new Promise<void>((r) => {
        stop = r;
      });
      const settings = readSimulatorSettings(
        { donnees: dir, portDepot: '0', portConsole: '0', sirens: SIREN_A },
        {},
        dir,
      );
      void runSimulator(settings, { out: (l) => lines.push(l) }, until, (s) => {
        sim = s;
        resolve();
      }).then(() => lines.push('fin'));
    });
    try {
      await started;
      expect(lines[0]).toBe(
        'Simulateur de préfecture démarré : Préfecture de la Lozère (048) — SIMULATION, aucune vraie préfecture.',
      );
      expect(lines.join('\n')).toContain(
        'Certificat client de démonstration : pki/client.pem (clé : pki/client-cle.pem), émis par pki/ac.pem.',
      );
      expect(lines.join('\n')).toContain('Pas de serveur SMTP (--smtp)');
      const pki = await ensureDemoPki(dir);
      expect(pki.created).toBe(false);
      const act = buildTestAct({
        siren: SIREN_A,
        numeroInterne: 'CLI_01',
        date: '2025-01-10',
        classificationDate: DEFAULT_CLASSIFICATION_DATE,
      });
      const archive = await buildTestArchive(
        { siren: SIREN_A, date: '2025-01-10', counter: 1 },
        [act.message],
        act.documents,
      );
      const r = await postArchive({
        url: sim.intakeUrl,
        fileName: archive.name,
        bytes: archive.bytes,
        ca: readPem(pki.caCert),
        cert: readPem(pki.clientCert),
        key: readPem(pki.clientKey),
      });
      expect(r).toMatchObject({ status: 201 });
      expect(sim.act(act.idActe)).toBeDefined();
    } finally {
      stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await sim?.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
    }
    expect(lines.at(-1)).toBe('fin');
  });
});

describe('relais simulateur', () => {
  it('lists its options in French, with their variables', async () => {
    const r = await relais(['simulateur', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.out).toContain('--port-depot <port>');
    expect(r.out).toContain('RELAIS_SIMULATEUR_SIRENS');
  });

  it('refuses a wrong option value before starting anything', async () => {
    const r = await relais(['simulateur', '--port-depot', 'abc'], {});
    expect(r.code).toBe(1);
    expect(r.err).toContain('--port-depot (RELAIS_SIMULATEUR_PORT_DEPOT) vaut « abc »');
  });
});
