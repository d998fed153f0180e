import type {
  BreakerOptions,
  RateLimitOptions,
  ResilienceEvent,
  RetryPolicy,
} from '@overfly/resilience';

/** What every external client of ops-feed is built with; tests shrink the timings. */
export interface ApiClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  breaker?: BreakerOptions;
  rateLimit?: RateLimitOptions;
  retry?: Partial<RetryPolicy>;
  /** TTL of the response cache (successful GETs by URL); off unless given. */
  cacheTtlMs?: number;
  onEvent?: (event: ResilienceEvent) => void;
}
