import { type RetryPolicy, retry } from '@overfly/resilience';

/**
 * Just after topics are created or leaders move, the admin client's metadata can be stale
 * and the broker answers NOT_LEADER_FOR_PARTITION, which Kafka marks retriable (kafkajs
 * carries that as the error's `retriable`) and kafkajs' admin does not retry by itself.
 * A few short retries let the metadata catch up (under 12 s of waiting in all).
 */
const ADMIN_RETRY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 15,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 0,
});

/** An admin call through packages/resilience's retrier with ADMIN_RETRY. */
export function adminCall<T>(call: () => Promise<T>): Promise<T> {
  return retry(call, ADMIN_RETRY);
}
