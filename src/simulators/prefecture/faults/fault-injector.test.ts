// Faults are drawn from a seeded PRNG (the same seed gives the same faults), bounded by their maximum
// count, changeable at runtime, and their settings are checked with French messages.
import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.ts';
import { parseFaultSettings } from './parse-fault-settings.ts';

const draws = (f: FaultInjector, n: number) => Array.from({ length: n }, () => f.shouldInject('dropMail'));

describe('FaultInjector', () => {
  it('gives the same faults for the same seed, and others for another seed', () => {
    const a = draws(new FaultInjector({ seed: 42, dropMail: { rate: 0.5 } }), 40);
    expect(draws(new FaultInjector({ seed: 42, dropMail: { rate: 0.5 } }), 40)).toEqual(a);
    expect(draws(new FaultInjector({ seed: 7, dropMail: { rate: 0.5 } }), 40)).not.toEqual(a);
    expect(a.filter(Boolean).length).toBeGreaterThan(5);
  });

  it('stops at the maximum count, and counts again when the rule is set again', () => {
    const f = new FaultInjector({ dropMail: { rate: 1, max: 2 } });
    expect(draws(f, 5)).toEqual([true, true, false, false, false]);
    expect(f.status().counts.dropMail).toBe(2);
    f.update({ dropMail: { rate: 1, max: 1 } });
    expect(draws(f, 3)).toEqual([true, false, false]);
    f.update({ dropMail: null });
    expect(draws(f, 3)).toEqual([false, false, false]);
    expect(f.status().settings).toEqual({});
  });

  it('never injects a kind that is not set, nor at rate 0', () => {
    const f = new FaultInjector({ httpError: { rate: 0 } });
    expect(f.shouldInject('httpError')).toBe(false);
    expect(f.shouldInject('latency')).toBe(false);
  });
});

describe('parseFaultSettings', () => {
  it('accepts known faults and null to turn one off', () => {
    expect(
      parseFaultSettings({ seed: 3, latency: { rate: 0.2, minMs: 10, maxMs: 50 }, dropMail: null }),
    ).toEqual({
      ok: true,
      value: { seed: 3, latency: { rate: 0.2, minMs: 10, maxMs: 50 }, dropMail: null },
    });
  });

  it('says in French what is wrong', () => {
    const r = parseFaultSettings({
      panne: {},
      httpError: { rate: 2, status: 404 },
      dropMail: { rate: 1, max: -1, x: 1 },
    });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toEqual([
      'Panne inconnue « panne » : choisissez parmi seed, latency, httpError, connectionReset, timeoutAfterBody, dropMail, duplicateMail, reorderMail.',
      'httpError.rate doit être un nombre entre 0 et 1 (probabilité de la panne).',
      'httpError.status doit être un code HTTP entre 500 et 599.',
      'dropMail.x : champ inconnu (champs possibles : rate, max).',
      'dropMail.max doit être un nombre entier positif (nombre maximal de pannes).',
    ]);
    expect(parseFaultSettings([]).ok).toBe(false);
  });
});
