import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay } from './backoff.js';
import { ResilienceError } from './errors.js';
import { nextRetryDelay, type RetryPolicy, retry } from './retry.js';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 5_000,
};

describe('full-jitter backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 4, 60, 5_000].map((a) => backoffCeiling(a, policy))).toEqual([
      100, 200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });

  it('stays within [0, min(cap, base * 2^attempt)) for any random value', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.999_999]) {
        const delay = fullJitterDelay(attempt, policy, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads delays across the whole range', () => {
    expect(fullJitterDelay(2, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(2, policy, () => 0.5)).toBe(200);
    expect(fullJitterDelay(2, policy, () => 0.999_999)).toBe(399);
  });
});

describe('retry decision', () => {
  const half = () => 0.5;

  it('retries retriable errors with the jittered delay', () => {
    expect(
      nextRetryDelay(new ResilienceError('RESILIENCE_HTTP_SERVER_ERROR'), 1, policy, half),
    ).toBe(50);
    expect(nextRetryDelay(new ResilienceError('RESILIENCE_HTTP_TIMEOUT'), 2, policy, half)).toBe(
      100,
    );
  });

  it('never retries a client error, a bad body or an unknown error', () => {
    expect(
      nextRetryDelay(
        new ResilienceError('RESILIENCE_HTTP_CLIENT_ERROR', { status: 404 }),
        1,
        policy,
      ),
    ).toBeUndefined();
    expect(
      nextRetryDelay(new ResilienceError('RESILIENCE_HTTP_INVALID_JSON'), 1, policy),
    ).toBeUndefined();
    expect(nextRetryDelay(new Error('bug'), 1, policy)).toBeUndefined();
  });

  it('fails fast on an open breaker even though it is retriable later', () => {
    expect(
      nextRetryDelay(
        new ResilienceError('RESILIENCE_CIRCUIT_OPEN', { retryAfterMs: 10 }),
        1,
        policy,
      ),
    ).toBeUndefined();
  });

  it('waits at least what a 429 asked for, and gives up when that outlasts the budget', () => {
    const asked = new ResilienceError('RESILIENCE_HTTP_RATE_LIMITED', { retryAfterMs: 2_000 });
    expect(nextRetryDelay(asked, 1, policy, half)).toBe(2_000);
    const tooLong = new ResilienceError('RESILIENCE_HTTP_RATE_LIMITED', {
      retryAfterMs: 3_600_000,
    });
    expect(nextRetryDelay(tooLong, 1, policy, half)).toBeUndefined();
  });

  it('stops after maxAttempts', () => {
    expect(
      nextRetryDelay(new ResilienceError('RESILIENCE_HTTP_NETWORK'), 4, policy),
    ).toBeUndefined();
  });

  it('runs attempts until one succeeds, sleeping the decided delays', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new ResilienceError('RESILIENCE_HTTP_SERVER_ERROR', { status: 503 });
        return 'ok';
      },
      policy,
      { random: half, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe('ok');
    expect(slept).toEqual([50, 100]);
  });
});
