import { describe, expect, it } from 'vitest';
import { mulberry32, rngFor, streamSeed } from './prng.js';

describe('the seeded generator', () => {
  it('repeats its sequence for a seed, and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const sequence = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sequence);
    expect(mulberry32(43).next()).not.toBe(sequence[0]);
  });

  it('gives the first value of the reference mulberry32 for seed 0', () => {
    // bryc/code PRNGs.md: mulberry32(0) first returns 1144304738 / 2^32.
    expect(mulberry32(0).next() * 4_294_967_296).toBe(1_144_304_738);
  });

  it('keeps its draws in range', () => {
    const rng = mulberry32(1);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
  });

  it('gives each stream path its own seed', () => {
    const seeds = new Set<number>();
    for (let group = 0; group < 10; group++)
      for (let slot = 0; slot < 100; slot++) seeds.add(streamSeed(7, group, slot));
    expect(seeds.size).toBe(1_000);
    expect(rngFor(7, 1, 2).next()).toBe(rngFor(7, 1, 2).next());
  });
});
