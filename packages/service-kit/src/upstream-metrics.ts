import type { Metrics } from '@overfly/observability';
import { type BreakerState, upstreamSnapshot } from '@overfly/resilience';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every service's series of the external services it calls, read from packages/resilience's
 * list of this process's breakers, HTTP clients and named rate limiters when scraped (`client` is the name the
 * client was given: opensky, aviationweather, sms, webhook:<origin>, smtp, …):
 * - `overfly_upstream_breaker_state{client}`: 0 closed, 1 half-open, 2 open (the worst of a
 *   name's breakers);
 * - `overfly_upstream_calls_total{client}`: calls made by the service, cache hits included;
 * - `overfly_upstream_attempts_total{client,outcome}`: attempts that reached the remote side,
 *   by outcome `success`, `failure` or `timeout`;
 * - `overfly_upstream_attempt_seconds_total{client}`: time in those attempts (the mean per
 *   attempt is its rate over the attempts' rate);
 * - `overfly_upstream_events_total{client,event}`: `breaker_rejected` (failed fast, nothing
 *   sent), `rate_limited` (a 429 answered, or a call refused during a long hold), `retry`
 *   (an attempt to be made again), `cache_hit` (answered from the client's cache);
 * - `overfly_upstream_queue{client,state}`: requests `queued` in the rate limiter (waiting
 *   for a token or a 429's hold) and `running`;
 * - `overfly_upstream_hold_seconds{client}`: time left on a 429's hold.
 */
export function upstreamMetrics(metrics: Metrics): void {
  metrics.sampledGauge(
    'overfly_upstream_breaker_state',
    'Circuit breaker of each external service client: 0 closed, 1 half-open, 2 open',
    ['client'],
    (set) => {
      const worst = new Map<string, number>();
      for (const b of upstreamSnapshot().breakers)
        worst.set(b.name, Math.max(worst.get(b.name) ?? 0, BREAKER_VALUE[b.state]));
      for (const [client, value] of worst) set({ client }, value);
    },
  );
  metrics.sampledCounter(
    'overfly_upstream_calls_total',
    'Calls to an external service client, cache hits included',
    ['client'],
    (set) => {
      for (const c of upstreamSnapshot().clients) set({ client: c.name }, c.counts.calls);
    },
  );
  metrics.sampledCounter(
    'overfly_upstream_attempts_total',
    'Requests that reached an external service, by outcome (success, failure, timeout)',
    ['client', 'outcome'],
    (set) => {
      for (const { name: client, counts } of upstreamSnapshot().clients) {
        set({ client, outcome: 'success' }, counts.successes);
        set({ client, outcome: 'failure' }, counts.failures - counts.timeouts);
        set({ client, outcome: 'timeout' }, counts.timeouts);
      }
    },
  );
  metrics.sampledCounter(
    'overfly_upstream_attempt_seconds_total',
    'Time spent in requests that reached an external service',
    ['client'],
    (set) => {
      for (const c of upstreamSnapshot().clients) set({ client: c.name }, c.counts.attemptSeconds);
    },
  );
  metrics.sampledCounter(
    'overfly_upstream_events_total',
    'What an external service client did besides asking: breaker_rejected, rate_limited, retry, cache_hit',
    ['client', 'event'],
    (set) => {
      for (const { name: client, counts } of upstreamSnapshot().clients) {
        set({ client, event: 'breaker_rejected' }, counts.breakerRejections);
        set({ client, event: 'rate_limited' }, counts.rateLimited);
        set({ client, event: 'retry' }, counts.retries);
        set({ client, event: 'cache_hit' }, counts.cacheHits);
      }
    },
  );
  metrics.sampledGauge(
    'overfly_upstream_queue',
    "Requests in an external service client's rate limiter: queued or running",
    ['client', 'state'],
    (set) => {
      for (const { name: client, load } of upstreamSnapshot().limiters) {
        set({ client, state: 'queued' }, load.queued);
        set({ client, state: 'running' }, load.running);
      }
    },
  );
  metrics.sampledGauge(
    'overfly_upstream_hold_seconds',
    "Time left before a client sends again after an external service's 429",
    ['client'],
    (set) => {
      for (const l of upstreamSnapshot().limiters) set({ client: l.name }, l.holdMs / 1_000);
    },
  );
}
