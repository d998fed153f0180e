import { describe, expect, it } from 'vitest';
import { ResilienceError } from './errors.js';
import { nextRetryDelay, type RetryPolicy, retry, retryFactsOf } from './retry.js';

const policy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 5_000,
};
const half = () => 0.5;
const noSleep = async () => {};

/** An error of another package (kafkajs, @overfly/kafka, a service) that carries its flags. */
function flagged(retriable: boolean, extra: { failFast?: boolean; retryAfterMs?: number } = {}) {
  return Object.assign(new Error(retriable ? 'try again' : 'give up'), { retriable, ...extra });
}

describe('retryFactsOf', () => {
  it('reads retriable, failFast and retryAfterMs off any error that carries them', () => {
    expect(retryFactsOf(flagged(true, { retryAfterMs: 20 }))).toEqual({
      retriable: true,
      failFast: false,
      retryAfterMs: 20,
    });
    expect(retryFactsOf(flagged(true, { failFast: true }))).toEqual({
      retriable: true,
      failFast: true,
    });
    expect(
      retryFactsOf(new ResilienceError('RESILIENCE_CIRCUIT_OPEN', { retryAfterMs: 10 })),
    ).toEqual({
      retriable: true,
      failFast: true,
      retryAfterMs: 10,
    });
  });

  it('never retries what says nothing about itself', () => {
    expect(retryFactsOf(new Error('bug'))).toEqual({ retriable: false });
    expect(retryFactsOf('a string')).toEqual({ retriable: false });
    expect(retryFactsOf(Object.assign(new Error('odd'), { retriable: 'yes' }))).toEqual({
      retriable: false,
    });
  });
});

describe('retry on any error with a retriable flag', () => {
  it('retries a retriable error of another package with full jitter, then succeeds', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await retry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw flagged(true);
        return attempt;
      },
      policy,
      { random: half, sleep: async (ms) => void slept.push(ms) },
    );
    expect(result).toBe(3);
    expect(calls).toBe(3);
    expect(slept).toEqual([50, 100]);
  });

  it('rethrows the last failure, as it is, once the attempts are spent', async () => {
    const errors = [flagged(true), flagged(true), flagged(true)];
    let calls = 0;
    const thrown = await retry(
      async () => {
        throw errors[calls++];
      },
      policy,
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(thrown).toBe(errors[2]);
  });

  it('gives up at once on a non-retriable or fail-fast error', async () => {
    for (const error of [flagged(false), flagged(true, { failFast: true }), new Error('bug')]) {
      let calls = 0;
      const thrown = await retry(
        async () => {
          calls++;
          throw error;
        },
        policy,
        { sleep: noSleep },
      ).catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect(thrown).toBe(error);
    }
  });

  it('waits at least the retryAfterMs an error asks for, and not beyond maxRetryAfterMs', () => {
    expect(nextRetryDelay(flagged(true, { retryAfterMs: 700 }), 1, policy, half)).toBe(700);
    expect(nextRetryDelay(flagged(true, { retryAfterMs: 6_000 }), 1, policy, half)).toBe(undefined);
  });

  it('reads failures the caller’s way when given a classifier', async () => {
    // The Kafka consumer loop retries a handler's plain Error (an unexpected failure).
    const slept: number[] = [];
    let calls = 0;
    await retry(
      async () => {
        if (++calls < 2) throw new Error('flaky');
      },
      policy,
      {
        random: half,
        sleep: async (ms) => void slept.push(ms),
        classify: () => ({ retriable: true }),
      },
    );
    expect(calls).toBe(2);
    expect(slept).toEqual([50]);
  });

  it('tells onRetry each failed attempt and its delay', async () => {
    const seen: Array<{ attempt: number; delayMs: number }> = [];
    await retry(
      async (attempt) => {
        if (attempt < 3) throw flagged(true);
      },
      policy,
      {
        random: () => 0,
        sleep: noSleep,
        onRetry: ({ attempt, delayMs }) => seen.push({ attempt, delayMs }),
      },
    );
    expect(seen).toEqual([
      { attempt: 1, delayMs: 0 },
      { attempt: 2, delayMs: 0 },
    ]);
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = retry(
      async () => {
        throw flagged(true);
      },
      { ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      { random: () => 0.99, signal: controller.signal },
    );
    controller.abort();
    const thrown = await pending.catch((e: unknown) => e);
    expect((thrown as ResilienceError).code).toBe('RESILIENCE_REQUEST_ABORTED');
  });
});
