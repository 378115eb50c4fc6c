// The `relais` command: parses the arguments, runs one command, prints French messages and
// returns the exit code (0 success, 1 refused or failed, 2 usage error).
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { isAppError } from '../kernel/errors.ts';
import { SIMULATOR_SETTINGS } from '../simulators/prefecture/cli/simulator-flags.ts';
import {
  certAttach,
  certCrl,
  certDetach,
  certExpirations,
  certList,
  certPassword,
  certTest,
} from './commands/cert.ts';
import {
  COLLECTIVITE_OPTIONS,
  collectiviteAdd,
  collectiviteImport,
  collectiviteList,
} from './commands/collectivite.ts';
import { demoSeed } from './commands/demo.ts';
import { doctorCommand } from './commands/doctor.ts';
import { jobsList, jobsRetry } from './commands/jobs.ts';
import { migrateCommand } from './commands/migrate.ts';
import { pkiDemo } from './commands/pki.ts';
import { reponsesList, reponsesReprocess } from './commands/reponses.ts';
import { securiteJournal } from './commands/securite.ts';
import { addSimulateurCommand, simulateurCommand } from './commands/simulateur.ts';
import { startCommand } from './commands/start.ts';
import { tokenCreate, tokenList, tokenRevoke } from './commands/token.ts';
import { userAdd, userList } from './commands/user.ts';
import { type CliIo, processIo } from './context.ts';

const COMMANDER_MESSAGES: Record<string, (m: string) => string> = {
  'commander.unknownCommand': (m) =>
    `Commande inconnue ${m.match(/'([^']+)'/)?.[1] ?? ''}. Voir « relais --help ».`,
  'commander.unknownOption': (m) =>
    `Option inconnue ${m.match(/'([^']+)'/)?.[1] ?? ''}. Voir l’aide de la commande (--help).`,
  'commander.missingArgument': (m) => `Argument manquant : ${m.match(/'([^']+)'/)?.[1] ?? ''}.`,
  'commander.optionMissingArgument': (m) =>
    `Une valeur est attendue après l’option ${m.match(/'([^']+)'/)?.[1] ?? ''}.`,
  'commander.excessArguments': () => 'Trop d’arguments. Voir l’aide de la commande (--help).',
};

function buildProgram(io: CliIo, setResult: (p: Promise<number>) => void): Command {
  const program = new Command('relais')
    .description('Relais : télétransmission des actes des collectivités au contrôle de légalité.')
    .helpOption('-h, --help', 'afficher l’aide')
    .helpCommand('help [commande]', 'afficher l’aide d’une commande')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: () => {} });
  const run = (fn: () => Promise<number>) => () => setResult(fn());

  program
    .command('start')
    .description('démarrer Relais (serveur web et tâches de fond selon RELAIS_ROLES)')
    .action(run(() => startCommand(io)));
  program
    .command('migrate')
    .description('mettre à jour le schéma de la base de données')
    .action(run(() => migrateCommand(io)));

  const coll = program.command('collectivite').description('gérer les collectivités membres');
  const add = coll.command('add').description('enregistrer une collectivité');
  for (const [flag, , help] of COLLECTIVITE_OPTIONS) add.option(`--${flag} <valeur>`, help);
  add.action((o: Record<string, string>) => {
    const byField: Record<string, string | undefined> = {};
    for (const [flag, field] of COLLECTIVITE_OPTIONS)
      byField[field] = o[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
    setResult(collectiviteAdd(io, byField));
  });
  coll
    .command('list')
    .description('lister les collectivités')
    .option('--json', 'sortie JSON')
    .action((o: { json?: boolean }) => setResult(collectiviteList(io, o)));
  coll
    .command('import <fichier>')
    .description('importer des collectivités depuis un fichier CSV (colonnes : voir le README)')
    .action((file: string) => setResult(collectiviteImport(io, file)));

  const user = program.command('user').description('gérer les personnes et leurs rôles');
  user
    .command('add')
    .description('ajouter une personne, ou lui donner des rôles dans une collectivité de plus')
    .option('--nom <nom>', 'prénom et nom')
    .option('--email <courriel>', 'adresse électronique')
    .option('--telephone <numéro>', 'téléphone')
    .option('--fonction <fonction>', 'fonction (secrétaire de mairie, maire…)')
    .option('--collectivite <siren>', 'SIREN de la collectivité')
    .option(
      '--roles <rôles>',
      'rôles séparés par des virgules : admin, preparer, transmitter, reader, archivist',
    )
    .option('--admin-syndicat', 'administrateur de toute la plateforme (syndicat)')
    .option(
      '--officier-ae',
      'officier d’enregistrement du syndicat (demandes de certificats, remises, révocations) ; avec --email seul, pour une personne existante',
    )
    .action((o) => setResult(userAdd(io, o)));
  user
    .command('list')
    .description('lister les personnes')
    .option('--collectivite <siren>', 'seulement les personnes de cette collectivité')
    .option('--json', 'sortie JSON')
    .action((o) => setResult(userList(io, o)));

  program
    .command('demo')
    .description('données de démonstration')
    .command('seed')
    .description('créer le syndicat de démonstration (85 communes, 4 communautés de communes)')
    .action(run(() => demoSeed(io)));

  program
    .command('doctor')
    .description('vérifier l’installation et la configuration')
    .action(run(() => doctorCommand(io)));

  addSimulateurCommand(program, SIMULATOR_SETTINGS, (flags) => setResult(simulateurCommand(io, flags)));

  const jobs = program.command('jobs').description('file des tâches de fond');
  jobs
    .command('list')
    .description('lister les tâches')
    .option('--etat <état>', 'pending, running, done ou dead')
    .option('--type <type>', 'type de tâche')
    .option('--limite <n>', 'nombre maximal de lignes', '50')
    .action((o) => setResult(jobsList(io, o)));
  jobs
    .command('retry [numero]')
    .description('relancer une tâche en échec définitif (ou toutes avec --toutes)')
    .option('--toutes', 'relancer toutes les tâches en échec définitif')
    .option('--type <type>', 'avec --toutes : seulement ce type de tâche')
    .action((id: string | undefined, o) => setResult(jobsRetry(io, id, o)));
  registerAuthCommands(program, io, setResult);
  return program;
}

