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

  it("never before the server's Retry-After", () => {
    expect(retryAt(10, 1, schedule, 30_000, () => 1)).toBe(30_010);
    expect(retryAt(10, 6, schedule, 5, () => 0)).toBe(10 + 16_000);
  });
});
