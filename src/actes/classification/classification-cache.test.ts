// The cache of built models: bounded, the least recently used collectivité dropped first.
import { describe, expect, it } from 'vitest';
import type { Classification } from './classification.ts';
import { createClassificationCache } from './classification-cache.ts';

const entry = (version: string) => ({
  version,
  model: {
    date: version,
    natures: [],
    matieres: [],
    hasTypology: false,
    byCode: new Map(),
  } as Classification,
});

describe('classification cache', () => {
  it('keeps one entry per collectivité, the last one set', () => {
    const cache = createClassificationCache();
    cache.set('a', entry('v1'));
    cache.set('b', entry('w1'));
    cache.set('a', entry('v2'));
    expect(cache.get('a')?.version).toBe('v2');
    expect(cache.get('b')?.version).toBe('w1');
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('drops the least recently used collectivité beyond its size', () => {
    const cache = createClassificationCache(2);
    cache.set('a', entry('v'));
    cache.set('b', entry('w'));
    cache.get('a');
    cache.set('c', entry('x'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe('v');
    expect(cache.get('c')?.version).toBe('x');
    expect(cache.size).toBe(2);
  });

  it('refuses a size below one', () => {
    expect(() => createClassificationCache(0)).toThrow(RangeError);
  });
});
