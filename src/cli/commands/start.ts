// `relais start`: runs this process's roles until SIGTERM/SIGINT, then stops gracefully. The signal
// handlers are installed first, so that a stop asked for during start-up is graceful too.
import { createLogger } from '../../kernel/logger.ts';
import { type CliIo, readConfig } from '../context.ts';

export async function startCommand(io: CliIo): Promise<number> {
  const config = readConfig(io);
  const logger = createLogger(config.logLevel);
  let signals = 0;
  let requestStop: (signal: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => {
    requestStop = resolve;
  });
  const onSignal = (signal: string) => {
    signals++;
    if (signals > 1) {
      io.err('Arrêt forcé.');
      process.exit(1);
    }
    io.err(`Signal ${signal} reçu : Relais termine le travail en cours puis s’arrête…`);
    const timer = setTimeout(() => {
      io.err(`Le travail en cours ne s’est pas terminé en ${config.shutdownTimeoutS} s : arrêt forcé.`);
      process.exit(1);
    }, config.shutdownTimeoutS * 1000);
    timer.unref();
    requestStop(signal);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  // Loaded here so that the other commands do not pay for the whole platform.
  const { startRelais } = await import('../../main.ts');
  const relais = await startRelais(config, logger);
  const modeText = {
    demo: 'mode démonstration : les envois à la préfecture sont simulés',
    training: 'mode formation : les envois à la préfecture sont simulés',
    production: 'mode production',
  }[config.mode];
  io.err(`Relais est démarré (${modeText}, rôles : ${config.roles.join(', ')}).`);
  if (relais.url) io.err(`Ouvrez ${relais.url} dans votre navigateur.`);
  if (relais.simulatorConsoleUrl)
    io.err(`Préfecture simulée (pour jouer le rôle de la préfecture) : ${relais.simulatorConsoleUrl}`);
  io.err('Arrêt : Ctrl+C.');

  await stopRequested;
  try {
    await relais.stop();
    return 0;
  } catch (e) {
    io.err(`Erreur pendant l’arrêt : ${(e as Error).message}`);
    return 1;
  }
}
