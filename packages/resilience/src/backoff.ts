// Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And
// Jitter", 2015): spreading retries uniformly over [0, ceiling] de-synchronises callers
// that failed together, which plain exponential backoff does not.

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** No delay exceeds this, however many attempts have failed. */
  maxDelayMs: number;
}

/** Upper bound of the delay before retry number `attempt` (0 = first retry). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  // 2 ** attempt overflows to Infinity for huge attempts; Math.min still caps it.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
}

/** `random(0, min(cap, base * 2^attempt))`; `random` returns [0, 1) like Math.random. */
export function fullJitterDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
