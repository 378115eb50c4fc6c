// The simulator's journal: one JSON line per event in {dataDir}/journal.jsonl, written and fsync'd before
// the event takes effect, read back at start (a torn last line from a crash is ignored), and queryable.
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { JournalEntry, JournalEntryType, JournalEvent } from './journal-entry.ts';

export interface JournalQuery {
  type?: JournalEntryType | readonly JournalEntryType[];
  siren?: string;
  idActe?: string;
  /** Only entries whose seq is greater. */
  after?: number;
  /** At most this many entries (the oldest first). */
  limit?: number;
}

export interface JournalReader {
  entries(): readonly JournalEntry[];
  query(q?: JournalQuery): JournalEntry[];
  /** Resolves with the first entry (already written or to come) matching `match`; rejects after timeoutMs. */
  waitFor(match: (e: JournalEntry) => boolean, timeoutMs?: number): Promise<JournalEntry>;
}

export interface Journal extends JournalReader {
  append(event: JournalEvent, at: Date): JournalEntry;
  close(): void;
}

function matches(e: JournalEntry, q: JournalQuery): boolean {
  if (q.type !== undefined) {
    const types: readonly string[] = typeof q.type === 'string' ? [q.type] : q.type;
    if (!types.includes(e.type)) return false;
  }
  if (q.after !== undefined && e.seq <= q.after) return false;
  const withIds = e as { siren?: string; idActe?: string };
  if (q.siren !== undefined && withIds.siren !== q.siren) return false;
  if (q.idActe !== undefined && withIds.idActe !== q.idActe) return false;
  return true;
}

function readLines(file: string): JournalEntry[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const entries: JournalEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch (e) {
      // Only the last line may be torn (a crash in the middle of a write); anything else is damage.
      if (i < lines.length - 2)
        throw new Error(`Journal ${file} endommagé à la ligne ${i + 1} : ${String(e)}`);
    }
  }
  return entries;
}

/** Opens (or creates) the journal of `dataDir`; `durable` fsyncs every line (default true). */
export function openJournal(dataDir: string, options: { durable?: boolean } = {}): Journal {
  const file = path.join(dataDir, 'journal.jsonl');
  const entries = readLines(file);
  const durable = options.durable ?? true;
  const fd = openSync(file, 'a');
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let seq = entries.at(-1)?.seq ?? 0;
  let closed = false;

  const reader: JournalReader = {
    entries: () => entries,
    query(q = {}) {
      const found = entries.filter((e) => matches(e, q));
      return q.limit !== undefined ? found.slice(0, q.limit) : found;
    },
    waitFor(match, timeoutMs = 10_000) {
      const already = entries.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const onEntry = (e: JournalEntry) => {
          if (!match(e)) return;
          clearTimeout(timer);
          events.off('entry', onEntry);
          resolve(e);
        };
        const timer = setTimeout(() => {
          events.off('entry', onEntry);
          reject(new Error(`Aucune entrée attendue dans le journal après ${timeoutMs} ms`));
        }, timeoutMs);
        events.on('entry', onEntry);
      });
    },
  };

  return {
    ...reader,
    append(event, at) {
      if (closed) throw new Error('Le journal du simulateur est fermé.');
      seq += 1;
      const entry = { seq, at: at.toISOString(), ...event } as JournalEntry;
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      if (durable) fsyncSync(fd);
      entries.push(entry);
      events.emit('entry', entry);
      return entry;
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}
