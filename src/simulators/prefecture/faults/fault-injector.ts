// Bounded, seeded fault injection: each kind of fault has a rate (0–1) and a maximum count; draws come
// from one seeded PRNG so that a run can be replayed. Settings can change while the simulator runs
// (the count of a rule restarts when the rule is set again).

export const FAULT_KINDS = [
  'latency',
  'httpError',
  'connectionReset',
  'timeoutAfterBody',
  'dropMail',
  'duplicateMail',
  'reorderMail',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** Probability of the fault at each opportunity, 0 to 1. */
  rate: number;
  /** Most faults of this kind (from when the rule was set); default: no limit. */
  max?: number;
}

export interface FaultSettings {
  /** Seed of the PRNG (default 1). Setting it again restarts the sequence. */
  seed?: number;
  /** Waits before answering a deposit. */
  latency?: FaultRule & { minMs?: number; maxMs?: number };
  /** Answers a deposit with an HTTP error (default 503), the act NOT received. */
  httpError?: FaultRule & { status?: number };
  /** Destroys the connection before reading the deposit: the act is NOT received. */
  connectionReset?: FaultRule;
  /** Receives and processes the deposit, then never answers: the act IS received. */
  timeoutAfterBody?: FaultRule;
  /** A reply mail is lost. */
  dropMail?: FaultRule;
  /** A reply mail is sent twice. */
  duplicateMail?: FaultRule;
  /** A reply mail is held back until the next one has left (or holdMs has passed). */
  reorderMail?: FaultRule & { holdMs?: number };
}

export interface FaultStatus {
  settings: FaultSettings;
  /** Faults injected per kind since their rule was last set. */
  counts: Record<FaultKind, number>;
}

/** mulberry32: small, fast, good enough to decide faults reproducibly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zeroCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private counts = zeroCounts();
  private random: () => number = mulberry32(1);

  constructor(initial: FaultSettings = {}) {
    this.update(initial);
  }

  /** Merges `changes` into the settings; a kind set to null is turned off. */
  update(changes: { [K in keyof FaultSettings]?: FaultSettings[K] | null }): void {
    const next: Record<string, unknown> = { ...this.settings };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
      if (key in this.counts) this.counts[key as FaultKind] = 0;
    }
    this.settings = next as FaultSettings;
    if (changes.seed !== undefined) this.random = mulberry32(changes.seed ?? 1);
  }

  status(): FaultStatus {
    return { settings: structuredClone(this.settings), counts: { ...this.counts } };
  }

  /** Draws once for `kind`; true means: inject the fault now (and it is counted). */
  shouldInject(kind: FaultKind): boolean {
    const rule = this.settings[kind];
    if (!rule || rule.rate <= 0) return false;
    if (rule.max !== undefined && this.counts[kind] >= rule.max) return false;
    if (this.random() >= rule.rate) return false;
    this.counts[kind] += 1;
    return true;
  }

  /** The delay to add for an injected latency, in milliseconds. */
  latencyMs(): number {
    const min = this.settings.latency?.minMs ?? 1000;
    const max = Math.max(min, this.settings.latency?.maxMs ?? min);
    return Math.round(min + this.random() * (max - min));
  }

  httpStatus(): number {
    return this.settings.httpError?.status ?? 503;
  }

  reorderHoldMs(): number {
    return this.settings.reorderMail?.holdMs ?? 60_000;
  }
}
