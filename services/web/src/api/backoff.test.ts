import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff.js';

const middle = () => 0.5; // no jitter

describe('backoffMs', () => {
  it('starts at 0.5 s and doubles', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(a, middle))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('stops at 15 s however many attempts', () => {
    expect(backoffMs(5, middle)).toBe(15_000);
    expect(backoffMs(50, middle)).toBe(15_000);
    expect(backoffMs(5_000, middle)).toBe(15_000);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffMs(-3, middle)).toBe(500);
  });

  it('jitters by ±20 %', () => {
    expect(backoffMs(1, () => 0)).toBe(800);
    expect(backoffMs(1, () => 0.999_999)).toBe(1_200);
    expect(backoffMs(10, () => 0)).toBe(12_000);
    expect(backoffMs(10, () => 0.999_999)).toBe(18_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffMs(3);
      expect(d).toBeGreaterThanOrEqual(3_200);
      expect(d).toBeLessThanOrEqual(4_800);
      expect(Number.isInteger(d)).toBe(true);
    }
  });
});
