// The options of `relais simulateur` and their RELAIS_SIMULATEUR_* variables, as plain data without
// imports: the CLI declares them at start without loading the simulator.

export interface SimulatorFlags {
  donnees?: string;
  hote?: string;
  portDepot?: string;
  portConsole?: string;
  departement?: string;
  sirens?: string;
  certificat?: string;
  cle?: string;
  acClients?: string;
  certificatsClients?: string;
  smtp?: string;
  expediteur?: string;
  delaiReponse?: string;
  joursOuvres?: boolean;
  accusesManuels?: boolean;
  http200?: boolean;
  tailleMax?: string;
  pannes?: string;
}

/** Each setting: its option, its variable, its default, and what it means (for the docs and --help). */
export const SIMULATOR_SETTINGS = [
  [
    'donnees',
    '--donnees <dossier>',
    'RELAIS_SIMULATEUR_DONNEES',
    './data/simulateur-prefecture',
    'journal, archives reçues, courriels, certificats de démonstration',
  ],
  [
    'hote',
    '--hote <adresse>',
    'RELAIS_SIMULATEUR_HOTE',
    '127.0.0.1',
    "adresse d'écoute du dépôt et de la console",
  ],
  [
    'portDepot',
    '--port-depot <port>',
    'RELAIS_SIMULATEUR_PORT_DEPOT',
    '9443',
    'port HTTPS du dépôt des archives',
  ],
  [
    'portConsole',
    '--port-console <port>',
    'RELAIS_SIMULATEUR_PORT_CONSOLE',
    '9080',
    "port HTTP de la console et de l'API de contrôle",
  ],
  [
    'departement',
    '--departement <code>',
    'RELAIS_SIMULATEUR_DEPARTEMENT',
    '048',
    'département de la préfecture simulée',
  ],
  [
    'sirens',
    '--sirens <liste>',
    'RELAIS_SIMULATEUR_SIRENS',
    '(aucun)',
    'SIREN enregistrés auprès de la préfecture, séparés par des virgules',
  ],
  [
    'certificat',
    '--certificat <fichier>',
    'RELAIS_SIMULATEUR_CERTIFICAT',
    '(démonstration)',
    'certificat PEM du serveur de dépôt',
  ],
  ['cle', '--cle <fichier>', 'RELAIS_SIMULATEUR_CLE', '(démonstration)', 'clé privée PEM de ce certificat'],
  [
    'acClients',
    '--ac-clients <fichiers>',
    'RELAIS_SIMULATEUR_AC_CLIENTS',
    '(démonstration)',
    'autorités (PEM) des certificats clients acceptés, séparées par des virgules',
  ],
  [
    'certificatsClients',
    '--certificats-clients <fichiers>',
    'RELAIS_SIMULATEUR_CERTIFICATS_CLIENTS',
    '(aucun)',
    'certificats clients (PEM) acceptés tels quels (épinglés)',
  ],
  [
    'smtp',
    '--smtp <adresse>',
    'RELAIS_SIMULATEUR_SMTP',
    '(aucun)',
    'serveur des courriels de réponse, par exemple smtp://127.0.0.1:2525',
  ],
  [
    'expediteur',
    '--expediteur <courriel>',
    'RELAIS_SIMULATEUR_EXPEDITEUR',
    'controle-legalite@pref048.simulateur.test',
    'expéditeur des courriels de réponse',
  ],
  [
    'delaiReponse',
    '--delai-reponse <ms>',
    'RELAIS_SIMULATEUR_DELAI_REPONSE_MS',
    '2000',
    'délai des réponses automatiques, en millisecondes',
  ],
  [
    'joursOuvres',
    '--jours-ouvres',
    'RELAIS_SIMULATEUR_JOURS_OUVRES',
    'non',
    'réponses automatiques les jours ouvrés seulement',
  ],
  [
    'accusesManuels',
    '--accuses-manuels',
    'RELAIS_SIMULATEUR_ACCUSES_MANUELS',
    'non',
    'accusés de réception des réponses (3-5, 4-5) donnés à la main',
  ],
  [
    'http200',
    '--http-200',
    'RELAIS_SIMULATEUR_HTTP_200',
    'non',
    'répondre 200 au lieu de 201 (anciens serveurs)',
  ],
  [
    'tailleMax',
    '--taille-max <octets>',
    'RELAIS_SIMULATEUR_TAILLE_MAX',
    '150000000',
    'taille maximale d’une archive',
  ],
  [
    'pannes',
    '--pannes <json>',
    'RELAIS_SIMULATEUR_PANNES',
    '(aucune)',
    'pannes simulées, en JSON (voir docs/simulateur.md)',
  ],
] as const satisfies readonly (readonly [keyof SimulatorFlags, string, string, string, string])[];
