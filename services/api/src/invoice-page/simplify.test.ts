import { describe, expect, it } from 'vitest';
import { simplify } from './simplify.js';

describe('simplify', () => {
  it('drops points closer than the tolerance to the last kept, keeping both ends', () => {
    const ring = [
      [0, 0],
      [0.2, 0],
      [0.4, 0],
      [10, 0],
      [10, 10],
      [10.3, 10.1],
      [0, 0],
    ] as const;
    expect(simplify(ring, 1)).toEqual([
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 0],
    ]);
  });

  it('keeps everything at tolerance 0, and short lines as they are', () => {
    const line = [
      [0, 0],
      [0, 0.1],
      [0, 0.2],
    ] as const;
    expect(simplify(line, 0)).toEqual(line);
    expect(simplify(line.slice(0, 2), 5)).toEqual(line.slice(0, 2));
  });

  it('bounds a dense boundary by its length over the tolerance', () => {
    const dense = Array.from({ length: 100_001 }, (_, i) => [i / 1000, 0] as const);
    expect(simplify(dense, 1).length).toBeLessThanOrEqual(102);
  });
});
