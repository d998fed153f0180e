/**
 * The engine's only source of randomness: mulberry32 (Tommy Ettinger, public domain), a
 * 32-bit generator with a 2^32 period, plenty for picking airports and jitter. Never
 * Math.random: the same seed must give the same bytes on every machine.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** A whole number in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/**
 * A 32-bit seed from the scenario seed and a path of integers (group, slot, leg…), so each
 * flight draws from its own stream: what one flight draws never shifts another's numbers.
 * The mixing step is the murmur3 32-bit finaliser (Austin Appleby, public domain).
 */
export function streamSeed(seed: number, ...path: readonly number[]): number {
  let h = mix((seed >>> 0) ^ 0x9e3779b9);
  for (const part of path) h = mix((h ^ mix(part >>> 0)) + 0x9e3779b9);
  return h;
}

function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A generator for the stream `path` of `seed`. */
export function rngFor(seed: number, ...path: readonly number[]): Rng {
  return mulberry32(streamSeed(seed, ...path));
}
