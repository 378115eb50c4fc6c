// The `relais` command: parses the arguments, runs one command, prints French messages and
// returns the exit code (0 success, 1 refused or failed, 2 usage error).
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.ts';
import { isAppError } from '../kernel/errors.ts';
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
import { startCommand } from './commands/start.ts';
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
  return program;
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
