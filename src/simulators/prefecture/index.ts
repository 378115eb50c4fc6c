// The préfecture simulator: a real @CTES peer (HTTPS intake with mutual TLS, replies by e-mail, the
// préfecture's actions, faults, journal) for the tests, the demo mode and training. It depends on the
// codec and on pure kernel modules only.

export type { PublishInput } from './actions/manage-prefecture.ts';
export type { LetterRequest, LetterSent } from './actions/send-letter.ts';
export {
  DEFAULT_CLASSIFICATION_DATE,
  defaultClassification,
} from './classification/default-classification.ts';
export type { SimulatorOperations } from './control/control-server.ts';
export type { FaultKind, FaultRule, FaultSettings, FaultStatus } from './faults/fault-injector.ts';
export { parseFaultSettings } from './faults/parse-fault-settings.ts';
export { INTAKE_PATH } from './intake/intake-server.ts';
export type { JournalQuery, JournalReader } from './journal/journal.ts';
export type * from './journal/journal-entry.ts';
export type { ActState, LetterState } from './journal/simulator-state.ts';
export type { MailToSend, MailTransport, SmtpOptions } from './replies/mailer.ts';
export type { PrefectureSimulatorOptions, SimulatorTlsOptions } from './simulator-options.ts';
export { SimulatorOptionError } from './simulator-options.ts';
export {
  ActionError,
  type PrefectureSimulator,
  startPrefectureSimulator,
} from './start-prefecture-simulator.ts';
