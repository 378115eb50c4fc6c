// A process's built classification models, each kept with the version of the stored row it was built
// from and handed out only after a read of that row confirmed the version (classification-store.ts).
// Why: reading the ~62 KB model and rebuilding it cost ~1 ms of CPU per check (node and PostgreSQL),
// twice per act, and under load its ~140 KB of objects per read outlived the young generation.
import type { Classification } from './classification.ts';

export interface CachedClassification {
  /** What identifies the stored row exactly (see getCurrentClassification). */
  version: string;
  /** Deep-frozen: one model is shared by every request of the process. */
  model: Classification;
}

export interface ClassificationCache {
  /** The entry held for a collectivité, whatever its version: the caller checks the version. */
  get(collectiviteId: string): CachedClassification | undefined;
  set(collectiviteId: string, entry: CachedClassification): void;
  readonly size: number;
}

/**
 * A cache of at most `maxEntries` collectivités, the least recently used dropped first. A built model
 * of the full 2.2 classification (290 matières) holds ~140 KB of heap: 256 of them ~36 MB; a demo has
 * 89 collectivités.
 */
export function createClassificationCache(maxEntries = 256): ClassificationCache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be ≥ 1');
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, CachedClassification>();
  return {
    get(collectiviteId) {
      const entry = entries.get(collectiviteId);
      if (entry) {
        entries.delete(collectiviteId);
        entries.set(collectiviteId, entry);
      }
      return entry;
    },
    set(collectiviteId, entry) {
      entries.delete(collectiviteId);
      entries.set(collectiviteId, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
