// Typed configuration, parsed once at start and frozen.

export { KEYS, type KeyName } from './keys.ts';
export { type Config, ConfigError, type LoadOptions, loadConfig } from './load-config.ts';
