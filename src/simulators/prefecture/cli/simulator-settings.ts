// The settings of `relais simulateur`: command-line options first, then RELAIS_SIMULATEUR_* variables,
// then defaults. The simulator reads no platform configuration; a wrong value stops it with a French
// message naming the option and the variable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultSettings } from '../faults/fault-injector.ts';
import { parseFaultSettings } from '../faults/parse-fault-settings.ts';
import { SimulatorOptionError } from '../simulator-options.ts';
import { SIMULATOR_SETTINGS, type SimulatorFlags } from './simulator-flags.ts';

export interface SimulatorSettings {
  /** Working directory the paths are relative to. */
  cwd: string;
  dataDir: string;
  host: string;
  intakePort: number;
  controlPort: number;
  departement: string;
  sirens: string[];
  serverCert?: string;
  serverKey?: string;
  clientCas: string[];
  pinnedClientCerts: string[];
  smtp?: string;
  mailFrom?: string;
  replyDelayMs: number;
  workingDaysOnly: boolean;
  autoAcknowledgeAnswers: boolean;
  legacyHttp200: boolean;
  maxArchiveBytes?: number;
  faults: FaultSettings;
}

type Env = Record<string, string | undefined>;

export function readSimulatorSettings(flags: SimulatorFlags, env: Env, cwd: string): SimulatorSettings {
  const spec = (key: keyof SimulatorFlags) => SIMULATOR_SETTINGS.find((s) => s[0] === key)!;
  const name = (key: keyof SimulatorFlags) => `${spec(key)[1].split(' ')[0]} (${spec(key)[2]})`;
  const raw = (key: keyof SimulatorFlags): string | undefined => {
    const flag = flags[key];
    if (typeof flag === 'string') return flag.trim();
    const value = env[spec(key)[2]];
    return value?.trim() ? value.trim() : undefined;
  };
  const bool = (key: 'joursOuvres' | 'accusesManuels' | 'http200'): boolean => {
    if (flags[key] === true) return true;
    const v = env[spec(key)[2]]?.trim().toLowerCase();
    if (v === undefined || v === '') return false;
    if (['oui', '1', 'true', 'vrai'].includes(v)) return true;
    if (['non', '0', 'false', 'faux'].includes(v)) return false;
    throw new SimulatorOptionError(`${name(key)} vaut « ${v} » : écrivez oui ou non.`);
  };
  const integer = (key: keyof SimulatorFlags, fallback: number, min: number, max: number): number => {
    const v = raw(key);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw new SimulatorOptionError(
        `${name(key)} vaut « ${v} » : attendu un nombre entier entre ${min} et ${max}.`,
      );
    return Number(v);
  };
  const list = (key: keyof SimulatorFlags) =>
    (raw(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const file = (key: keyof SimulatorFlags, f: string) => {
    try {
      return readFileSync(path.resolve(cwd, f), 'utf8');
    } catch {
      throw new SimulatorOptionError(`${name(key)} : le fichier « ${f} » ne peut pas être lu.`);
    }
  };
  let faults: FaultSettings = {};
  const pannes = raw('pannes');
  if (pannes) {
    let json: unknown;
    try {
      json = JSON.parse(pannes);
    } catch {
      throw new SimulatorOptionError(
        `${name('pannes')} n'est pas du JSON valide, par exemple {"dropMail":{"rate":0.1}}.`,
      );
    }
    const parsed = parseFaultSettings(json);
    if (!parsed.ok) throw new SimulatorOptionError(`${name('pannes')} : ${parsed.problems.join(' ')}`);
    faults = parsed.value as FaultSettings;
  }
  const certificat = raw('certificat');
  const cle = raw('cle');
  if ((certificat === undefined) !== (cle === undefined))
    throw new SimulatorOptionError(
      `Donnez à la fois ${name('certificat')} et ${name('cle')}, ou aucun des deux.`,
    );
  const smtp = raw('smtp');
  if (smtp !== undefined && !/^smtps?:\/\/[^/\s]+/.test(smtp))
    throw new SimulatorOptionError(
      `${name('smtp')} vaut « ${smtp} » : écrivez smtp://hôte:port (ou smtps://).`,
    );
  const tailleMax = raw('tailleMax');
  return {
    cwd,
    dataDir: path.resolve(cwd, raw('donnees') ?? './data/simulateur-prefecture'),
    host: raw('hote') ?? '127.0.0.1',
    intakePort: integer('portDepot', 9443, 0, 65535),
    controlPort: integer('portConsole', 9080, 0, 65535),
    departement: raw('departement') ?? '048',
    sirens: list('sirens'),
    ...(certificat && cle ? { serverCert: file('certificat', certificat), serverKey: file('cle', cle) } : {}),
    clientCas: list('acClients').map((f) => file('acClients', f)),
    pinnedClientCerts: list('certificatsClients').map((f) => file('certificatsClients', f)),
    ...(smtp ? { smtp } : {}),
    ...(raw('expediteur') ? { mailFrom: raw('expediteur')! } : {}),
    replyDelayMs: integer('delaiReponse', 2000, 0, 2_000_000_000),
    workingDaysOnly: bool('joursOuvres'),
    autoAcknowledgeAnswers: !bool('accusesManuels'),
    legacyHttp200: bool('http200'),
    ...(tailleMax ? { maxArchiveBytes: integer('tailleMax', 0, 1, Number.MAX_SAFE_INTEGER) } : {}),
    faults,
  };
}
