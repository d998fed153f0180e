export type { BackoffPolicy } from './backoff.js';
export { backoffCeiling, fullJitterDelay } from './backoff.js';
export type { Breaker, BreakerOptions, BreakerState } from './breaker.js';
export { createBreaker, DEFAULT_BREAKER } from './breaker.js';
export type {
  ResilienceErrorCode,
  ResilienceErrorOptions,
  ResilienceErrorSpec,
} from './errors.js';
export { isResilienceError, ResilienceError, resilienceErrors } from './errors.js';
export type {
  HttpCacheOptions,
  HttpClient,
  HttpClientOptions,
  HttpClientStats,
  HttpMethod,
  HttpRequest,
  HttpResponse,
  ParseMode,
  QueryValue,
  RequestOptions,
  ResilienceEvent,
  ResilienceEventType,
} from './http-client.js';
export { createHttpClient } from './http-client.js';
export type { MockHandler, MockRequest, MockResponse } from './mock.js';
export { mockRoutes } from './mock.js';
export type { LimiterLoad, RateLimiter, RateLimitOptions } from './rate-limit.js';
export { createRateLimiter, DEFAULT_RATE_LIMIT, retryAfterMsFromHeaders } from './rate-limit.js';
export type { RetryFacts, RetryHooks, RetryInfo, RetryPolicy } from './retry.js';
export {
  abortableSleep,
  DEFAULT_RETRY_POLICY,
  nextRetryDelay,
  retry,
  retryFactsOf,
} from './retry.js';
export type { TtlCache, TtlCacheOptions } from './ttl-cache.js';
export { createTtlCache } from './ttl-cache.js';
export type { BreakerView, ClientView, UpstreamSnapshot } from './upstreams.js';
export { upstreamSnapshot } from './upstreams.js';
