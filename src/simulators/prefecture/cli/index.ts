// What `relais simulateur` needs: its settings, the demonstration certificates and the run loop.
export { SimulatorOptionError } from '../simulator-options.ts';
export { demoPkiFiles, ensureDemoPki } from './demo-pki.ts';
export { runSimulator } from './run-simulator.ts';
export { SIMULATOR_SETTINGS, type SimulatorFlags } from './simulator-flags.ts';
export { readSimulatorSettings } from './simulator-settings.ts';