function registerAuthCommands(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  const collect = (v: string, all: string[] = []) => [...all, v];
  const cert = program
    .command('cert')
    .description('certificats des personnes, autorités acceptées, révocations');
  cert
    .command('test <fichier>')
    .description(
      'dire si un certificat est accepté, pour quoi (connexion, télétransmission), et sinon pourquoi',
    )
    .action((file: string) => setResult(certTest(io, file)));
  cert
    .command('attach <fichier>')
    .description('rattacher un certificat à une personne (ou à plusieurs : certificat partagé)')
    .option('--email <courriel>', 'adresse de la personne titulaire (répétable)', collect)
    .action((file: string, o) => setResult(certAttach(io, file, o)));
  cert
    .command('list')
    .description('lister les certificats d’une personne')
    .option('--email <courriel>', 'adresse de la personne')
    .option('--tous', 'y compris les certificats détachés')
    .action((o) => setResult(certList(io, o)));
  cert
    .command('detach <identifiant>')
    .description('détacher un certificat de son titulaire (perte, départ)')
    .action((id: string) => setResult(certDetach(io, id)));
  cert
    .command('password')
    .description('donner un nouveau mot de passe à une personne qui partage un certificat')
    .option('--email <courriel>', 'adresse de la personne')
    .action((o) => setResult(certPassword(io, o)));
  cert
    .command('crl')
    .description('télécharger maintenant les listes de révocation des autorités')
    .action(() => setResult(certCrl(io)));
  cert
    .command('expirations')
    .description('lister les certificats qui expirent bientôt')
    .option('--jours <n>', 'horizon en jours', '90')
    .action((o) => setResult(certExpirations(io, o)));

  const reponses = program
    .command('reponses')
    .description('réponses de la préfecture sans acte correspondant');
  reponses
    .command('list')
    .description('lister les réponses qui n’ont trouvé aucun acte')
    .action(() => setResult(reponsesList(io)));
  reponses
    .command('retraiter <identifiant>')
    .description('traiter de nouveau une réponse, une fois la cause corrigée')
    .action((id: string) => setResult(reponsesReprocess(io, id)));

  const token = program.command('token').description('jetons d’accès à l’API des logiciels métier');
  token
    .command('create')
    .description('créer un jeton (affiché une seule fois)')
    .option('--collectivite <siren>', 'SIREN de la collectivité')
    .option('--nom <nom>', 'nom du jeton (le logiciel qui l’utilise)')
    .option(
      '--permissions <liste>',
      'permissions séparées par des virgules : collectivite.read, act.read, act.prepare, act.transmit, archive.read',
    )
    .option('--expire <date>', 'date d’expiration JJ/MM/AAAA')
    .action((o) => setResult(tokenCreate(io, o)));
  token
    .command('list')
    .description('lister les jetons d’une collectivité')
    .option('--collectivite <siren>', 'SIREN de la collectivité')
    .action((o) => setResult(tokenList(io, o)));
  token
    .command('revoke <identifiant>')
    .description('révoquer un jeton')
    .action((id: string) => setResult(tokenRevoke(io, id)));

  program
    .command('pki')
    .description('PKI de démonstration')
    .command('demo')
    .description('créer l’autorité, le certificat du serveur et ceux des personnes de démonstration')
    .option('--renouveler', 'refaire une PKI de démonstration neuve')
    .action((o) => setResult(pkiDemo(io, o)));

  program
    .command('securite')
    .description('sécurité de la plateforme')
    .command('journal')
    .description('afficher le journal de sécurité')
    .option('--limite <n>', 'nombre d’évènements', '50')
    .option('--type <type>', 'type d’évènement (signin, token.used…)')
    .option('--json', 'sortie JSON')
    .action((o) => setResult(securiteJournal(io, o)));
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  let result: Promise<number> | null = null;
  const program = buildProgram(io, (p) => {
    result = p;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!result) {
      io.out(program.helpInformation().trimEnd());
      return argv.length ? 2 : 0;
    }
    return await result;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.help' ||
        e.code === 'commander.version'
      )
        return 0;
      const translate = COMMANDER_MESSAGES[e.code];
      io.err(translate ? translate(e.message) : e.message);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 1;
    }
    if (isAppError(e)) {
      io.err(e.problems.length ? e.problems.map((p) => `- ${p.message}`).join('\n') : e.message);
      return 1;
    }
    io.err(`Erreur inattendue : ${(e as Error).message}`);
    return 1;
  }
}
