import { describe, expect, it } from 'vitest';
import { retryAt } from './backoff.js';

const schedule = { maxAttempts: 8, baseMs: 1_000, capMs: 60_000 };

describe('when a failed delivery is tried again', () => {
  it('doubles the ceiling per attempt, with half of it fixed and half random', () => {
    expect(retryAt(0, 1, schedule, undefined, () => 0)).toBe(500);
    expect(retryAt(0, 1, schedule, undefined, () => 1)).toBe(1_000);
    expect(retryAt(0, 4, schedule, undefined, () => 0)).toBe(4_000);
    expect(retryAt(0, 20, schedule, undefined, () => 1)).toBe(60_000);
  });

  it('is a whole number of milliseconds (the ledger stores it as bigint)', () => {
    for (const r of [0.123, 0.5, 0.987654]) {
      const at = retryAt(1_796_308_847_000, 3, schedule, undefined, () => r);
      expect(Number.isInteger(at)).toBe(true);
      expect(at).toBe(Math.ceil(1_796_308_847_000 + 2_000 + r * 2_000));
    }
    expect(Number.isInteger(retryAt(0.5, 1, schedule, 1_000.25, () => 0))).toBe(true);
  });

  it("never before the server's Retry-After", () => {
    expect(retryAt(10, 1, schedule, 30_000, () => 1)).toBe(30_010);
    expect(retryAt(10, 6, schedule, 5, () => 0)).toBe(10 + 16_000);
  });
});
