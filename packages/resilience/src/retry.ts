// The one retrier. It reads the error's data (`retriable`, `failFast`, `retryAfterMs`) and
// nothing else, so no call site needs a retry loop of its own: the HTTP client, the Kafka
// consumer loop and the Kafka admin calls all go through `retry`.
import { type BackoffPolicy, fullJitterDelay } from './backoff.js';
import { ResilienceError } from './errors.js';

export interface RetryPolicy extends BackoffPolicy {
  /** Total attempts including the first; 1 disables retries. */
  maxAttempts: number;
  /**
   * Longest server-requested wait (Retry-After) worth waiting inside one call. Longer
   * waits (OpenSky answers hours once the daily credits are spent) are surfaced to the
   * caller with `retryAfterMs` so it can reschedule instead of blocking.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
});

/** What the retrier needs to know about a failure. */
export interface RetryFacts {
  /** Trying the same call again may succeed. */
  retriable: boolean;
  /** Waiting inside this call cannot help (e.g. an open breaker): surface it at once. */
  failFast?: boolean;
  /** The remote side asked to wait at least this long before the next attempt. */
  retryAfterMs?: number;
}

/**
 * The facts an error carries about itself: any error with a boolean `retriable` (this
 * package's, @overfly/kafka's, kafkajs', a service's own), with its optional `failFast`
 * and `retryAfterMs`. Anything else is a programming mistake, not a transient condition:
 * never retried.
 */
export function retryFactsOf(error: unknown): RetryFacts {
  if (typeof error !== 'object' || error === null) return { retriable: false };
  const tagged = error as { retriable?: unknown; failFast?: unknown; retryAfterMs?: unknown };
  if (typeof tagged.retriable !== 'boolean') return { retriable: false };
  return {
    retriable: tagged.retriable,
    failFast: tagged.failFast === true,
    ...(typeof tagged.retryAfterMs === 'number' ? { retryAfterMs: tagged.retryAfterMs } : {}),
  };
}

export interface RetryInfo {
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
  /** How to read a failure; `retryFactsOf` (the error's own flags) by default. */
  classify?: (error: unknown) => RetryFacts;
}

/**
 * Delay before the next attempt, or undefined to give up. `failedAttempt` is 1-based.
 * Full jitter, `random(0, min(maxDelayMs, baseDelayMs × 2^(failedAttempt-1)))`, but never
 * less than what the failure asked for with `retryAfterMs`.
 */
export function nextRetryDelay(
  error: unknown,
  failedAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  classify: (error: unknown) => RetryFacts = retryFactsOf,
): number | undefined {
  const facts = classify(error);
  if (!facts.retriable || facts.failFast) return undefined;
  if (failedAttempt >= policy.maxAttempts) return undefined;
  const retryAfter = facts.retryAfterMs ?? 0;
  if (retryAfter > policy.maxRetryAfterMs) return undefined;
  return Math.max(retryAfter, fullJitterDelay(failedAttempt - 1, policy, random));
}

/**
 * Runs `attemptFn` until it succeeds, or until a failure is not worth retrying (not
 * `retriable`, `failFast`, attempts spent, or a Retry-After beyond `maxRetryAfterMs`);
 * then rethrows that failure as it is.
 */
export async function retry<T>(
  attemptFn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptFn(attempt);
    } catch (error) {
      const delayMs = nextRetryDelay(error, attempt, policy, hooks.random, hooks.classify);
      if (delayMs === undefined) throw error;
      hooks.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, hooks.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(
        new ResilienceError('RESILIENCE_REQUEST_ABORTED', { detail: 'while waiting to retry' }),
      );
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(
        new ResilienceError('RESILIENCE_REQUEST_ABORTED', { detail: 'while waiting to retry' }),
      );
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
