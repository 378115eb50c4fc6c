// What the intake, the préfecture's actions and the control server share: options, state, journal,
// outbox, faults, the compiled schema, the current classification's model — and one lock, because every
// change to the state is a sequence of reads and journal writes that must not interleave with another.
import type { Classification } from '../../actes/index.ts';
import type { CompiledXsd } from '../../actes/protocol/xsd-validator.ts';
import type { FaultInjector } from './faults/fault-injector.ts';
import type { Journal } from './journal/journal.ts';
import type { JournalEntry, JournalEvent } from './journal/journal-entry.ts';
import { applyEntry, type SimulatorState } from './journal/simulator-state.ts';
import type { Outbox } from './replies/outbox.ts';
import type { ReplyContext } from './replies/reply-mail.ts';
import type { ResolvedOptions } from './simulator-options.ts';

export interface SimulatorContext {
  options: ResolvedOptions;
  state: SimulatorState;
  journal: Journal;
  outbox: Outbox;
  faults: FaultInjector;
  schema: CompiledXsd;
  /** The model of the current classification, built once per version (see classification-model.ts). */
  classification(): Classification;
  replies: ReplyContext;
  /** Writes the event to the journal, then applies it to the state. */
  record(event: JournalEvent): JournalEntry;
  /** Runs `fn` after every change already queued, one at a time. */
  serialize<T>(fn: () => Promise<T>): Promise<T>;
}

export function recorder(journal: Journal, state: SimulatorState, now: () => Date) {
  return (event: JournalEvent): JournalEntry => {
    const entry = journal.append(event, now());
    applyEntry(state, entry);
    return entry;
  };
}

export function serializer(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
