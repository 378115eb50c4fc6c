// `relais simulateur`: runs the préfecture simulator on its own (tests by hand, demo, training) until
// Ctrl+C or SIGTERM. It reads its own options and RELAIS_SIMULATEUR_* variables, not the platform's.
import type { Command } from 'commander';
import type { CliIo } from '../context.ts';

export async function simulateurCommand(
  io: CliIo,
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  // Loaded here so that the other commands do not pay for the simulator.
  const { readSimulatorSettings, runSimulator, SimulatorOptionError } = await import(
    '../../simulators/prefecture/cli/index.ts'
  );
  let settings: ReturnType<typeof readSimulatorSettings>;
  try {
    settings = readSimulatorSettings(flags, io.env, io.cwd);
  } catch (e) {
    if (e instanceof SimulatorOptionError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  }
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    await runSimulator(settings, { out: io.out }, stop);
    return 0;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err instanceof SimulatorOptionError) io.err(err.message);
    else if (err.code === 'EADDRINUSE')
      io.err(
        `Le port est déjà utilisé (${err.message}) : choisissez-en un autre avec --port-depot ou --port-console.`,
      );
    else io.err(`Le simulateur n'a pas pu démarrer : ${err.message}`);
    return 1;
  }
}

/** Declares `relais simulateur` and its options on `program`. */
export function addSimulateurCommand(
  program: Command,
  settings: readonly (readonly [string, string, string, string, string])[],
  run: (flags: Record<string, string | boolean | undefined>) => void,
): void {
  const cmd = program
    .command('simulateur')
    .description('démarrer le simulateur de préfecture (dépôt HTTPS, réponses par courriel, console)');
  for (const [, flag, variable, fallback, help] of settings)
    cmd.option(flag, `${help} [${variable}, défaut : ${fallback}]`);
  cmd.action((flags: Record<string, string | boolean | undefined>) => run(flags));
}
