// The one retrier. It reads the error's data (`retriable`, `failFast`, `retryAfterMs`) and
// nothing else, so no call site needs a retry loop of its own.
import { type BackoffPolicy, fullJitterDelay } from './backoff.js';
import { isResilienceError, ResilienceError } from './errors.js';

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

export interface RetryInfo {
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  error: ResilienceError;
}

export interface RetryHooks {
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onRetry?: (info: RetryInfo) => void;
  signal?: AbortSignal;
}

/**
 * Delay before the next attempt, or undefined to give up. `failedAttempt` is 1-based.
 */
export function nextRetryDelay(
  error: unknown,
  failedAttempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  // Unknown errors are programming mistakes, not transient conditions: never retried.
  if (!isResilienceError(error) || !error.retriable || error.failFast) return undefined;
  if (failedAttempt >= policy.maxAttempts) return undefined;
  const retryAfter = error.retryAfterMs ?? 0;
  if (retryAfter > policy.maxRetryAfterMs) return undefined;
  return Math.max(retryAfter, fullJitterDelay(failedAttempt - 1, policy, random));
}

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
      const delayMs = nextRetryDelay(error, attempt, policy, hooks.random);
      if (delayMs === undefined || !isResilienceError(error)) throw error;
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
