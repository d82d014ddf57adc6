import { describe, expect, it } from 'vitest';
import { createDiscoveryCache } from './discovery-cache.js';

describe('createDiscoveryCache', () => {
  it('shares one load per key within the TTL, reloads after it, and keeps failures for the TTL too', async () => {
    let now = 0;
    const cache = createDiscoveryCache({ ttlMs: 1000, now: () => now });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', load)).toBe(1);
    now = 1000;
    expect(await cache.get('a', load)).toBe(2);
    let failures = 0;
    const failing = () => Promise.reject(new Error(`denied ${++failures}`));
    await expect(cache.get('b', failing)).rejects.toThrow('denied 1');
    await expect(cache.get('b', failing)).rejects.toThrow('denied 1');
    expect(failures).toBe(1);
    cache.clear();
    await expect(cache.get('b', failing)).rejects.toThrow('denied 2');
  });

  it('is bounded: the oldest entries go first', async () => {
    const cache = createDiscoveryCache({ ttlMs: 60_000, maxEntries: 2 });
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('c', load);
    expect(await cache.get('b', load)).toBe(2);
    expect(await cache.get('a', load)).toBe(4);
  });
});
