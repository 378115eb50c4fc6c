// Every member's certificates (from requests and from accounts) and the board's figures: RA officers only.
export { type BoardFigures, unsafeBoardFigures } from './board-figures.ts';
export {
  ACCOUNT_STATES,
  EXPIRING_DAYS,
  isRegistryState,
  REGISTRY_STATES,
  type RegistryEntry,
  type RegistryFilters,
  type RegistryState,
  USE_WINDOW_DAYS,
  unsafeListRegistry,
} from './list-registry.ts';
