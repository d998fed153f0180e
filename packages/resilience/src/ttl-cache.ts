// A small TTL cache with least-recently-used eviction. A Map keeps insertion order, so
// re-inserting on every hit makes its first key the least recently used one.
import { ResilienceError } from './errors.js';

export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Injected clock so expiry is testable without sleeping. */
  now?: () => number;
}

export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, ttlMs?: number): void;
  delete(key: string): boolean;
  clear(): void;
  readonly size: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export function createTtlCache<V>(options: TtlCacheOptions): TtlCache<V> {
  if (!(options.ttlMs > 0) || !Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new ResilienceError('RESILIENCE_INVALID_OPTIONS', {
      detail: `cache needs ttlMs > 0 and an integer maxEntries >= 1 (got ttlMs=${options.ttlMs}, maxEntries=${options.maxEntries})`,
    });
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlMs = options.ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    delete(key) {
      return entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
