// Reads the configuration once: environment variables, then an optional KEY=VALUE file
// (RELAIS_CONFIG_FILE), then defaults. Every problem is reported at once, in French, naming the key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { KEYS, type KeyName } from './keys.ts';

type ValueOf<K extends KeyName> = (typeof KEYS)[K] extends { parse(raw: string): infer R }
  ? R extends { ok: true; value: infer V }
    ? V
    : never
  : never;

type RawConfig = { [K in KeyName]: ValueOf<K> };

export interface Config extends RawConfig {
  /** Absolute path of the data directory. */
  readonly dataDirAbs: string;
  /** Absolute path of the documents directory. */
  readonly documentsDirAbs: string;
  /** Where the configuration came from, for `relais doctor`. */
  readonly sources: Readonly<Record<KeyName, 'environnement' | 'fichier' | 'défaut'>>;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `La configuration de Relais est à corriger :\n${problems.map((p) => `  - ${p}`).join('\n')}\nVoir la section « Configuration » du README.`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export function loadConfig(options: LoadOptions = {}): Readonly<Config> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];

  let fileValues: Record<string, string> = {};
  const file = env.RELAIS_CONFIG_FILE;
  if (file) {
    try {
      fileValues = parseEnv(readFileSync(path.resolve(cwd, file), 'utf8')) as Record<string, string>;
      for (const name of Object.keys(fileValues)) {
        if (!Object.values(KEYS).some((k) => k.env === name))
          problems.push(
            `RELAIS_CONFIG_FILE : la clé « ${name} » du fichier ${file} est inconnue. Corrigez son nom ou retirez-la.`,
          );
      }
    } catch {
      problems.push(
        `RELAIS_CONFIG_FILE : le fichier « ${file} » est illisible. Vérifiez le chemin et les droits, ou retirez cette variable.`,
      );
    }
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const [name, spec] of Object.entries(KEYS) as [KeyName, (typeof KEYS)[KeyName]][]) {
    const fromEnv = env[spec.env];
    const fromFile = fileValues[spec.env];
    const raw = fromEnv ?? fromFile ?? ('default' in spec ? spec.default : '') ?? '';
    sources[name] = fromEnv !== undefined ? 'environnement' : fromFile !== undefined ? 'fichier' : 'défaut';
    const parsed = spec.parse(raw);
    if (parsed.ok) values[name] = parsed.value;
    else problems.push(`${spec.env} : la valeur « ${raw} » n'est pas acceptée. ${parsed.fix}`);
  }

  if (values.mode === 'production' && values.databaseUrl === '')
    problems.push(
      'DATABASE_URL : en mode production, Relais a besoin d’un serveur PostgreSQL. Indiquez son adresse (postgres://…).',
    );

  if (problems.length > 0) throw new ConfigError(problems);

  const dataDirAbs = path.resolve(cwd, values.dataDir as string);
  const documentsDirAbs = values.documentsDir
    ? path.resolve(cwd, values.documentsDir as string)
    : path.join(dataDirAbs, 'documents');
  const port = values.httpPort as number;
  const host = values.httpHost as string;
  const publicUrl =
    (values.publicUrl as string) ||
    `http://${host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host}:${port}`;

  return Object.freeze({
    ...(values as RawConfig),
    publicUrl,
    dataDirAbs,
    documentsDirAbs,
    sources: Object.freeze(sources) as Config['sources'],
  });
}
