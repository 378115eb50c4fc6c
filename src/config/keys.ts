// Every configuration key: its environment name, default, meaning (French, shown in the README and by
// `relais doctor`) and parser. This table is the single source of truth for configuration.

export type Parsed<T> = { ok: true; value: T } | { ok: false; fix: string };

export interface KeySpec<T> {
  env: string;
  /** Default as it would be written in the environment; undefined = empty / not set. */
  default?: string;
  /** French, one sentence: what the key means. */
  doc: string;
  parse(raw: string): Parsed<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (fix: string): Parsed<never> => ({ ok: false, fix });

export function oneOf<const T extends string>(values: readonly T[]) {
  return (raw: string): Parsed<T> =>
    (values as readonly string[]).includes(raw)
      ? ok(raw as T)
      : fail(`Valeurs possibles : ${values.map((v) => `« ${v} »`).join(', ')}.`);
}

export function integer(min: number, max: number) {
  return (raw: string): Parsed<number> => {
    if (!/^-?\d+$/.test(raw.trim())) return fail(`Indiquez un nombre entier entre ${min} et ${max}.`);
    const n = Number(raw);
    return n >= min && n <= max ? ok(n) : fail(`Indiquez un nombre entier entre ${min} et ${max}.`);
  };
}

export const text = (raw: string): Parsed<string> => ok(raw);

export function databaseUrl(raw: string): Parsed<string> {
  if (raw === '') return ok('');
  try {
    const u = new URL(raw);
    if (u.protocol === 'postgres:' || u.protocol === 'postgresql:') return ok(raw);
  } catch {
    // fall through to the French explanation
  }
  return fail(
    'Indiquez une adresse de la forme postgres://utilisateur:motdepasse@serveur:5432/base, ou laissez vide pour la base embarquée.',
  );
}

export function httpUrl(raw: string): Parsed<string> {
  if (raw === '') return ok('');
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return ok(raw.replace(/\/$/, ''));
  } catch {
    // fall through
  }
  return fail('Indiquez une adresse complète, par exemple https://relais.mon-syndicat.fr.');
}

export function roles(raw: string): Parsed<readonly ('web' | 'worker')[]> {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p !== 'web' && p !== 'worker'))
    return fail('Indiquez « web », « worker » ou « web,worker ».');
  return ok([...new Set(parts)] as ('web' | 'worker')[]);
}

export const KEYS = {
  mode: {
    env: 'RELAIS_MODE',
    default: 'demo',
    doc: 'Mode de fonctionnement : « demo » (tout embarqué, envois simulés), « production » ou « training » (bac à sable de formation).',
    parse: oneOf(['demo', 'production', 'training'] as const),
  },
  dataDir: {
    env: 'RELAIS_DATA_DIR',
    default: './data',
    doc: 'Répertoire des données locales : base embarquée, documents, verrou.',
    parse: (raw: string) => (raw.trim() ? ok(raw) : fail('Indiquez un chemin de répertoire.')),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    doc: 'Adresse du serveur PostgreSQL (postgres://…). Vide : base PostgreSQL embarquée (PGlite) dans le répertoire de données.',
    parse: databaseUrl,
  },
  databasePoolSize: {
    env: 'RELAIS_DATABASE_POOL_SIZE',
    default: '10',
    doc: 'Nombre maximal de connexions simultanées au serveur PostgreSQL, par processus.',
    parse: integer(1, 200),
  },
  documentsDir: {
    env: 'RELAIS_DOCUMENTS_DIR',
    doc: 'Répertoire du stockage des documents. Vide : « documents » dans le répertoire de données.',
    parse: text,
  },
  roles: {
    env: 'RELAIS_ROLES',
    default: 'web,worker',
    doc: 'Rôles de ce processus : « web » (pages et API), « worker » (tâches de fond), ou les deux.',
    parse: roles,
  },
  httpHost: {
    env: 'RELAIS_HTTP_HOST',
    default: '127.0.0.1',
    doc: 'Adresse réseau sur laquelle le serveur web écoute (0.0.0.0 pour toutes).',
    parse: (raw: string) =>
      raw.trim() ? ok(raw.trim()) : fail('Indiquez une adresse, par exemple 127.0.0.1.'),
  },
  httpPort: {
    env: 'RELAIS_HTTP_PORT',
    default: '8080',
    doc: 'Port TCP du serveur web.',
    parse: integer(0, 65535),
  },
  publicUrl: {
    env: 'RELAIS_PUBLIC_URL',
    doc: 'Adresse publique de la plateforme, utilisée dans les courriels. Vide : déduite de l’adresse et du port.',
    parse: httpUrl,
  },
  logLevel: {
    env: 'RELAIS_LOG_LEVEL',
    default: 'info',
    doc: 'Niveau de détail du journal technique : fatal, error, warn, info, debug, trace ou silent.',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  },
  workerConcurrency: {
    env: 'RELAIS_WORKER_CONCURRENCY',
    default: '4',
    doc: 'Nombre de tâches de fond exécutées en parallèle par un processus « worker ».',
    parse: integer(1, 64),
  },
  jobPollMs: {
    env: 'RELAIS_JOB_POLL_MS',
    default: '1000',
    doc: 'Intervalle, en millisecondes, entre deux recherches de tâches quand la file est vide.',
    parse: integer(50, 60_000),
  },
  jobLockTimeoutS: {
    env: 'RELAIS_JOB_LOCK_TIMEOUT_S',
    default: '300',
    doc: 'Durée, en secondes, après laquelle une tâche dont le processus a disparu est reprise.',
    parse: integer(10, 86_400),
  },
  shutdownTimeoutS: {
    env: 'RELAIS_SHUTDOWN_TIMEOUT_S',
    default: '30',
    doc: 'Délai, en secondes, laissé aux requêtes et tâches en cours pour se terminer lors d’un arrêt.',
    parse: integer(1, 3600),
  },
} as const satisfies Record<string, KeySpec<unknown>>;

export type KeyName = keyof typeof KEYS;
