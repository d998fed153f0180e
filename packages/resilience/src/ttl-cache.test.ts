import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.js';

function clock(start = 1_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TTL cache', () => {
  it('returns a value set within its TTL', () => {
    const time = clock();
    const cache = createTtlCache<string>({ ttlMs: 100, maxEntries: 10, now: time.now });
    cache.set('GET /a', 'A');
    time.advance(99);
    expect(cache.get('GET /a')).toBe('A');
  });

  it('expires a value once its TTL has passed', () => {
    const time = clock();
    const cache = createTtlCache<string>({ ttlMs: 100, maxEntries: 10, now: time.now });
    cache.set('GET /a', 'A');
    cache.set('GET /b', 'B', 500);
    time.advance(100);
    expect(cache.get('GET /a')).toBeUndefined();
    expect(cache.get('GET /b')).toBe('B');
    expect(cache.size).toBe(1);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, maxEntries: 2 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('rejects nonsensical options with RESILIENCE_INVALID_OPTIONS', () => {
    expect(() => createTtlCache({ ttlMs: 0, maxEntries: 1 })).toThrow(/RESILIENCE_INVALID_OPTIONS/);
    expect(() => createTtlCache({ ttlMs: 10, maxEntries: 0 })).toThrow(
      /RESILIENCE_INVALID_OPTIONS/,
    );
  });
});
