// Kernel: the small pieces every layer may use (errors, clock, logging, identifiers).
export * from './calendar.ts';
export * from './clock.ts';
export * from './errors.ts';
export * from './logger.ts';
export * from './siren.ts';
