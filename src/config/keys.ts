// Every configuration key: its environment name, default, meaning (French, shown in the README and by
// `relais doctor`) and parser. This table is the single source of truth for configuration.
import { isIP } from 'node:net';
import { parseTimeWindow } from '../kernel/time-window.ts';

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

/** Comma-separated IP addresses or networks (CIDR); empty: none. */
export function addressList(raw: string): Parsed<readonly string[]> {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => {
    const [addr, bits] = p.split('/');
    const family = isIP(addr ?? '');
    if (!family) return true;
    if (bits === undefined) return false;
    return !/^\d{1,3}$/.test(bits) || Number(bits) > (family === 6 ? 128 : 32);
  });
  return bad.length
    ? fail(
        `« ${bad.join(', ')} » : indiquez des adresses IP ou des réseaux séparés par des virgules, par exemple 127.0.0.1,10.0.0.0/24.`,
      )
    : ok(parts);
}

export function yesNo(raw: string): Parsed<boolean> {
  if (raw === 'oui') return ok(true);
  if (raw === 'non') return ok(false);
  return fail('Indiquez « oui » ou « non ».');
}

/** An address with one of these schemes (e.g. ['imaps:', 'imap:']); empty accepted (not configured). */
export function urlWithSchemes(schemes: readonly string[], example: string) {
  return (raw: string): Parsed<string> => {
    if (raw === '') return ok('');
    try {
      if (schemes.includes(new URL(raw).protocol)) return ok(raw);
    } catch {
      // fall through
    }
    return fail(`Indiquez une adresse de la forme ${example}, ou laissez vide.`);
  };
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

export function emailAddress(raw: string): Parsed<string> {
  const v = raw.trim();
  return EMAIL.test(v)
    ? ok(v)
    : fail('Indiquez une adresse électronique, par exemple retours@mon-syndicat.fr.');
}

/** Sender as « Nom <adresse> » or a bare address. */
export function mailSender(raw: string): Parsed<string> {
  const v = raw.trim();
  const address = /<([^<>]+)>$/.exec(v)?.[1] ?? v;
  return EMAIL.test(address.trim())
    ? ok(v)
    : fail(
        'Indiquez une adresse électronique, éventuellement précédée d’un nom : Relais <relais@mon-syndicat.fr>.',
      );
}

/** Comma-separated addresses or whole domains (@exemple.fr); empty: none. */
export function recipientList(raw: string): Parsed<readonly string[]> {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !(EMAIL.test(p) || /^@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(p)));
  return bad.length
    ? fail(
        `« ${bad.join(', ')} » : indiquez des adresses ou des domaines (@exemple.fr) séparés par des virgules.`,
      )
    : ok(parts);
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
    // One `relais start` with both roles: up to 8 jobs at once (RELAIS_WORKER_CONCURRENCY) and the web
    // requests, without one waiting for the other's connections.
    default: '16',
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
    // Jobs mostly wait (database, files, the ministry's answer): at 4, a 2-core machine sat 25-35 % idle
    // while the queue drained; at 8 it stays busy (bench, 300 acts: 37.3-38.2 → 42.8-43.5 acts/s).
    default: '8',
    doc: 'Nombre de tâches de fond exécutées en parallèle par un processus « worker ».',
    parse: integer(1, 64),
  },
  jobPollMs: {
    env: 'RELAIS_JOB_POLL_MS',
    default: '250',
    doc: 'Intervalle, en millisecondes, entre deux recherches de tâches quand la file est vide (chaque étape d’un acte attend au plus ce délai).',
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
  tls: {
    env: 'RELAIS_TLS',
    default: 'auto',
    doc: 'HTTPS avec demande de certificat client : « auto » (HTTPS si RELAIS_TLS_CERT_FILE est indiqué, ou en démonstration quand la PKI de démonstration existe), « on » (obligatoire), « off » (HTTP simple : derrière un relais/proxy HTTPS, ou pour les tests).',
    parse: oneOf(['auto', 'on', 'off'] as const),
  },
  tlsCertFile: {
    env: 'RELAIS_TLS_CERT_FILE',
    doc: 'Fichier PEM du certificat du serveur (suivi de ses autorités intermédiaires) pour le HTTPS natif.',
    parse: text,
  },
  tlsKeyFile: {
    env: 'RELAIS_TLS_KEY_FILE',
    doc: 'Fichier PEM de la clé privée du certificat du serveur.',
    parse: text,
  },
  trustDir: {
    env: 'RELAIS_TRUST_DIR',
    doc: 'Répertoire des autorités de certification acceptées (sous-dossiers « rgs », « etendue », « crl »). Vide : « confiance » dans le répertoire de données.',
    parse: text,
  },
  trustedProxies: {
    env: 'RELAIS_TRUSTED_PROXIES',
    doc: 'Adresses IP (ou réseaux, 10.0.0.0/24) des relais HTTPS (nginx…) autorisés à transmettre le certificat client dans un en-tête, séparées par des virgules. Vide : aucun.',
    parse: addressList,
  },
  proxyCertHeader: {
    env: 'RELAIS_PROXY_CERT_HEADER',
    default: 'X-SSL-Client-Cert',
    doc: 'En-tête dans lequel le relais transmet le certificat client (PEM encodé pour URL, « $ssl_client_escaped_cert » de nginx).',
    parse: (raw: string) =>
      /^[A-Za-z0-9-]{1,64}$/.test(raw)
        ? ok(raw.toLowerCase())
        : fail('Indiquez un nom d’en-tête HTTP, par exemple X-SSL-Client-Cert.'),
  },
  crlRefreshMin: {
    env: 'RELAIS_CRL_REFRESH_MIN',
    default: '60',
    doc: 'Intervalle, en minutes, entre deux téléchargements des listes de révocation des autorités.',
    parse: integer(5, 10_080),
  },
  crlRequired: {
    env: 'RELAIS_CRL_REQUIRED',
    default: 'oui',
    doc: '« oui » : un certificat est refusé quand la liste de révocation de son autorité manque ou est périmée. « non » : il est accepté sans cette vérification (déconseillé).',
    parse: yesNo,
  },
  crlGraceH: {
    env: 'RELAIS_CRL_GRACE_H',
    default: '0',
    doc: 'Tolérance, en heures, après la date de prochaine mise à jour d’une liste de révocation avant de la considérer périmée.',
    parse: integer(0, 720),
  },
  sessionIdleMin: {
    env: 'RELAIS_SESSION_IDLE_MIN',
    default: '30',
    doc: 'Durée d’inactivité, en minutes, après laquelle une session est fermée.',
    parse: integer(1, 1440),
  },
  sessionMaxH: {
    env: 'RELAIS_SESSION_MAX_H',
    default: '10',
    doc: 'Durée maximale, en heures, d’une session, même active.',
    parse: integer(1, 168),
  },
  ministryUrl: {
    env: 'RELAIS_MINISTRY_URL',
    doc: 'Adresse HTTPS de dépôt des archives @CTES au ministère. Vide : préfecture simulée (démonstration, formation).',
    parse: urlWithSchemes(['https:'], 'https://serveur-du-ministere/chemin'),
  },
  ministryClientP12: {
    env: 'RELAIS_MINISTRY_CLIENT_P12',
    doc: 'Fichier .p12 (PKCS#12) du certificat d’opérateur de télétransmission présenté au ministère. Sinon : RELAIS_MINISTRY_CLIENT_CERT et RELAIS_MINISTRY_CLIENT_KEY.',
    parse: text,
  },
  ministryClientP12Password: {
    env: 'RELAIS_MINISTRY_CLIENT_P12_PASSWORD',
    doc: 'Mot de passe du fichier .p12 du certificat d’opérateur (jamais écrit dans le journal).',
    parse: text,
  },
  ministryClientCert: {
    env: 'RELAIS_MINISTRY_CLIENT_CERT',
    doc: 'Certificat d’opérateur au format PEM, avec RELAIS_MINISTRY_CLIENT_KEY, à la place du fichier .p12.',
    parse: text,
  },
  ministryClientKey: {
    env: 'RELAIS_MINISTRY_CLIENT_KEY',
    doc: 'Clé privée, au format PEM, du certificat d’opérateur.',
    parse: text,
  },
  ministryCa: {
    env: 'RELAIS_MINISTRY_CA',
    doc: 'Fichier PEM des autorités qui ont émis le certificat du serveur du ministère. Indiqué : la chaîne et le nom du serveur sont vérifiés en plus de l’épinglage.',
    parse: text,
  },
  ministryServerCert: {
    env: 'RELAIS_MINISTRY_SERVER_CERT',
    doc: 'Certificat épinglé du serveur du ministère : chemin d’un fichier PEM, ou empreintes SHA-256 séparées par des virgules. Tout autre serveur est refusé avant l’envoi.',
    parse: text,
  },
  ministryTimeoutS: {
    env: 'RELAIS_MINISTRY_TIMEOUT_S',
    default: '600',
    doc: 'Durée maximale, en secondes, d’un dépôt d’archive au ministère (connexion, envoi, réponse) ; au-delà, la même archive est envoyée de nouveau plus tard.',
    parse: integer(10, 7200),
  },
  ministryLegacy200: {
    env: 'RELAIS_MINISTRY_LEGACY_200',
    default: 'non',
    doc: '« oui » pour un serveur du ministère ancien qui répond 200 au lieu de 201 à un dépôt réussi.',
    parse: yesNo,
  },
  replyAddress: {
    env: 'RELAIS_REPLY_ADDRESS',
    default: 'retours@relais.test',
    doc: 'Adresse où la préfecture répond : première adresse de retour des enveloppes, boîte lue par Relais.',
    parse: emailAddress,
  },
  mailbox: {
    env: 'RELAIS_MAILBOX',
    default: 'smtp',
    doc: 'Réception des réponses de la préfecture : « smtp » (Relais reçoit les courriels lui-même : démonstration, ou derrière un serveur de messagerie) ou « imap » (relève d’une boîte aux lettres).',
    parse: oneOf(['smtp', 'imap'] as const),
  },
  smtpReceiverHost: {
    env: 'RELAIS_SMTP_RECEIVER_HOST',
    default: '127.0.0.1',
    doc: 'Adresse réseau sur laquelle le récepteur SMTP des réponses écoute.',
    parse: (raw: string) =>
      raw.trim() ? ok(raw.trim()) : fail('Indiquez une adresse, par exemple 127.0.0.1.'),
  },
  smtpReceiverPort: {
    env: 'RELAIS_SMTP_RECEIVER_PORT',
    default: '2525',
    doc: 'Port TCP du récepteur SMTP des réponses (0 : un port libre, utile en démonstration).',
    parse: integer(0, 65535),
  },
  smtpReceiverRecipients: {
    env: 'RELAIS_SMTP_RECEIVER_RECIPIENTS',
    doc: 'Autres destinataires acceptés par le récepteur SMTP, séparés par des virgules : adresses, ou domaines entiers (@exemple.fr). Vide : seulement RELAIS_REPLY_ADDRESS. Tout autre destinataire est refusé.',
    parse: recipientList,
  },
  mailMaxMb: {
    env: 'RELAIS_MAIL_MAX_MB',
    default: '50',
    doc: 'Taille maximale, en Mo, d’un courriel de réponse reçu : plus gros, il est refusé (SMTP) ou laissé dans la boîte et signalé dans le journal (IMAP).',
    parse: integer(1, 500),
  },
  imapUrl: {
    env: 'RELAIS_IMAP_URL',
    doc: 'Boîte aux lettres des réponses : imaps://serveur:993 (TLS) ou imap://serveur:143 (STARTTLS exigé, sauf sur la machine elle-même).',
    parse: urlWithSchemes(['imaps:', 'imap:'], 'imaps://imap.mon-syndicat.fr:993'),
  },
  imapUser: {
    env: 'RELAIS_IMAP_USER',
    doc: 'Identifiant de connexion à la boîte aux lettres des réponses.',
    parse: text,
  },
  imapPassword: {
    env: 'RELAIS_IMAP_PASSWORD',
    doc: 'Mot de passe de la boîte aux lettres des réponses (jamais écrit dans le journal).',
    parse: text,
  },
  imapFolder: {
    env: 'RELAIS_IMAP_FOLDER',
    default: 'INBOX',
    doc: 'Dossier relevé dans la boîte aux lettres des réponses.',
    parse: (raw: string) => (raw.trim() ? ok(raw.trim()) : fail('Indiquez un dossier, par exemple INBOX.')),
  },
  imapProcessedFolder: {
    env: 'RELAIS_IMAP_PROCESSED_FOLDER',
    default: 'Traités',
    doc: 'Dossier où Relais range un courriel une fois enregistré (créé s’il manque). Vide : le courriel est supprimé.',
    parse: text,
  },
  imapPollS: {
    env: 'RELAIS_IMAP_POLL_S',
    default: '60',
    doc: 'Intervalle, en secondes, entre deux relèves de la boîte aux lettres (un nouveau courriel signalé par le serveur est relevé aussitôt).',
    parse: integer(5, 3600),
  },
  smtpUrl: {
    env: 'RELAIS_SMTP_URL',
    doc: 'Serveur d’envoi des courriels : smtps://utilisateur:motdepasse@serveur:465, ou smtp://…:587 (STARTTLS exigé hors de la machine elle-même). Vide : les courriels restent dans la boîte d’envoi de l’application (démonstration).',
    parse: urlWithSchemes(['smtp:', 'smtps:'], 'smtps://utilisateur:motdepasse@smtp.mon-syndicat.fr:465'),
  },
  mailFrom: {
    env: 'RELAIS_MAIL_FROM',
    default: 'Relais <relais@relais.test>',
    doc: 'Expéditeur des courriels envoyés par Relais.',
    parse: mailSender,
  },
  trigramme: {
    env: 'RELAIS_TRIGRAMME',
    default: 'TST',
    doc: 'Trigramme de l’opérateur de télétransmission attribué par le ministère (préfixe des archives envoyées).',
    parse: (raw: string) =>
      /^[A-Z0-9]{3}$/.test(raw)
        ? ok(raw)
        : fail('Indiquez 3 lettres ou chiffres majuscules, par exemple SLO.'),
  },
  quadrigramme: {
    env: 'RELAIS_QUADRIGRAMME',
    default: 'TACT',
    doc: 'Code d’application attribué par le ministère (début des noms d’enveloppe) : EACT en production, TACT sur les plateformes de test.',
    parse: (raw: string) =>
      /^[A-Z0-9]{4}$/.test(raw)
        ? ok(raw)
        : fail('Indiquez 4 lettres ou chiffres majuscules, par exemple EACT.'),
  },
  transmissionWindow: {
    env: 'RELAIS_TRANSMISSION_WINDOW',
    default: '00:00-24:00',
    doc: 'Plage horaire quotidienne (heure de Paris) pendant laquelle les archives partent vers la préfecture, HH:MM-HH:MM ; en dehors, elles attendent.',
    parse: (raw: string) => {
      const w = parseTimeWindow(raw);
      return w ? ok(w) : fail('Écrivez la plage sous la forme 08:00-19:00 (00:00-24:00 pour toujours).');
    },
  },
  maxMbPerHour: {
    env: 'RELAIS_MAX_MB_PER_HOUR',
    default: '0',
    doc: 'Plafond, en Mo, des archives envoyées par heure glissante (0 : pas de plafond).',
    parse: integer(0, 1_000_000),
  },
  arOverdueMin: {
    env: 'RELAIS_AR_OVERDUE_MIN',
    default: '1440',
    doc: 'Délai, en minutes, au-delà duquel un acte transmis sans accusé de réception (courriel de réponse perdu) est redéposé à l’identique : même archive, même enveloppe.',
    parse: integer(1, 100_000),
  },
  arMaxResends: {
    env: 'RELAIS_AR_MAX_RESENDS',
    default: '3',
    doc: 'Nombre maximal de redépôts d’une même archive restée sans accusé de réception (0 : jamais ; l’acte reste alors signalé en attente).',
    parse: integer(0, 20),
  },
  raRetentionDays: {
    env: 'RELAIS_RA_RETENTION_DAYS',
    default: '2555',
    doc: 'Autorité d’enregistrement : nombre de jours de conservation des pièces d’une demande de certificat (pièce d’identité, procès-verbaux…) après sa clôture (révoqué, expiré, renouvelé, abandonnée), avant leur effacement. Alignez-le sur la politique de l’autorité de certification (7 ans par défaut).',
    parse: integer(30, 36500),
  },
  simulatorReplyDelayS: {
    env: 'RELAIS_SIMULATOR_REPLY_DELAY_S',
    default: '2',
    doc: 'Démonstration et formation : délai, en secondes, avant les réponses automatiques de la préfecture simulée.',
    parse: integer(0, 86_400),
  },
  simulatorConsolePort: {
    env: 'RELAIS_SIMULATOR_CONSOLE_PORT',
    default: '8091',
    doc: 'Démonstration et formation : port de la console de la préfecture simulée (http://localhost:PORT), où l’on joue le rôle de la préfecture ; 0 pour un port libre.',
    parse: integer(0, 65535),
  },
} as const satisfies Record<string, KeySpec<unknown>>;

export type KeyName = keyof typeof KEYS;
